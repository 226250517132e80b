// The Discord client and its lifecycle: a discord.js client with only the Guilds intent and no mention parsing,
// connected to the gateway, routing interactions to the command modules, and stopped so that no interaction that
// reached the bot is left unanswered.
import { once } from 'node:events';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { Client, DefaultRestOptions, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Config } from '../config.js';
import type { CommandContext, CommandModule } from './command.js';
import type { Logger } from '../core/log.js';
import { createRouter, type RouterOptions } from './router.js';

/**
 * How a stop goes (within the 5 s a supervisor is told to allow before SIGKILL): interactions keep being answered
 * (also those arriving meanwhile: Discord still sends them while the gateway is open) until none is in flight and
 * none came for `quietMs`, at most `answeringMs`; then the gateway closes and the answers still being sent get
 * `lastAnswersMs` more.
 */
export interface StopBounds {
  answeringMs: number;
  quietMs: number;
  lastAnswersMs: number;
}

export const STOP_BOUNDS: StopBounds = { answeringMs: 2500, quietMs: 250, lastAnswersMs: 1000 };

/** A discord.js client for this bot; `DISCORD_API_URL`, when set, serves both REST and gateway discovery. `onRestError`
 * hears every REST response with an error status (429 and retried 5xx included) and every request that got none. */
export function createDiscordClient(config: Pick<Config, 'DISCORD_API_URL'>, onRestError?: (status: number | 'network') => void): Client {
  const makeRequest: typeof DefaultRestOptions.makeRequest = async (url, init) => {
    try {
      const response = await DefaultRestOptions.makeRequest(url, init);
      if (response.status >= 400) onRestError?.(response.status);
      return response;
    } catch (error) {
      onRestError?.('network');
      throw error;
    }
  };
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: {
      ...(config.DISCORD_API_URL !== undefined && { api: config.DISCORD_API_URL }),
      ...(onRestError !== undefined && { makeRequest }),
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
  onRestError?: (status: number | 'network') => void;
}

export interface Bot {
  client: Client<true>;
  /** Number of interactions being answered now. */
  inFlight(): number;
  /** Stops as STOP_BOUNDS says: answers until quiet, closes the gateway, waits for the last answers; true when
   * every interaction that reached the bot was answered. */
  stop(bounds?: Partial<StopBounds>): Promise<boolean>;
  /** Closes the gateway at once. */
  destroy(): Promise<void>;
}

/** Logs in, waits until the client is ready (guilds received) and starts answering interactions. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger, signal } = options;
  const client = createDiscordClient(config, options.onRestError);
  const route = createRouter(options);
  const tasks = new Set<Promise<void>>();
  let lastArrival = 0;
  const onInteraction = (interaction: Interaction) => {
    lastArrival = performance.now();
    const task: Promise<void> = route(interaction)
      .catch((error: unknown) => logger.error({ err: error, interactionId: interaction.id }, 'interaction handler crashed'))
      .finally(() => tasks.delete(task));
    tasks.add(task);
  };
  client.on(Events.InteractionCreate, onInteraction);
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
  const settle = (ms: number) => Promise.race([Promise.allSettled([...tasks]).then(() => true), sleep(ms, false, { ref: false })]);
  return {
    client: readyClient,
    inFlight: () => tasks.size,
    stop: async (given = {}) => {
      const bounds = { ...STOP_BOUNDS, ...given };
      const until = performance.now() + bounds.answeringMs;
      logger.info({ inFlight: tasks.size }, 'answering the interactions in flight, then closing the gateway');
      for (let left = bounds.answeringMs; left > 0; left = until - performance.now()) {
        if (tasks.size > 0) {
          await settle(left);
          continue;
        }
        const quietFor = performance.now() - lastArrival;
        if (quietFor < bounds.quietMs) {
          await sleep(Math.min(bounds.quietMs - quietFor, left), undefined, { ref: false });
          continue;
        }
        // Quiet long enough; one more turn of the event loop reads what the gateway sent meanwhile.
        await setImmediate();
        if (tasks.size === 0 && performance.now() - lastArrival >= bounds.quietMs) break;
      }
      await client.destroy();
      const finished = tasks.size === 0 || (await settle(bounds.lastAnswersMs));
      if (!finished) logger.warn({ inFlight: tasks.size }, 'gateway closed with interactions still being answered');
      logger.info('gateway closed');
      return finished;
    },
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
