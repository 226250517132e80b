// The Discord client and its lifecycle: a discord.js client with only the Guilds intent and no mention parsing,
// connected to the gateway, routing interactions to the command modules, and stopped so that no interaction that
// reached the bot is left unanswered (in-flight.ts).
import { once } from 'node:events';
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Options, type APIInteraction } from 'discord.js';
import type { Config } from '../config.js';
import type { CommandContext, CommandModule } from './command.js';
import type { Logger } from '../core/log.js';
import { inFlight } from './in-flight.js';
import { callbackResponse, createInteractionRest, reportingRequest, type InteractionHost, type RestErrorListener } from './interaction.js';
import { createRouter, type RouterOptions } from './router.js';

/** A discord.js client for this bot; `DISCORD_API_URL`, when set, serves both REST and gateway discovery. `onRestError`
 * hears every REST response with an error status (429 and retried 5xx included) and every request that got none. */
export function createDiscordClient(config: Pick<Config, 'DISCORD_API_URL'>, onRestError?: RestErrorListener): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // The router reads Discord's own JSON (interaction.ts): nothing needs the users and members discord.js would
    // otherwise keep, without bound, from every interaction it also builds.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, UserManager: 0, GuildMemberManager: 0 }),
    allowedMentions: { parse: [] },
    rest: {
      ...(config.DISCORD_API_URL !== undefined && { api: config.DISCORD_API_URL }),
      ...(onRestError !== undefined && { makeRequest: reportingRequest(onRestError) }),
    },
  });
}

export interface BotOptions extends Pick<RouterOptions, 'deferAfterMs' | 'autocompleteTimeoutMs' | 'maxInFlight' | 'sleep' | 'onCommand'> {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'> & { DISCORD_TOKEN: string };
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  /** Aborting it while logging in gives up the login (the process is stopping). */
  signal?: AbortSignal;
  onRestError?: RestErrorListener;
}

export interface Bot extends InteractionHost {
  client: Client<true>;
}

/**
 * Logs in, waits until the client is ready (guilds received) and starts answering interactions. The router gets
 * Discord's own interaction JSON from the gateway (discord.js emits each dispatch by name on `client.ws`) and
 * answers with the callback route, as the HTTP endpoint's router answers what Discord POSTs.
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger, signal } = options;
  const client = createDiscordClient(config, options.onRestError);
  const interactionRest = createInteractionRest(config.DISCORD_API_URL, options.onRestError);
  const route = createRouter({ ...options, rest: interactionRest });
  const tasks = inFlight(logger);
  const onInteraction = (raw: APIInteraction) => tasks.track(route({ raw, respond: callbackResponse(interactionRest, raw) }), raw.id);
  client.ws.on(GatewayDispatchEvents.InteractionCreate, onInteraction);
  watchConnection(client, logger);
  const giveUp = () => void client.destroy();
  signal?.addEventListener('abort', giveUp, { once: true });
  try {
    signal?.throwIfAborted();
    const ready = once(client, Events.ClientReady, signal === undefined ? {} : { signal });
    ready.catch(() => undefined); // awaited below; a stop during login must not leave it unhandled
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    signal?.removeEventListener('abort', giveUp);
  }
  const readyClient = client as Client<true>;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: [...options.commands.keys()] }, 'connected to Discord');
  return {
    client: readyClient,
    rest: client.rest,
    ready: () => client.isReady(),
    inFlight: tasks.size,
    stop: (bounds) => tasks.stop(() => client.destroy(), 'gateway', bounds),
    destroy: () => client.destroy(),
  };
}

/** Client errors and gateway reconnects go to the log; an 'error' event without a listener would crash. */
function watchConnection(client: Client, logger: Logger): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  // discord.js also reports this while destroying the client, hence debug.
  client.on(Events.ShardReconnecting, (shardId) => logger.debug({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway session resumed'));
}
