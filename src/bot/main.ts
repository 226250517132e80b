// `npm start`: runs the bot until SIGINT/SIGTERM — on the gateway, or answering interactions over HTTP when
// INTERACTIONS_PORT is set (http-endpoint.ts); a shard process of `npm run start:shards` runs it too. Shutdown stops
// taking interactions, lets those in flight finish their replies, stops the alert scheduler (handing its lease over),
// closes the databases, closes the gateway connection or the HTTP server and exits 0. Every error after the configuration is
// read goes through the logger, which never prints the token.
// Options (for tests only): `--commands DIR` loads command modules from DIR instead of commands/; `--alert-timing JSON`
// overrides the alert scheduler's timings (SchedulerDeps options: rule check pattern, lease, claim timeout).
// `main()` does all of it but the process's signal handlers and exit, so tests can run it in-process.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DestinationStream } from 'pino';
import { ConfigError, configSecrets, loadConfig, requireConfig, type Config } from '../config.js';
import { loadAlertState } from '../alerts/load-state.js';
import { discordChannel } from '../alerts/poster.js';
import { startAlertScheduler, type AlertScheduler, type SchedulerDeps } from '../alerts/scheduler.js';
import { summaryFromCache, trumpChartFromCache } from '../alerts/summary.js';
import type { AlertsCommandContext } from '../../commands/alerts/definition.js';
import { createChartPool } from '../render/charts/pool.js';
import { openAlertDb } from '../store/alerts/open.js';
import { openDb, openSnapshotDb } from '../store/db.js';
import { startBot, type BotOptions } from './client.js';
import { startHttpEndpoint } from './http-endpoint.js';
import type { InteractionHost } from './interaction.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './commands.js';
import { createLogger, type Logger } from '../core/log.js';
import { startPublishing, type Publisher } from './publish.js';

type BotConfig = ReturnType<typeof readBotConfig>;

function readBotConfig(config: Config) {
  const bot = requireConfig(config, ['DISCORD_TOKEN', 'DISCORD_APP_ID'], 'the Discord bot (npm start)');
  if (bot.INTERACTIONS_PORT !== undefined) requireConfig(bot, ['DISCORD_PUBLIC_KEY'], 'the HTTP interactions endpoint (INTERACTIONS_PORT)');
  // A published cache file is read-only: the state (alert settings, outbox) must live elsewhere.
  if (bot.DATABASE_READONLY) requireConfig(bot, ['STATE_DATABASE_URL'], 'a read-only published cache (DATABASE_READONLY)');
  return bot;
}

/** The HTTP interactions endpoint when INTERACTIONS_PORT is set (no gateway connection), else the gateway client. */
function startInteractionHost(options: Omit<BotOptions, 'config'> & { config: BotConfig }): Promise<InteractionHost> {
  const { config } = options;
  const { INTERACTIONS_PORT: port, DISCORD_PUBLIC_KEY: publicKey } = config;
  if (port === undefined || publicKey === undefined) return startBot(options);
  return startHttpEndpoint({ ...options, config: { ...config, INTERACTIONS_PORT: port, DISCORD_PUBLIC_KEY: publicKey } });
}

/** A running bot: `shutdown` drains the interactions in flight, closes the database and logs out. */
export interface RunningBot {
  shutdown(signal: NodeJS.Signals): Promise<void>;
}

type AlertTiming = SchedulerDeps['options'];

async function run(
  config: BotConfig,
  logger: Logger,
  args: { commandsDir: string; alertTiming: AlertTiming },
  onStarting: (bot: RunningBot) => void,
): Promise<RunningBot> {
  const { commandsDir } = args;
  const commands = await loadCommands(commandsDir);
  if (commands.size === 0) logger.warn({ commandsDir }, 'no command modules found; the bot will answer nothing');
  const alertDb = await openAlertDb(config.STATE_DATABASE_URL, () => openDb(config.DATABASE_PATH), {
    onIdleError: (error) => logger.warn({ err: error }, 'a state database connection failed; it will be replaced'),
  });
  const db = config.DATABASE_READONLY ? openSnapshotDb(config.DATABASE_PATH) : openDb(config.DATABASE_PATH);
  const charts = createChartPool();
  const context: AlertsCommandContext = { db, alertDb, config, now: () => new Date(), drawChart: charts.render };
  let publisher: Publisher | undefined;
  const release = async () => {
    publisher?.stop();
    await publisher?.idle();
    await charts.close();
    context.db.close();
    await alertDb.close();
  };
  let bot: InteractionHost | undefined;
  let alerts: AlertScheduler | undefined;

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await bot?.drain();
    await alerts?.stop();
    await release();
    await bot?.destroy();
    logger.info('stopped');
  };
  // Registered before logging in: interactions are answered as soon as the gateway delivers them.
  onStarting({ shutdown });

  bot = await startInteractionHost({ config, commands, context, logger }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  // Published once connected, so that computing the replies does not delay the connection (a restarted shard is back
  // sooner); until then a command computes its reply on request, deferred.
  publisher = startPublishing({
    commands,
    context,
    logger: logger.child({ module: 'publish' }),
    ...(config.DATABASE_READONLY && { snapshotFile: config.DATABASE_PATH }),
  });
  alerts = await startAlertScheduler({
    store: alertDb,
    ...(args.alertTiming !== undefined && { options: args.alertTiming }),
    ...discordChannel(bot.rest),
    logger: logger.child({ module: 'alerts' }),
    loadState: () => loadAlertState(context.db, config),
    summaryEmbed: () => summaryFromCache(context.db, config),
    chartPng: () => trumpChartFromCache(context.db, config),
  });
  context.alerts = alerts;
  return { shutdown };
}

export interface MainOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Where configuration errors go (default stderr). */
  stderr?: (text: string) => void;
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Called before logging in with the bot's shutdown (the entry point ties it to SIGINT/SIGTERM). */
  onStarting?: (bot: RunningBot) => void;
  /** Called with the logger once it exists (the entry point logs stray rejections with it). */
  onLogger?: (logger: Logger) => void;
}

/** Reads the configuration and starts the bot: the running bot, or the exit code when it could not start. */
export async function main(options: MainOptions): Promise<RunningBot | number> {
  const { values: args } = parseArgs({ args: options.argv, options: { commands: { type: 'string' }, 'alert-timing': { type: 'string' } } });
  let config: BotConfig;
  try {
    config = readBotConfig(loadConfig(options.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    (options.stderr ?? ((text) => process.stderr.write(text)))(`zombie-bot: ${error.message}\n`);
    return 1;
  }
  const baseLogger = createLogger({
    level: config.LOG_LEVEL,
    secrets: configSecrets(config),
    ...(options.logDestination && { destination: options.logDestination }),
  });
  // A shard process of src/bot/shards.ts: discord.js's manager names its shard in the environment.
  const logger = options.env.SHARDING_MANAGER === undefined ? baseLogger : baseLogger.child({ shard: Number(options.env.SHARDS) });
  options.onLogger?.(logger);
  try {
    const runArgs = {
      commandsDir: args.commands ?? DEFAULT_COMMANDS_DIR,
      alertTiming: args['alert-timing'] === undefined ? undefined : (JSON.parse(args['alert-timing']) as AlertTiming),
    };
    return await run(config, logger, runArgs, options.onStarting ?? (() => undefined));
  } catch (error) {
    logger.fatal({ err: error }, 'could not start the bot');
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = await main({
    argv: process.argv.slice(2),
    env: process.env,
    onLogger: (logger) => process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection; still running')),
    onStarting: (bot) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        void bot.shutdown(signal).then(() => process.exit(0));
      };
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
      // A shard process whose manager is gone (its IPC channel closed) stops too, instead of running unsupervised.
      process.once('disconnect', () => stop('SIGTERM'));
    },
  });
  if (typeof started === 'number') process.exit(started);
}
