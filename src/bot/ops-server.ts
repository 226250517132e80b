// The operations endpoints (OPS_PORT, bound to OPS_HOST: 127.0.0.1 unless told otherwise), a plain node:http
// server for supervisors and Prometheus:
//   GET /healthz  200 "ok": the process answers (a liveness check: restart it when this fails)
//   GET /readyz   200 "ready", or 503 with one line per probe that failed (e.g. "discord: not connected")
//   GET /metrics  the registry in the Prometheus text format
// Readiness is a list of named probes, each answering null (ready) or why not, so another host of the bot (a shard,
// an HTTP interactions endpoint) can serve the same endpoints with its own probes and registry.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ReadinessProbe {
  name: string;
  /** Null when ready, else a short reason ("not connected", "stopping"). Must be cheap: it runs on every /readyz. */
  check(): string | null;
}

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (see `url`). */
  port: number;
  registry: Registry;
  probes: readonly ReadinessProbe[];
}

export interface OpsServer {
  /** http://host:port of the bound server. */
  url: string;
  close(): Promise<void>;
}

/** The readiness answer: every probe's verdict, ready only when all are. */
export function readiness(probes: readonly ReadinessProbe[]): { ready: boolean; lines: string[] } {
  const verdicts = probes.map((probe) => {
    let reason: string | null;
    try {
      reason = probe.check();
    } catch (error) {
      reason = `probe failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    return { name: probe.name, reason };
  });
  return {
    ready: verdicts.every((verdict) => verdict.reason === null),
    lines: verdicts.map(({ name, reason }) => `${name}: ${reason ?? 'ok'}`),
  };
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    answer(req, res, options).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.destroy();
    });
  });
  // Probes are short requests: idle keep-alive connections must not hold the process open at exit.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, options: OpsServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://ops').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'method not allowed\n');
    return;
  }
  switch (path) {
    case '/healthz':
      send(res, 200, 'ok\n');
      return;
    case '/readyz': {
      const { ready, lines } = readiness(options.probes);
      send(res, ready ? 200 : 503, `${ready ? 'ready' : 'not ready'}\n${lines.join('\n')}\n`);
      return;
    }
    case '/metrics':
      send(res, 200, await options.registry.metrics(), options.registry.contentType);
      return;
    default:
      send(res, 404, 'not found: try /healthz, /readyz or /metrics\n');
  }
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
