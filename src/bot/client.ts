// The Discord client and its lifecycle: a discord.js client with only the Guilds intent and no mention parsing,
// connected to the gateway, routing interactions to the command modules, and drained before it is destroyed.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Config } from '../config.js';
import type { CommandContext, CommandModule } from './command.js';
import type { Logger } from '../core/log.js';
import { createRouter, type RouterOptions } from './router.js';

/** How long shutdown waits for interactions being answered; under the 10 s most supervisors allow before SIGKILL. */
export const DRAIN_TIMEOUT_MS = 8000;

/** A discord.js client for this bot; `DISCORD_API_URL`, when set, serves both REST and gateway discovery. */
export function createDiscordClient(config: Pick<Config, 'DISCORD_API_URL'>): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_URL !== undefined && { rest: { api: config.DISCORD_API_URL } }),
  });
}

export interface BotOptions extends Pick<RouterOptions, 'deferAfterMs' | 'autocompleteTimeoutMs' | 'maxInFlight' | 'sleep'> {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'> & { DISCORD_TOKEN: string };
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
}

export interface Bot {
  client: Client<true>;
  /** Number of interactions being answered now. */
  inFlight(): number;
  /** Stops taking interactions and waits (at most `timeoutMs`) for the ones in flight; true when all finished. */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Closes the gateway connection. */
  destroy(): Promise<void>;
}

/** Logs in, waits until the client is ready (guilds received) and starts answering interactions. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const client = createDiscordClient(config);
  const route = createRouter(options);
  const tasks = new Set<Promise<void>>();
  const onInteraction = (interaction: Interaction) => {
    const task: Promise<void> = route(interaction)
      .catch((error: unknown) => logger.error({ err: error, interactionId: interaction.id }, 'interaction handler crashed'))
      .finally(() => tasks.delete(task));
    tasks.add(task);
  };
  client.on(Events.InteractionCreate, onInteraction);
  watchConnection(client, logger);
  try {
    const ready = once(client, Events.ClientReady);
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = client as Client<true>;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: [...options.commands.keys()] }, 'connected to Discord');
  return {
    client: readyClient,
    inFlight: () => tasks.size,
    drain: async (timeoutMs = DRAIN_TIMEOUT_MS) => {
      client.off(Events.InteractionCreate, onInteraction);
      if (tasks.size === 0) return true;
      logger.info({ inFlight: tasks.size }, 'waiting for interactions in flight');
      const finished = await Promise.race([Promise.allSettled([...tasks]).then(() => true), sleep(timeoutMs, false, { ref: false })]);
      if (!finished) logger.warn({ inFlight: tasks.size, timeoutMs }, 'gave up waiting for interactions in flight');
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
