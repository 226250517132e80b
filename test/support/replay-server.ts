// A local HTTP server on 127.0.0.1 that replays real-format fixtures and injects failures (429, 5xx, slow
// responses, garbage), recording every request so tests can assert on headers and pacing.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayResponse {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMs?: number;
}

/** A route answers with one response, or with each of a list in turn (the last one repeats). */
export type Route = ReplayResponse | ReplayResponse[] | ((request: RecordedRequest) => ReplayResponse);

export interface RecordedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface ReplayServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Sets or replaces the route for a path (without query string). */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startReplayServer(routes: Record<string, Route> = {}): Promise<ReplayServer> {
  const table = new Map<string, Route>(Object.entries(routes));
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      url,
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(recorded);
    const route = table.get(url.pathname);
    let response: ReplayResponse;
    if (route === undefined) response = { status: 404, body: 'not found' };
    else if (typeof route === 'function') response = route(recorded);
    else if (Array.isArray(route)) {
      const index = served.get(url.pathname) ?? 0;
      served.set(url.pathname, index + 1);
      response = route[Math.min(index, route.length - 1)] ?? { status: 500 };
    } else response = route;
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(response.status ?? 200, response.headers ?? {});
      res.end(response.body ?? '');
    };
    if (response.delayMs) setTimeout(send, response.delayMs).unref();
    else send();
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (path, route) => {
      table.set(path, route);
      served.delete(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
