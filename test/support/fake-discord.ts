// A local fake of Discord (REST API + gateway) on 127.0.0.1 that the real discord.js client logs into when
// `rest.api` (DISCORD_API_URL) points at `apiUrl`. It speaks the gateway handshake (HELLO → IDENTIFY → READY →
// GUILD_CREATE, heartbeat ACKs), dispatches interactions built from a command's own definition, serves the routes
// the bot uses (interaction callbacks, webhook edits/follow-ups, channel messages, command registration, /users/@me,
// /applications/@me), enforces Discord's 3 s first-response deadline, records every request with its parsed JSON
// body and uploaded files, and can make a route answer 429 / 5xx / 403. Channel messages honour `nonce` with
// `enforce_nonce` as Discord does (a repeat within `nonceWindowMs` returns the earlier message; the nonce is in
// the create answer only, not in GET /channels/{id}/messages), and `acceptThenDrop` processes a request and then
// closes the connection without answering (Discord accepted a post whose answer the bot never got).
// In Discord's outgoing-webhook mode (`postInteraction`), interactions are POSTed to the bot's HTTP endpoint signed
// with the application's Ed25519 key (`publicKeyHex` is DISCORD_PUBLIC_KEY), as Discord signs them: over
// X-Signature-Timestamp + the raw body; the HTTP answer is the first response (its time against the deadline is
// recorded), and the interaction's webhook then accepts the bot's edits and follow-ups as for a gateway interaction.
// It can also send what Discord sends to test an endpoint: a bad signature, none, a stale timestamp, a changed body.
// `holdNext` holds a request before processing it until the test decides: Discord accepts it (processed, its answer
// perhaps never read) or it never arrives (the connection closes) — a process killed mid-post, either way.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type ApplicationFlags,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_IDS = {
  application: '1111111111111111111',
  botUser: '1111111111111111111',
  guild: '2222222222222222222',
  channel: '3333333333333333333',
  otherChannel: '3333333333333333334',
  member: '4444444444444444444',
  /** A second server, on shard 1 of 2 (the first is on shard 0): `guilds: [FAKE_IDS.guild, FAKE_IDS.secondGuild]`. */
  secondGuild: '2222222222226416526',
} as const;

/** The shard Discord assigns a server to: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The text channel the fake gives a server other than FAKE_IDS.guild (whose channels are FAKE_IDS.channel and otherChannel). */
export function channelOf(guildId: string): string {
  return guildId === FAKE_IDS.guild ? FAKE_IDS.channel : String(BigInt(guildId) + 1n);
}

/** ViewChannel, SendMessages, ReadMessageHistory, UseApplicationCommands: an ordinary member. */
export const MEMBER_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands
).toString();

export interface RecordedFile {
  /** The multipart field, e.g. "files[0]". */
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. "/interactions/123/abc/callback". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the payload_json part of a multipart body; undefined when there is none. */
  body: unknown;
  files: RecordedFile[];
  /** The status the fake answered with. */
  status: number;
  at: number;
}

export interface Fault {
  status: 429 | 403 | 500 | 502 | 503;
  /** For 429: the retry_after (seconds) in the body and Retry-After header. */
  retryAfterSeconds?: number;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface FakeDiscordOptions {
  /** The bot token REST and IDENTIFY must carry. */
  token: string;
  heartbeatIntervalMs?: number;
  /** Discord's deadline for the first interaction response. */
  interactionDeadlineMs?: number;
  /** How long Discord remembers a message nonce for enforce_nonce (a few minutes; default 5 min). */
  nonceWindowMs?: number;
  /** The servers the bot is in (default: FAKE_IDS.guild alone); each other server gets one text channel (channelOf). */
  guilds?: string[];
  /** The shard count GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** GET /gateway/bot's session_start_limit.max_concurrency: shards that may identify at once (default 1). */
  maxConcurrency?: number;
  /** Past this many servers on one shard, IDENTIFY is refused with 4011 "Sharding required" (Discord: 2,500). */
  maxGuildsPerShard?: number;
}

/** An interaction invocation: the command's own definition plus the chosen subcommand and option values. */
export interface Invocation {
  command: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The server it is used in (default FAKE_IDS.guild); on the gateway it goes to the session of that server's shard. */
  guildId?: string;
  group?: string;
  subcommand?: string;
  /** Values by option name; a channel option takes a channel id, a user option a user id. */
  options?: Record<string, string | number | boolean>;
  /** Member permissions bitfield (default MEMBER_PERMISSIONS). */
  permissions?: string;
}

export interface AutocompleteInvocation extends Invocation {
  /** The option being typed; its value in `options` is the partial text (default ""). */
  focused: string;
}

export interface SentInteraction {
  id: string;
  token: string;
  payload: APIInteraction;
  /** When INTERACTION_CREATE went out (ms since epoch), to measure the first response against the deadline. */
  sentAt: number;
}

/** How a signed POST to the bot's endpoint is spoiled, as Discord does to check that an endpoint verifies. */
export type Forgery = 'bad-signature' | 'no-signature' | 'stale-timestamp' | 'tampered-body';

/** A request held by `holdNext`: the test kills its sender, then says what Discord did with it. */
export interface HeldRequest {
  method: string;
  /** Path below /api/v10. */
  path: string;
  body: unknown;
  /** Discord processes it (a channel message is created), and answers if the sender is still there. */
  accept(): void;
  /** It never reached Discord: the connection is closed without processing. */
  drop(): void;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON answer (an interaction response), or the raw text when it is not JSON. */
  body: unknown;
  /** From sending the POST to the end of the answer. */
  ms: number;
  /** Answered after Discord's 3 s deadline (Discord would show "The application did not respond"). */
  late: boolean;
}

export interface PostedInteraction extends SentInteraction {
  answer: Promise<HttpAnswer>;
}

export interface GatewayStats {
  connections: number;
  identifies: { token: string; intents: number; shard: [number, number] }[];
  heartbeats: number;
  /** Query strings of the gateway connections (v, encoding). */
  queries: URLSearchParams[];
}

export interface FakeDiscord {
  /** The value for DISCORD_API_URL / discord.js `rest.api`. */
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  requests: RecordedRequest[];
  gateway: GatewayStats;
  /** Commands registered by PUT, by scope ("global" or a guild id). */
  registeredCommands: Map<string, unknown[]>;
  /** Messages posted with POST /channels/{id}/messages. */
  channelMessages: APIMessage[];
  fail(method: string, path: string | RegExp, fault: Fault): void;
  /** The next `times` matching requests are processed, then their connection is closed without an answer. */
  acceptThenDrop(method: string, path: string | RegExp, times?: number): void;
  /** Holds the next matching request (not yet processed) until the test accepts or drops it. */
  holdNext(method: string, path: string | RegExp): Promise<HeldRequest>;
  /** Resolves once a bot has identified and received READY and GUILD_CREATE. */
  waitForSession(timeoutMs?: number): Promise<void>;
  /** Resolves once every shard of `count` has a live session (identified with that count and given its servers). */
  waitForShards(count: number, timeoutMs?: number): Promise<void>;
  /** The shard ids ([id, count]) with a live session now. */
  liveShards(): [number, number][];
  /** Resolves once everything dispatched so far has left this process (the gateway sockets' buffers are empty). */
  flushed(): Promise<void>;
  sendChatInput(invocation: Invocation): SentInteraction;
  sendAutocomplete(invocation: AutocompleteInvocation): SentInteraction;
  /** The application's public key as the Developer Portal shows it (64 hex digits): the bot's DISCORD_PUBLIC_KEY. */
  publicKeyHex: string;
  /** POSTs a chat-input (or, with `focused`, autocomplete) interaction, signed, to an HTTP interactions endpoint. */
  postInteraction(endpoint: string, invocation: Invocation | AutocompleteInvocation, forgery?: Forgery): PostedInteraction;
  /** POSTs Discord's PING (type 1), signed or spoiled, as Discord does when the endpoint URL is saved. */
  postPing(endpoint: string, forgery?: Forgery): Promise<HttpAnswer>;
  /** POSTs any text, correctly signed. */
  postSignedText(endpoint: string, text: string): Promise<HttpAnswer>;
  /** The first recorded request (past or future) that matches. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Requests that answered an interaction: its callback and its webhook calls, in order. */
  responsesTo(interaction: SentInteraction): RecordedRequest[];
  close(): Promise<void>;
}

interface InteractionState {
  id: string;
  token: string;
  createdAt: number;
  acknowledged: boolean;
  original: APIMessage | null;
}

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteContext {
  method: string;
  path: string;
  params: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  files: RecordedFile[];
}

type RouteHandler = (context: RouteContext) => RouteResult;

const API_PREFIX = '/api/v10';
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const GUILD_CREATE_DELAY_MS = 25;

export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  const deadlineMs = options.interactionDeadlineMs ?? 3000;
  const requests: RecordedRequest[] = [];
  const requestWaiters = new Set<() => void>();
  const faults: { method: string; path: string | RegExp; fault: Fault; remaining: number }[] = [];
  const drops: { method: string; path: string | RegExp; remaining: number }[] = [];
  const holds: { method: string; path: string | RegExp; take: (held: HeldRequest) => void }[] = [];
  const nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
  /** Nonce of each channel message and when it was created (Discord keeps them only for nonceWindowMs). */
  const nonces = new Map<string, { nonce: string; at: number }>();
  const interactions = new Map<string, InteractionState>();
  const registeredCommands = new Map<string, unknown[]>();
  const channelMessages: APIMessage[] = [];
  const signingKey = generateKeyPairSync('ed25519');
  const publicKeyHex = Buffer.from(signingKey.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  /** Interactions POSTed to a bot whose HTTP answer is not processed yet: their webhook calls wait for it. */
  const httpAnswers = new Map<string, Promise<unknown>>();
  const gateway: GatewayStats = { connections: 0, identifies: [], heartbeats: 0, queries: [] };
  /** Sockets that completed the handshake: the shard each serves and the function that dispatches an event on it. */
  const sessions = new Map<WebSocket, { shard: [number, number]; dispatch: (event: string, data: unknown) => void }>();
  const sessionWaiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let snowflakeCounter = 0n;
  let baseUrl = '';

  const snowflake = () => (((BigInt(Date.now()) - DISCORD_EPOCH_MS) << 22n) | (snowflakeCounter++ & 0xfffn)).toString();
  const botUser: APIUser = {
    id: FAKE_IDS.botUser,
    username: 'zombie-beta',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  const member: APIUser = { id: FAKE_IDS.member, username: 'investor', discriminator: '0', global_name: 'Investor', avatar: null };
  const guildIds = options.guilds ?? [FAKE_IDS.guild];
  const textChannel = (id: string, guildId: string, name: string, position: number): APIChannel => ({
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
  });
  const channels = new Map<string, APIChannel>([
    [FAKE_IDS.channel, textChannel(FAKE_IDS.channel, FAKE_IDS.guild, 'markets', 0)],
    [FAKE_IDS.otherChannel, textChannel(FAKE_IDS.otherChannel, FAKE_IDS.guild, 'zombie-alerts', 1)],
    ...guildIds
      .filter((id) => id !== FAKE_IDS.guild)
      .map((id): [string, APIChannel] => [channelOf(id), textChannel(channelOf(id), id, 'markets', 0)]),
  ]);
  const channelsOf = (guildId: string) => [...channels.values()].filter((channel) => 'guild_id' in channel && channel.guild_id === guildId);
  const guildsOfShard = ([id, count]: [number, number]) => guildIds.filter((guildId) => shardOf(guildId, count) === id);

  // ---- REST ----

  const authorized = (headers: IncomingHttpHeaders) => headers.authorization === `Bot ${options.token}`;
  const json = (status: number, body?: unknown): RouteResult => ({ status, body });
  const discordError = (status: number, code: number, message: string): RouteResult => json(status, { message, code });

  const messageFrom = (payload: Record<string, unknown>, files: RecordedFile[], extra: Partial<APIMessage>): APIMessage => {
    const described = Array.isArray(payload.attachments) ? (payload.attachments as { description?: string }[]) : [];
    const attachments: APIAttachment[] = files.map((file, index) => ({
      id: snowflake(),
      filename: file.name,
      size: file.size,
      url: `${baseUrl}/attachments/${file.name}`,
      proxy_url: `${baseUrl}/attachments/${file.name}`,
      content_type: file.contentType,
      ...(described[index]?.description !== undefined && { description: described[index].description }),
    }));
    return {
      id: snowflake(),
      type: MessageType.Default,
      channel_id: FAKE_IDS.channel,
      author: botUser,
      content: typeof payload.content === 'string' ? payload.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments,
      embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
      pinned: false,
      flags: typeof payload.flags === 'number' ? payload.flags : 0,
      components: [],
      ...extra,
    };
  };

  const interactionMessage = (state: InteractionState, payload: Record<string, unknown>, files: RecordedFile[]) =>
    messageFrom(payload, files, {
      type: MessageType.ChatInputCommand,
      webhook_id: FAKE_IDS.application,
      application_id: FAKE_IDS.application,
      interaction_metadata: {
        id: state.id,
        type: InteractionType.ApplicationCommand,
        user: member,
        authorizing_integration_owners: { '0': FAKE_IDS.guild },
      },
    });

  const interactionFor = (token: string | undefined) => (token === undefined ? undefined : interactions.get(token));

  const routes: [string, RegExp, RouteHandler][] = [
    [
      'GET',
      /^\/gateway\/bot$/,
      () =>
        json(200, {
          url: baseUrl.replace(/^http/, 'ws'),
          shards: options.recommendedShards ?? 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: options.maxConcurrency ?? 1 },
        }),
    ],
    ['GET', /^\/users\/@me$/, () => json(200, botUser)],
    [
      'GET',
      /^\/applications\/@me$/,
      () =>
        json(200, {
          id: FAKE_IDS.application,
          name: 'zombie-beta',
          icon: null,
          description: 'Russell 2000 health figures',
          bot_public: false,
          bot_require_code_grant: false,
          verify_key: 'fake',
          flags: 0,
          bot: botUser,
        }),
    ],
    ['PUT', /^\/applications\/(\d+)\/commands$/, (c) => registerCommands(c.params[0], 'global', c.body)],
    ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (c) => registerCommands(c.params[0], c.params[1], c.body)],
    [
      'POST',
      /^\/channels\/(\d+)\/messages$/,
      (c) => {
        const channelId = c.params[0]!;
        if (!channels.has(channelId)) return discordError(404, 10003, 'Unknown Channel');
        const payload = asRecord(c.body);
        const nonce = typeof payload.nonce === 'string' || typeof payload.nonce === 'number' ? String(payload.nonce) : null;
        if (nonce !== null && payload.enforce_nonce === true) {
          const earlier = channelMessages.find((m) => {
            const seen = nonces.get(m.id);
            return m.channel_id === channelId && seen?.nonce === nonce && Date.now() - seen.at < nonceWindowMs;
          });
          if (earlier) return json(200, { ...earlier, nonce });
        }
        const message = messageFrom(payload, c.files, { channel_id: channelId });
        channelMessages.push(message);
        if (nonce !== null) nonces.set(message.id, { nonce, at: Date.now() });
        return json(200, { ...message, ...(nonce !== null && { nonce }) });
      },
    ],
    [
      'GET',
      /^\/channels\/(\d+)\/messages$/,
      (c) => {
        const channelId = c.params[0]!;
        if (!channels.has(channelId)) return discordError(404, 10003, 'Unknown Channel');
        const limit = Math.min(100, Math.max(1, Number(c.query.get('limit') ?? 50) || 50));
        return json(
          200,
          channelMessages
            .filter((m) => m.channel_id === channelId)
            .reverse()
            .slice(0, limit),
        );
      },
    ],
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      (c) => {
        const state = interactionFor(c.params[1]);
        if (state === undefined || state.id !== c.params[0] || Date.now() - state.createdAt > deadlineMs) {
          return discordError(404, 10062, 'Unknown interaction');
        }
        if (state.acknowledged) return discordError(400, 40060, 'Interaction has already been acknowledged.');
        const callback = asRecord(c.body);
        const data = asRecord(callback.data);
        state.acknowledged = true;
        if (callback.type === 4) state.original = interactionMessage(state, data, c.files);
        if (callback.type === 5) {
          const flags = MessageFlags.Loading | (typeof data.flags === 'number' ? data.flags : 0);
          state.original = interactionMessage(state, { flags }, []);
        }
        if (c.query.get('with_response') !== 'true') return json(204);
        return json(200, {
          interaction: { id: state.id, type: InteractionType.ApplicationCommand },
          ...(state.original && { resource: { type: callback.type, message: state.original } }),
        });
      },
    ],
    [
      'GET',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (c) => {
        const state = interactionFor(c.params[1]);
        return state?.original ? json(200, state.original) : discordError(404, 10008, 'Unknown Message');
      },
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (c) => {
        const state = interactionFor(c.params[1]);
        if (!state?.original) return discordError(404, 10008, 'Unknown Message');
        const edit = asRecord(c.body);
        const flags = state.original.flags ?? 0;
        state.original = {
          ...interactionMessage(state, { ...state.original, ...edit, flags: flags & ~MessageFlags.Loading }, c.files),
          id: state.original.id,
          edited_timestamp: new Date().toISOString(),
        };
        return json(200, state.original);
      },
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (c) => {
        const state = interactionFor(c.params[1]);
        if (!state?.original) return discordError(404, 10008, 'Unknown Message');
        state.original = null;
        return json(204);
      },
    ],
    [
      'POST',
      /^\/webhooks\/(\d+)\/([^/]+)$/,
      (c) => {
        const state = interactionFor(c.params[1]);
        if (state === undefined || c.params[0] !== FAKE_IDS.application) return discordError(404, 10015, 'Unknown Webhook');
        if (!state.acknowledged) return discordError(404, 10015, 'Unknown Webhook');
        return json(200, interactionMessage(state, asRecord(c.body), c.files));
      },
    ],
  ];

  function registerCommands(applicationId: string | undefined, scope: string | undefined, body: unknown): RouteResult {
    if (applicationId !== FAKE_IDS.application) return discordError(403, 50001, 'Missing Access');
    if (scope !== 'global' && scope !== FAKE_IDS.guild) return discordError(403, 50001, 'Missing Access');
    if (!Array.isArray(body)) return discordError(400, 50035, 'Invalid Form Body');
    const registered = body.map((command: Record<string, unknown>) => ({
      id: commandId(String(command.name)),
      application_id: FAKE_IDS.application,
      version: snowflake(),
      type: ApplicationCommandType.ChatInput,
      default_member_permissions: null,
      nsfw: false,
      ...(scope !== 'global' && { guild_id: scope }),
      ...command,
    }));
    registeredCommands.set(scope, registered);
    return json(200, registered);
  }

  const BOT_ROUTES = /^\/(gateway|users|applications|channels)\//;

  function answer(context: RouteContext): RouteResult {
    const fault = takeFault(context.method, context.path);
    if (fault) return faultResult(fault);
    if (BOT_ROUTES.test(context.path) && !authorized(context.headers)) return discordError(401, 0, '401: Unauthorized');
    for (const [method, pattern, handler] of routes) {
      const match = method === context.method ? pattern.exec(context.path) : null;
      if (match) return handler({ ...context, params: match.slice(1) });
    }
    return discordError(404, 0, '404: Not Found');
  }

  function takeDrop(method: string, path: string): boolean {
    const index = drops.findIndex(
      (entry) => entry.method === method && (typeof entry.path === 'string' ? entry.path === path : entry.path.test(path)),
    );
    if (index < 0) return false;
    const entry = drops[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) drops.splice(index, 1);
    return true;
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const index = faults.findIndex(
      (entry) => entry.method === method && (typeof entry.path === 'string' ? entry.path === path : entry.path.test(path)),
    );
    if (index < 0) return undefined;
    const entry = faults[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  const server: Server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake Discord crashed: ${String(error)}`);
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const webhookToken = /\/webhooks\/\d+\/([^/?]+)/.exec(url.pathname)?.[1];
    if (webhookToken !== undefined) await httpAnswers.get(webhookToken);
    const { body, files } = await parseBody(raw, req.headers['content-type']);
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const method = req.method ?? 'GET';
    const hold = holds.findIndex(
      (entry) => entry.method === method && (typeof entry.path === 'string' ? entry.path === path : entry.path.test(path)),
    );
    if (hold >= 0) {
      const [{ take }] = holds.splice(hold, 1) as [(typeof holds)[number]];
      const accepted = await new Promise<boolean>((decide) => take({ method, path, body, accept: () => decide(true), drop: () => decide(false) }));
      if (!accepted) {
        req.socket.destroy();
        return;
      }
    }
    const result = pathname.startsWith(API_PREFIX)
      ? answer({ method, path, params: [], query: url.searchParams, headers: req.headers, body, files })
      : discordError(404, 0, '404: Not Found');
    requests.push({ method, path, query: url.searchParams, headers: req.headers, body, files, status: result.status, at: Date.now() });
    for (const wake of requestWaiters) wake();
    if (takeDrop(method, path)) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { ...result.headers };
    if (result.body !== undefined) headers['content-type'] = 'application/json';
    if (req.socket.destroyed) return;
    res.writeHead(result.status, headers);
    res.end(result.body === undefined ? undefined : JSON.stringify(result.body));
  }

  // ---- Gateway ----

  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    gateway.connections += 1;
    gateway.queries.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    let sequence = 0;
    const send = (payload: object) => socket.send(JSON.stringify(payload));
    const dispatch = (event: string, data: unknown) => send({ op: GatewayOpcodes.Dispatch, t: event, s: ++sequence, d: data });
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (message.op === GatewayOpcodes.Heartbeat) {
        gateway.heartbeats += 1;
        send({ op: GatewayOpcodes.HeartbeatAck });
      } else if (message.op === GatewayOpcodes.Identify) {
        const requested = message.d.shard;
        const shard: [number, number] = Array.isArray(requested) ? [Number(requested[0]), Number(requested[1])] : [0, 1];
        gateway.identifies.push({ token: String(message.d.token), intents: Number(message.d.intents), shard });
        if (message.d.token !== options.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
          socket.close(4010, 'Invalid shard.');
          return;
        }
        const served = guildsOfShard(shard);
        if (served.length > (options.maxGuildsPerShard ?? 2500)) {
          socket.close(4011, 'Sharding required.');
          return;
        }
        dispatch(GatewayDispatchEvents.Ready, readyData(shard, served));
        // Real Discord sends GUILD_CREATE in a later frame; discord.js needs READY handled first.
        const timer = setTimeout(() => {
          timers.delete(timer);
          for (const guildId of served) dispatch(GatewayDispatchEvents.GuildCreate, guildCreateData(guildId));
          sessions.set(socket, { shard, dispatch });
          for (const wake of sessionWaiters) wake();
        }, GUILD_CREATE_DELAY_MS);
        timers.add(timer);
      } else if (message.op === GatewayOpcodes.Resume) {
        dispatch(GatewayDispatchEvents.Resumed, {});
        const identified = [...sessions.values()][0]?.shard ?? [0, 1];
        sessions.set(socket, { shard: identified, dispatch });
      }
    });
    socket.on('close', () => sessions.delete(socket));
    send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs } });
  });

  function readyData(shard: [number, number], served: string[]): GatewayReadyDispatchData {
    return {
      v: 10,
      user: botUser,
      guilds: served.map((id) => ({ id, unavailable: true })),
      session_id: randomBytes(16).toString('hex'),
      resume_gateway_url: baseUrl.replace(/^http/, 'ws'),
      shard,
      application: { id: FAKE_IDS.application, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
  }

  function guildCreateData(guildId: string): GatewayGuildCreateDispatchData {
    const everyone = {
      id: guildId,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: MEMBER_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    return {
      id: guildId,
      name: guildId === FAKE_IDS.guild ? 'Small Caps Club' : `Server ${guildId}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: FAKE_IDS.member,
      region: 'us-east',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [everyone],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [guildMember(botUser, MEMBER_PERMISSIONS)],
      channels: channelsOf(guildId) as GatewayGuildCreateDispatchData['channels'],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** Dispatches to the session of the server's shard, as Discord routes a server's events. */
  function dispatchToBot(event: string, data: unknown, guildId: string): void {
    const session = [...sessions.values()].reverse().find(({ shard }) => shardOf(guildId, shard[1]) === shard[0]);
    if (session === undefined) throw new Error(`fake Discord: no bot session serves the shard of server ${guildId}`);
    session.dispatch(event, data);
  }

  // ---- Interactions ----

  const commandIds = new Map<string, string>();
  const commandId = (name: string) => {
    const known = commandIds.get(name);
    if (known !== undefined) return known;
    const id = snowflake();
    commandIds.set(name, id);
    return id;
  };

  /** A new interaction as Discord builds it, registered so that its callback and webhook routes answer. */
  function newInteraction(invocation: Invocation, type: InteractionType, focused?: string): SentInteraction {
    const { options, resolved } = buildOptions(invocation, focused);
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`;
    const guildId = invocation.guildId ?? FAKE_IDS.guild;
    if (!guildIds.includes(guildId)) throw new Error(`fake Discord: the bot is not in server ${guildId}`);
    const channel = channels.get(channelOf(guildId))!;
    const payload = {
      id,
      application_id: FAKE_IDS.application,
      type,
      token,
      version: 1,
      data: {
        id: commandId(invocation.command.name),
        name: invocation.command.name,
        type: ApplicationCommandType.ChatInput,
        guild_id: guildId,
        options,
        ...(resolved && { resolved }),
      },
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channel.id,
      channel: { ...channel, permissions: invocation.permissions ?? MEMBER_PERMISSIONS },
      member: guildMember(member, invocation.permissions ?? MEMBER_PERMISSIONS),
      app_permissions: MEMBER_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: InteractionContextType.Guild,
      attachment_size_limit: 10 * 1024 * 1024,
    } as unknown as APIInteraction;
    const sentAt = Date.now();
    interactions.set(token, { id, token, createdAt: sentAt, acknowledged: false, original: null });
    return { id, token, payload, sentAt };
  }

  function send(invocation: Invocation, type: InteractionType, focused?: string): SentInteraction {
    const sent = newInteraction(invocation, type, focused);
    dispatchToBot(GatewayDispatchEvents.InteractionCreate, sent.payload, invocation.guildId ?? FAKE_IDS.guild);
    return sent;
  }

  /** POSTs a body to the bot's endpoint signed as Discord signs it (or spoiled as `forgery` says). */
  async function postSigned(endpoint: string, payload: unknown, forgery?: Forgery): Promise<HttpAnswer> {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const now = Math.floor(Date.now() / 1000);
    const timestamp = String(forgery === 'stale-timestamp' ? now - 3600 : now);
    const signature = sign(null, Buffer.from(timestamp + body), signingKey.privateKey as KeyObject).toString('hex');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-signature-timestamp': timestamp };
    if (forgery !== 'no-signature') headers['x-signature-ed25519'] = forgery === 'bad-signature' ? flipLastByte(signature) : signature;
    const sent = forgery === 'tampered-body' ? body.replace(/"type":(\d)/, '"type": $1') : body;
    const startedAt = Date.now();
    const response = await httpPost(endpoint, headers, sent);
    const ms = Date.now() - startedAt;
    let parsed: unknown = response.text;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, headers: response.headers, body: parsed, ms, late: ms > deadlineMs };
  }

  /** Records the HTTP answer as the interaction's first response, as Discord does. */
  function recordAnswer(sent: SentInteraction, answer: HttpAnswer): void {
    const state = interactions.get(sent.token);
    const callback = asRecord(answer.body);
    if (state === undefined || answer.status !== 200 || answer.late) return;
    state.acknowledged = true;
    const data = asRecord(callback.data);
    if (callback.type === 4) state.original = interactionMessage(state, data, []);
    if (callback.type === 5)
      state.original = interactionMessage(state, { flags: MessageFlags.Loading | (typeof data.flags === 'number' ? data.flags : 0) }, []);
  }

  function post(endpoint: string, invocation: Invocation | AutocompleteInvocation, forgery?: Forgery): PostedInteraction {
    const focused = 'focused' in invocation ? invocation.focused : undefined;
    const sent = newInteraction(
      invocation,
      focused === undefined ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
      focused,
    );
    const answer = postSigned(endpoint, sent.payload, forgery).then((result) => {
      recordAnswer(sent, result);
      return result;
    });
    httpAnswers.set(
      sent.token,
      answer.catch(() => undefined),
    );
    return { ...sent, answer };
  }

  function buildOptions(invocation: Invocation, focused?: string) {
    const path = [invocation.group, invocation.subcommand].filter((name): name is string => name !== undefined);
    let definitions: readonly APIApplicationCommandOption[] = invocation.command.options ?? [];
    const containers: { name: string; type: ApplicationCommandOptionType }[] = [];
    for (const name of path) {
      const container = definitions.find((option) => option.name === name);
      const nests = container?.type === ApplicationCommandOptionType.Subcommand || container?.type === ApplicationCommandOptionType.SubcommandGroup;
      if (container === undefined || !nests) {
        throw new Error(`fake Discord: /${invocation.command.name} has no subcommand or group "${name}"`);
      }
      containers.push({ name, type: container.type });
      definitions = ('options' in container ? (container.options ?? []) : []) as readonly APIApplicationCommandOption[];
    }
    const values = invocation.options ?? {};
    const resolved: APIInteractionDataResolved = {};
    const leaves = definitions.flatMap((definition): APIApplicationCommandInteractionDataOption[] => {
      const value = definition.name === focused ? (values[definition.name] ?? '') : values[definition.name];
      if (value === undefined) {
        if ('required' in definition && definition.required === true && focused === undefined) {
          throw new Error(`fake Discord: /${invocation.command.name} requires option "${definition.name}"`);
        }
        return [];
      }
      resolveOption(definition.type, String(value), resolved);
      const leaf = { name: definition.name, type: definition.type, value, ...(definition.name === focused && { focused: true }) };
      return [leaf as APIApplicationCommandInteractionDataOption];
    });
    const unknown = Object.keys(values).filter((name) => !definitions.some((definition) => definition.name === name));
    if (unknown.length > 0) throw new Error(`fake Discord: /${invocation.command.name} has no option ${unknown.join(', ')}`);
    const options = containers.reduceRight<APIApplicationCommandInteractionDataOption[]>(
      (inner, container) => [{ ...container, options: inner } as APIApplicationCommandInteractionDataOption],
      leaves,
    );
    return { options, resolved: Object.keys(resolved).length > 0 ? resolved : undefined };
  }

  function resolveOption(type: ApplicationCommandOptionType, value: string, resolved: APIInteractionDataResolved): void {
    if (type === ApplicationCommandOptionType.Channel) {
      const channel = channels.get(value);
      if (channel === undefined) throw new Error(`fake Discord: no channel ${value} in the fake guild`);
      resolved.channels = { ...resolved.channels, [value]: { ...channel, permissions: MEMBER_PERMISSIONS } as never };
    } else if (type === ApplicationCommandOptionType.User) {
      resolved.users = { ...resolved.users, [value]: { ...member, id: value } };
    }
  }

  // ---- Start ----

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitUntil = <T>(check: () => T | undefined, waiters: Set<() => void>, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const done = check();
      if (done !== undefined) return resolve(done);
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const wake = () => {
        const found = check();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
      };
      waiters.add(wake);
    });

  return {
    apiUrl: `${baseUrl}/api`,
    gatewayUrl: baseUrl.replace(/^http/, 'ws'),
    token: options.token,
    requests,
    gateway,
    registeredCommands,
    channelMessages,
    fail: (method, path, fault) => faults.push({ method, path, fault, remaining: fault.times ?? 1 }),
    acceptThenDrop: (method, path, times = 1) => drops.push({ method, path, remaining: times }),
    holdNext: (method, path) => new Promise((take) => holds.push({ method, path, take })),
    flushed: async () => {
      while ([...sessions.keys()].some((socket) => socket.bufferedAmount > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    waitForSession: (timeoutMs = 10_000) =>
      waitUntil(() => (sessions.size > 0 ? true : undefined), sessionWaiters, timeoutMs, 'a bot session').then(() => undefined),
    waitForShards: (count, timeoutMs = 30_000) =>
      waitUntil(
        () => {
          const live = new Set([...sessions.values()].filter(({ shard }) => shard[1] === count).map(({ shard }) => shard[0]));
          return live.size === count ? true : undefined;
        },
        sessionWaiters,
        timeoutMs,
        `sessions for all ${count} shards`,
      ).then(() => undefined),
    liveShards: () => [...sessions.values()].map(({ shard }) => shard),
    sendChatInput: (invocation) => send(invocation, InteractionType.ApplicationCommand),
    sendAutocomplete: (invocation) => send(invocation, InteractionType.ApplicationCommandAutocomplete, invocation.focused),
    publicKeyHex,
    postInteraction: post,
    postSignedText: (endpoint, text) => postSigned(endpoint, text),
    postPing: (endpoint, forgery) =>
      postSigned(endpoint, { id: snowflake(), application_id: FAKE_IDS.application, type: InteractionType.Ping, token: 'ping', version: 1 }, forgery),
    waitForRequest: (match, timeoutMs = 5000) => waitUntil(() => requests.find(match), requestWaiters, timeoutMs, 'a matching request'),
    responsesTo: (interaction) => requests.filter((request) => request.path.includes(`/${interaction.token}`)),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function guildMember(user: APIUser, permissions: string): APIGuildMember & { permissions: string } {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: '2024-01-02T03:04:05.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
    permissions,
  };
}

function faultResult(fault: Fault): RouteResult {
  if (fault.status === 429) {
    const seconds = fault.retryAfterSeconds ?? 0.2;
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
      headers: {
        'retry-after': String(seconds),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(seconds),
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': 'user',
      },
    };
  }
  if (fault.status === 403) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
  return { status: fault.status, body: { message: `${fault.status}: Server Error`, code: 0 } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies parse as they are; multipart bodies yield payload_json and the uploaded files. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

/** Keep-alive connections to the bots' endpoints, as many as requests in flight (Discord opens many). */
const endpointAgent = new Agent({ keepAlive: true });

/** A POST over node:http (lighter than fetch, so a burst measures the bot rather than this fake). */
function httpPost(
  endpoint: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      endpoint,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: endpointAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A signature that is well-formed hex but wrong. */
function flipLastByte(hex: string): string {
  return hex.slice(0, -2) + (Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
