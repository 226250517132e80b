// Discord's outgoing-webhook mode: with INTERACTIONS_PORT set, the bot answers slash commands on `POST /interactions`
// instead of the gateway (no gateway connection: set the URL as the application's Interactions Endpoint URL in the
// Developer Portal, and Discord POSTs every interaction there). Several processes behind a load balancer can serve
// one application. Each request is checked before anything else is done with it: a body over MAX_BODY_BYTES is
// refused (413), a missing or bad Ed25519 signature or a stale timestamp is refused (401: Discord sends bad ones on
// purpose when the URL is saved, and removes endpoints that accept them), a body that is no JSON or not shaped like an
// interaction is refused (400).
// PING gets PONG; commands and autocomplete go to the same router as the gateway's (router.ts), whose first response
// becomes the HTTP answer. Discord does not take files in that answer, so a reply with files (a chart) is answered
// with a deferral (type 5, ephemeral when the reply is) and then sent by PATCH on the interaction's original message,
// as multipart; every later response goes through the interaction's webhook, as on the gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, InteractionType, MessageFlags, REST, type APIInteraction, type APIInteractionResponse } from 'discord.js';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../core/log.js';
import type { UploadFile } from '../core/payload.js';
import type { CommandContext, CommandModule } from './command.js';
import { inFlight } from './in-flight.js';
import {
  createInteractionRest,
  interactionWebhook,
  reportingRequest,
  type FirstResponse,
  type InteractionHost,
  type RestErrorListener,
} from './interaction.js';
import { createRouter, type RouterOptions } from './router.js';
import { checkSignature, interactionPublicKey } from './signature.js';

/** Interactions are a few kilobytes; this leaves room for large resolved data and refuses anything bigger. */
export const MAX_BODY_BYTES = 256 * 1024;
export const INTERACTIONS_PATH = '/interactions';
/** Discord's deadline for the first response; an answer later than this is logged. */
const DEADLINE_MS = 3000;
/** Connections open at once at most (a load balancer keeps a few dozen); past it new ones are refused. */
const MAX_CONNECTIONS = 1024;
/** A request whose headers, or whole body, take longer than this is cut (Discord sends a few KB at once). */
const HEADERS_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 10_000;

/** A command option: its name and type, and for a subcommand (group) the options under it. */
const OPTION: z.ZodType<unknown> = z.lazy(() => z.looseObject({ name: z.string(), type: z.number().int(), options: z.array(OPTION).optional() }));
/** What the router reads of a signed body: PING, or an interaction with its command data (Discord's shape). */
const SIGNED_BODY = z.union([
  z.looseObject({ type: z.literal(InteractionType.Ping) }),
  z.looseObject({
    type: z.number().int(),
    id: z.string(),
    application_id: z.string(),
    token: z.string(),
    data: z.looseObject({ name: z.string(), options: z.array(OPTION).optional() }),
  }),
]);

export interface HttpEndpointOptions extends Pick<RouterOptions, 'deferAfterMs' | 'autocompleteTimeoutMs' | 'maxInFlight' | 'sleep' | 'onCommand'> {
  config: Pick<Config, 'DISCORD_API_URL' | 'INTERACTIONS_HOST'> & { DISCORD_TOKEN: string; DISCORD_PUBLIC_KEY: string; INTERACTIONS_PORT: number };
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  /** The clock the timestamps are checked against (tests). */
  now?: () => number;
  onRestError?: RestErrorListener;
}

export interface HttpEndpoint extends InteractionHost {
  /** The port listened on (INTERACTIONS_PORT, or the one the system chose for 0). */
  port: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the body, refusing (413) one longer than the cap without reading the rest. */
async function readCappedBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new HttpError(413, `body of ${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body), () => resolve());
  });
}

export async function startHttpEndpoint(options: HttpEndpointOptions): Promise<HttpEndpoint> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const key = interactionPublicKey(config.DISCORD_PUBLIC_KEY);
  const rest = new REST({
    version: '10',
    ...(config.DISCORD_API_URL !== undefined && { api: config.DISCORD_API_URL }),
    ...(options.onRestError !== undefined && { makeRequest: reportingRequest(options.onRestError) }),
  }).setToken(config.DISCORD_TOKEN);
  const interactionRest = createInteractionRest(config.DISCORD_API_URL, options.onRestError);
  const route = createRouter({ ...options, rest: interactionRest });
  const tasks = inFlight(logger);
  /** Set once the server is closed for new connections: a request on a connection still open gets 503. */
  let closed = false;

  /** The first response as the HTTP answer; a message with files becomes a deferral completed by PATCH. */
  const httpResponse = (raw: APIInteraction, res: ServerResponse, receivedAt: number): FirstResponse => ({
    sent: () => res.headersSent,
    send: async (response: APIInteractionResponse, files: UploadFile[]) => {
      const withFiles = response.type === InteractionResponseType.ChannelMessageWithSource && files.length > 0;
      const flags = withFiles ? (response.data?.flags ?? 0) & MessageFlags.Ephemeral : 0;
      await sendJson(res, 200, withFiles ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags } } : response);
      const ms = now() - receivedAt;
      if (ms > DEADLINE_MS) logger.warn({ interactionId: raw.id, ms }, 'answered an interaction after Discord’s 3 s deadline');
      if (withFiles && response.type === InteractionResponseType.ChannelMessageWithSource) {
        await interactionWebhook(interactionRest, raw).editOriginal({ data: response.data ?? {}, files, ephemeral: flags !== 0 });
      }
    },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = now();
    const path = (req.url ?? '/').split('?')[0];
    if (path !== INTERACTIONS_PATH) throw new HttpError(404, `no route ${path}`);
    if (req.method !== 'POST') throw new HttpError(405, `${req.method} ${path}`);
    if (closed) throw new HttpError(503, 'shutting down');
    const body = await readCappedBody(req);
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    const check = checkSignature(
      key,
      typeof signature === 'string' ? signature : undefined,
      typeof timestamp === 'string' ? timestamp : undefined,
      body,
      now(),
    );
    if (!check.ok) throw new HttpError(401, check.reason);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    if (!SIGNED_BODY.safeParse(parsed).success) throw new HttpError(400, 'body is not an interaction');
    const raw = parsed as APIInteraction;
    if (raw.type === InteractionType.Ping) {
      await sendJson(res, 200, { type: InteractionResponseType.Pong });
      return;
    }
    const answered = route({ raw, respond: httpResponse(raw, res, receivedAt) }).then(async (handled) => {
      if (!handled && !res.headersSent) await sendJson(res, 400, { error: `interaction type ${raw.type} is not handled` });
    });
    tasks.track(answered, raw.id);
    await answered;
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const reason = error instanceof Error ? error.message : String(error);
      if (status >= 500 && status !== 503) logger.error({ err: error }, 'interactions endpoint failed');
      else logger.debug({ status, reason, path: req.url }, 'interactions endpoint refused a request');
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 413 && { connection: 'close' }) });
      res.end(JSON.stringify({ error: status === 401 ? 'invalid request signature' : reason }));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.INTERACTIONS_PORT, config.INTERACTIONS_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { host: config.INTERACTIONS_HOST, port, path: INTERACTIONS_PATH, commands: [...options.commands.keys()] },
    'interactions endpoint listening',
  );
  return {
    port,
    rest,
    ready: () => server.listening && !closed,
    inFlight: tasks.size,
    stop: (bounds) =>
      tasks.stop(
        async () => {
          closed = true;
          server.close();
          server.closeIdleConnections();
        },
        'interactions endpoint',
        bounds,
      ),
    destroy: async () => {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
