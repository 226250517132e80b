// `npm start`: runs the bot until SIGINT or SIGTERM, sent to its PID or to its whole process group.
// Start: the configuration (the environment after .env, like the command line), the cache check (a read-only
// location, a corrupt file or a newer schema is refused with one line saying what to do), the operations endpoints
// when OPS_PORT is set, the replies published, the gateway, the alert scheduler.
// Stop (STOP_BOUNDS, within STOP_DEADLINE_MS): nothing new is claimed (alerts, publication), charts still waiting are
// dropped from their replies (the replies go without them; the charts being drawn finish: the workers ignore the
// group's signal, see src/render/charts/worker.ts), interactions that reach the bot are answered until none is in
// flight and the gateway has been quiet a moment, then the gateway closes, the workers and the database are closed
// and the process exits 0. Every error after the configuration is read goes through the logger, which never prints
// the token.
// Option (for tests only): `--commands DIR` loads command modules from DIR instead of commands/.
// `main()` does all of it but the process's signal handlers and exit, so tests can run it in-process.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DestinationStream } from 'pino';
import { ConfigError, loadConfig, readProcessEnv, requireConfig, type Config } from '../config.js';
import { loadAlertState } from '../alerts/load-state.js';
import { discordChannel } from '../alerts/poster.js';
import { startAlertScheduler, type AlertScheduler } from '../alerts/scheduler.js';
import { summaryFromCache, trumpChartFromCache } from '../alerts/summary.js';
import type { AlertsCommandContext } from '../../commands/alerts/definition.js';
import { createChartPool } from '../render/charts/pool.js';
import { cacheReadable, checkCache, describeCacheProblem } from '../store/cache-check.js';
import { openDb } from '../store/db.js';
import { latestCompletions } from '../store/snapshots.js';
import { startBot, type Bot } from './client.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './commands.js';
import { createLogger, type Logger } from '../core/log.js';
import { createBotMetrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import { startPublishing } from './publish.js';

/** A stop still under way after this long exits anyway (with a warning), so that the process is gone within the
 * 5 s docs/operations.md promises (systemd and `docker stop` wait 10 s or more before SIGKILL). */
export const STOP_DEADLINE_MS = 4000;

type BotConfig = ReturnType<typeof readBotConfig>;

function readBotConfig(config: Config) {
  return requireConfig(config, ['DISCORD_TOKEN', 'DISCORD_APP_ID'], 'the Discord bot (npm start)');
}

/** A running bot: `shutdown` stops it (see the top of this file); calling it again returns the same stop. */
export interface RunningBot {
  shutdown(signal: NodeJS.Signals): Promise<void>;
}

interface RunHooks {
  onStarting: (bot: RunningBot) => void;
  stderr: (text: string) => void;
}

async function run(config: BotConfig, logger: Logger, commandsDir: string, hooks: RunHooks): Promise<RunningBot | number> {
  const commands = await loadCommands(commandsDir);
  if (commands.size === 0) logger.warn({ commandsDir }, 'no command modules found; the bot will answer nothing');
  const path = config.DATABASE_PATH;
  let bot: Bot | undefined;
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
    ops = await startOpsServer({
      host: config.OPS_HOST,
      port: config.OPS_PORT,
      registry: metrics.registry,
      probes: [
        { name: 'discord', check: () => (stopping ? 'stopping' : bot?.client.isReady() === true ? null : 'not connected') },
        { name: 'cache', check: () => (cacheChecked ? cacheReadable(path) : 'not checked yet') },
      ],
    });
    logger.info({ url: ops.url }, 'operations endpoints listening (/healthz, /readyz, /metrics)');
  }
  const problem = checkCache(path);
  if (problem !== null) {
    await ops?.close();
    hooks.stderr(`zombie-bot: ${describeCacheProblem(path, problem)}\n`);
    return 1;
  }
  cacheChecked = true;
  const db = openDb(path);
  const charts = createChartPool({
    onRendered: metrics.chartRendered,
    // Outside a stop a worker's death is news; during one, a worker still starting when the group's signal came
    // (before it could ignore it) is expected to go.
    onWorkerError: (error) => logger[stopping ? 'info' : 'warn']({ err: error }, 'a chart worker died between charts; it is replaced'),
  });
  queued = charts.queued;
  completions = () => latestCompletions(db);
  const context: AlertsCommandContext = { db, config, now: () => new Date(), drawChart: charts.render };
  const publisher = startPublishing({ commands, context, logger: logger.child({ module: 'publish' }) });
  const loginAborted = new AbortController();
  let login: Promise<Bot> | undefined;
  let alerts: AlertScheduler | undefined;
  let stopped: Promise<void> | undefined;

  /** The stop; `signal` null after a failed start (nothing to announce). */
  const stop = (signal: NodeJS.Signals | null) =>
    (stopped ??= (async () => {
      stopping = true;
      if (signal !== null) logger.info({ signal }, 'shutting down');
      loginAborted.abort();
      publisher.stop();
      // Charts still waiting are refused (their replies go without them); the ones being drawn finish.
      const chartsClosed = charts.close();
      // No new alert is claimed; a post being sent is cut short and left for the next run.
      const alertsStopped = alerts?.stop();
      const started = await login?.catch(() => undefined);
      await started?.stop();
      await alertsStopped;
      // A publication still computing is not waited for: nothing will read what it computes (see Publisher.stop).
      await chartsClosed;
      await ops?.close();
      db.close();
      if (signal !== null) logger.info('stopped');
    })());
  const shutdown = (signal: NodeJS.Signals) => stop(signal);
  // Registered before logging in: interactions are answered as soon as the gateway delivers them.
  hooks.onStarting({ shutdown });

  login = startBot({
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
  alerts = startAlertScheduler({
    db,
    ...discordChannel(bot.client.rest),
    logger: logger.child({ module: 'alerts' }),
    loadState: () => loadAlertState(db, config),
    summaryEmbed: () => summaryFromCache(db, config),
    chartPng: () => trumpChartFromCache(db, config),
    onPost: metrics.alertPost,
  });
  context.alerts = alerts;
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
  const { values: args } = parseArgs({ args: options.argv, options: { commands: { type: 'string' } } });
  const stderr = options.stderr ?? ((text) => process.stderr.write(text));
  let config: BotConfig;
  try {
    config = readBotConfig(loadConfig(options.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr(`zombie-bot: ${error.message}\n`);
    return 1;
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: [config.DISCORD_TOKEN],
    ...(options.logDestination && { destination: options.logDestination }),
  });
  options.onLogger?.(logger);
  try {
    return await run(config, logger, args.commands ?? DEFAULT_COMMANDS_DIR, { onStarting: options.onStarting ?? (() => undefined), stderr });
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, (received) => {
      if (requested !== null) return; // `npm start` in a terminal: Ctrl-C reaches the bot from the terminal and from npm
      requested = received;
      if (bot !== null) stop(bot, received);
    });
  }
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
