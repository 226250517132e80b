// `npm start`: runs the bot until SIGINT or SIGTERM, sent to its PID or to its whole process group — on the gateway,
// or answering interactions over HTTP when INTERACTIONS_PORT is set (http-endpoint.ts); each shard process of
// `npm run start:shards` (shards.ts) runs it too.
// Start: the configuration (the environment after .env, like the command line), the cache check (a read-only
// location, a corrupt file or a newer schema is refused with one line saying what to do; with DATABASE_READONLY a
// published file is opened read-only instead), the operations endpoints when OPS_PORT is set, the alert state
// (SQLite in the cache file, or PostgreSQL with STATE_DATABASE_URL), the gateway or the HTTP endpoint, the replies
// published, the alert scheduler (which posts only while it holds the scheduler lease).
// Stop (STOP_BOUNDS, within STOP_DEADLINE_MS): nothing new is claimed (alerts, publication), charts still waiting are
// dropped from their replies (the replies go without them; the charts being drawn finish: the workers ignore the
// group's signal, see src/render/charts/worker.ts), interactions that reach the bot are answered until none is in
// flight and the gateway (or the endpoint) has been quiet a moment, then it closes, the scheduler hands its lease over,
// the workers and the databases are closed and the process exits 0. Every error after the configuration is read
// goes through the logger, which never prints the token or the state database's password.
// Options (for tests only): `--commands DIR` loads command modules from DIR instead of commands/; `--alert-timing JSON`
// overrides the alert scheduler's timings (SchedulerDeps options: rule check pattern, lease, claim timeout).
// `main()` does all of it but the process's signal handlers and exit, so tests can run it in-process.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DestinationStream } from 'pino';
import { ConfigError, configSecrets, loadConfig, readProcessEnv, requireConfig, type Config } from '../config.js';
import { loadAlertState } from '../alerts/load-state.js';
import { discordChannel } from '../alerts/poster.js';
import { startAlertScheduler, type AlertScheduler, type SchedulerDeps } from '../alerts/scheduler.js';
import { summaryFromCache, trumpChartFromCache } from '../alerts/summary.js';
import type { AlertsCommandContext } from '../../commands/alerts/definition.js';
import { createChartPool } from '../render/charts/pool.js';
import { openAlertDb } from '../store/alerts/open.js';
import { cacheReadable, checkCache, describeCacheProblem } from '../store/cache-check.js';
import { openDb, openSnapshotDb, SnapshotFileError, type Db } from '../store/db.js';
import { latestCompletions } from '../store/snapshots.js';
import { startBot, type BotOptions } from './client.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './commands.js';
import { createLogger, type Logger } from '../core/log.js';
import { startHttpEndpoint } from './http-endpoint.js';
import type { InteractionHost } from './interaction.js';
import { createBotMetrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import { startPublishing, type Publisher } from './publish.js';

/** A stop still under way after this long exits anyway (with a warning), so that the process is gone within the
 * 5 s docs/operations.md promises (systemd and `docker stop` wait 10 s or more before SIGKILL). */
export const STOP_DEADLINE_MS = 4000;

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

/** A running bot: `shutdown` stops it (see the top of this file); calling it again returns the same stop. */
export interface RunningBot {
  shutdown(signal: NodeJS.Signals): Promise<void>;
}

type AlertTiming = SchedulerDeps['options'];

interface RunHooks {
  onStarting: (bot: RunningBot) => void;
  stderr: (text: string) => void;
}

/** The cache: read-write as the ingest keeps it, or (DATABASE_READONLY) the published file, read-only. */
function openCache(config: BotConfig): Db {
  return config.DATABASE_READONLY ? openSnapshotDb(config.DATABASE_PATH) : openDb(config.DATABASE_PATH);
}

async function run(
  config: BotConfig,
  logger: Logger,
  args: { commandsDir: string; alertTiming: AlertTiming },
  hooks: RunHooks,
): Promise<RunningBot | number> {
  const { commandsDir } = args;
  const commands = await loadCommands(commandsDir);
  if (commands.size === 0) logger.warn({ commandsDir }, 'no command modules found; the bot will answer nothing');
  const path = config.DATABASE_PATH;
  const httpMode = config.INTERACTIONS_PORT !== undefined;
  let bot: InteractionHost | undefined;
  let stopping = false;
  let cacheChecked = false;
  // The gauges read the chart pool and the cache once they exist (the endpoints answer from the start).
  let queued = () => 0;
  let completions: () => ReturnType<typeof latestCompletions> = () => [];
  const metrics = createBotMetrics(
    { chartQueue: () => queued(), snapshotCompletions: () => completions() },
    { process: config.OPS_PORT !== undefined },
  );
  let ops: OpsServer | null = null;
  if (config.OPS_PORT !== undefined) {
    const notReady = httpMode ? 'interactions endpoint not listening' : 'not connected';
    ops = await startOpsServer({
      host: config.OPS_HOST,
      port: config.OPS_PORT,
      registry: metrics.registry,
      probes: [
        // Over HTTP no gateway is needed: the bot is ready once its endpoint listens.
        { name: 'discord', check: () => (stopping ? 'stopping' : bot?.ready() === true ? null : notReady) },
        { name: 'cache', check: () => (cacheChecked ? cacheReadable(path) : 'not checked yet') },
      ],
    });
    logger.info({ url: ops.url }, 'operations endpoints listening (/healthz, /readyz, /metrics)');
  }
  // A published file (DATABASE_READONLY) is checked as it is opened: read-only, in rollback-journal mode, this schema.
  const problem = config.DATABASE_READONLY ? null : checkCache(path);
  let db: Db;
  try {
    if (problem !== null) throw new SnapshotFileError(describeCacheProblem(path, problem));
    db = openCache(config);
  } catch (error) {
    if (!(error instanceof SnapshotFileError)) throw error;
    await ops?.close();
    hooks.stderr(`zombie-bot: ${error.message}\n`);
    return 1;
  }
  cacheChecked = true;
  const alertDb = await openAlertDb(config.STATE_DATABASE_URL, () => openDb(path), {
    onIdleError: (error) => logger.warn({ err: error }, 'a state database connection failed; it will be replaced'),
  }).catch(async (error: unknown) => {
    db.close();
    await ops?.close();
    throw error;
  });
  const charts = createChartPool({
    onRendered: metrics.chartRendered,
    // Outside a stop a worker's death is news; during one, a worker still starting when the group's signal came
    // (before it could ignore it) is expected to go.
    onWorkerError: (error) => logger[stopping ? 'info' : 'warn']({ err: error }, 'a chart worker died between charts; it is replaced'),
  });
  queued = charts.queued;
  const context: AlertsCommandContext = { db, alertDb, config, now: () => new Date(), drawChart: charts.render };
  completions = () => latestCompletions(context.db);
  const loginAborted = new AbortController();
  let login: Promise<InteractionHost> | undefined;
  let publisher: Publisher | undefined;
  let alerts: Promise<AlertScheduler> | undefined;
  let stopped: Promise<void> | undefined;

  /** The stop; `signal` null after a failed start (nothing to announce). */
  const stop = (signal: NodeJS.Signals | null) =>
    (stopped ??= (async () => {
      stopping = true;
      if (signal !== null) logger.info({ signal }, 'shutting down');
      loginAborted.abort();
      publisher?.stop();
      // Charts still waiting are refused (their replies go without them); the ones being drawn finish.
      const chartsClosed = charts.close();
      // No new alert is claimed; a post being sent is cut short and left for the next run; the lease is handed over.
      const alertsStopped = alerts?.then((scheduler) => scheduler.stop());
      const started = await login?.catch(() => undefined);
      await started?.stop();
      await alertsStopped;
      // A publication still computing is not waited for: nothing will read what it computes (see Publisher.stop).
      await chartsClosed;
      await ops?.close();
      context.db.close();
      await alertDb.close();
      if (signal !== null) logger.info('stopped');
    })());
  const shutdown = (signal: NodeJS.Signals) => stop(signal);
  // Registered before logging in: interactions are answered as soon as the gateway delivers them.
  hooks.onStarting({ shutdown });

  login = startInteractionHost({
    config,
    commands,
    context,
    logger,
    signal: loginAborted.signal,
    onCommand: metrics.commandAnswered,
    onRestError: metrics.restError,
  });
  try {
    bot = await login;
  } catch (error) {
    if (stopping) return { shutdown };
    await stop(null);
    throw error;
  }
  if (stopping) return { shutdown };
  // Published once connected, so that computing the replies does not delay the connection (a restarted shard is back
  // sooner); until then a command computes its reply on request, deferred.
  publisher = startPublishing({
    commands,
    context,
    logger: logger.child({ module: 'publish' }),
    ...(config.DATABASE_READONLY && { snapshotFile: path }),
  });
  alerts = startAlertScheduler({
    store: alertDb,
    ...(args.alertTiming !== undefined && { options: args.alertTiming }),
    ...discordChannel(bot.rest),
    logger: logger.child({ module: 'alerts' }),
    loadState: () => loadAlertState(context.db, config),
    summaryEmbed: () => summaryFromCache(context.db, config),
    chartPng: () => trumpChartFromCache(context.db, config),
    onPost: metrics.alertPost,
  });
  context.alerts = await alerts;
  return { shutdown };
}

export interface MainOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Where configuration and cache errors go (default stderr). */
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
  const stderr = options.stderr ?? ((text) => process.stderr.write(text));
  let config: BotConfig;
  try {
    config = readBotConfig(loadConfig(options.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr(`zombie-bot: ${error.message}\n`);
    return 1;
  }
  const baseLogger = createLogger({
    level: config.LOG_LEVEL,
    secrets: configSecrets(config),
    ...(options.logDestination && { destination: options.logDestination }),
  });
  // A shard process of src/bot/shards.ts: discord.js's manager names its shard in the environment. Shard N serves the
  // operations endpoints on OPS_PORT + N (every shard on one port would refuse to start).
  const shard = options.env.SHARDING_MANAGER === undefined ? undefined : Number(options.env.SHARDS);
  const logger = shard === undefined ? baseLogger : baseLogger.child({ shard });
  if (shard !== undefined && config.OPS_PORT !== undefined && config.OPS_PORT !== 0) config = { ...config, OPS_PORT: config.OPS_PORT + shard };
  options.onLogger?.(logger);
  try {
    const runArgs = {
      commandsDir: args.commands ?? DEFAULT_COMMANDS_DIR,
      alertTiming: args['alert-timing'] === undefined ? undefined : (JSON.parse(args['alert-timing']) as AlertTiming),
    };
    return await run(config, logger, runArgs, { onStarting: options.onStarting ?? (() => undefined), stderr });
  } catch (error) {
    logger.fatal({ err: error }, 'could not start the bot');
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Signals are taken from the first moment; one that arrives before the bot can stop is acted on once it can.
  let logger: Logger | undefined;
  let requested: NodeJS.Signals | null = null;
  let bot: RunningBot | null = null;
  const stop = (running: RunningBot, signal: NodeJS.Signals) => {
    setTimeout(() => {
      logger?.warn({ deadlineMs: STOP_DEADLINE_MS }, 'stop deadline reached; exiting with work unfinished');
      process.exit(0);
    }, STOP_DEADLINE_MS).unref();
    running.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger?.error({ err: error }, 'the stop failed');
        process.exit(1);
      },
    );
  };
  const request = (received: NodeJS.Signals) => {
    if (requested !== null) return; // `npm start` in a terminal: Ctrl-C reaches the bot from the terminal and from npm
    requested = received;
    if (bot !== null) stop(bot, received);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, request);
  // A shard process whose manager is gone (its IPC channel closed) stops too, instead of running unsupervised.
  process.once('disconnect', () => request('SIGTERM'));
  const started = await main({
    argv: process.argv.slice(2),
    env: readProcessEnv(),
    onLogger: (created) => {
      logger = created;
      process.on('unhandledRejection', (reason) => created.error({ err: reason }, 'unhandled promise rejection; still running'));
    },
    onStarting: (running) => {
      bot = running;
      if (requested !== null) stop(running, requested);
    },
  });
  if (typeof started === 'number') process.exit(started);
}
