// `npm run start:shards`: the bot through discord.js's ShardingManager, one process per shard. Discord requires
// sharding past 2,500 servers per gateway connection (it refuses IDENTIFY with 4011 "Sharding required") and assigns
// each server to shard (guild_id >> 22) % shard_count; each shard process is `npm start`'s src/bot/main.ts, which
// discord.js tells its shard id and count (SHARDS, SHARD_COUNT), and answers its servers' interactions. The shard
// count is SHARD_COUNT, else the one GET /gateway/bot recommends. Shards identify 5.5 s apart unless Discord's
// max_concurrency lets them start together. A shard process that dies is started again by the manager (its restart
// time is logged); one dying 5 times within a minute stops everything (exit 1) for the supervisor to see. The alert
// scheduler runs in every shard behind the lease (src/alerts/lease.ts): one shard posts, another takes over when it
// dies, and the outbox claims keep every post to one send. SIGINT/SIGTERM stop the shards the way `npm start` stops
// (drain, close, exit 0), then the manager exits 0.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { ConfigError, configSecrets, loadConfig, readProcessEnv, requireConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../core/log.js';
import { RUNNING_BUILD } from '../core/paths.js';
import type { MainOptions } from './main.js';

/** What `npm start` runs: each shard process runs the same file (main.ts, or main.js in a build). */
const MAIN_FILE = fileURLToPath(new URL(`./main${RUNNING_BUILD ? '.js' : '.ts'}`, import.meta.url));
/** Discord lets a bot identify once per 5 s per concurrency bucket. */
const IDENTIFY_INTERVAL_MS = 5500;
/** How long a shard may take to connect before its start counts as failed. */
const SHARD_READY_TIMEOUT_MS = 60_000;
/** How long stopping waits for the shards' own clean stop before killing them (within the 8 s the systemd unit allows). */
const SHARD_STOP_TIMEOUT_MS = 7000;
const CRASH_LOOP = { deaths: 5, withinMs: 60_000 };

export interface RunningShards {
  manager: ShardingManager;
  shutdown(signal: NodeJS.Signals): Promise<void>;
}

/** Discord's recommendation and the identify concurrency, from GET /gateway/bot. */
async function gatewayBot(config: Pick<Config, 'DISCORD_API_URL'> & { DISCORD_TOKEN: string }): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ version: '10', ...(config.DISCORD_API_URL !== undefined && { api: config.DISCORD_API_URL }) }).setToken(
    config.DISCORD_TOKEN,
  );
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

/** Logs each shard's start, readiness and death; a death outside a stop counts towards the crash loop. */
function watchShard(shard: Shard, logger: Logger, stopping: () => boolean, onCrashLoop: () => void): void {
  const deaths: number[] = [];
  let diedAt: number | null = null;
  shard.on('spawn', (child) => logger.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started'));
  shard.on('ready', () => {
    const restartMs = diedAt === null ? undefined : Date.now() - diedAt;
    logger.info(
      { shard: shard.id, ...(restartMs !== undefined && { restartMs }) },
      restartMs === undefined ? 'shard ready' : 'shard back after a restart',
    );
    diedAt = null;
  });
  shard.on('death', (child) => {
    const exit = 'signalCode' in child ? { exitCode: child.exitCode, signal: child.signalCode } : {};
    if (stopping()) {
      logger.info({ shard: shard.id, ...exit }, 'shard process stopped');
      return;
    }
    diedAt ??= Date.now();
    deaths.push(Date.now());
    while (deaths.length > 0 && deaths[0]! < Date.now() - CRASH_LOOP.withinMs) deaths.shift();
    logger.warn({ shard: shard.id, ...exit }, 'shard process died; restarting it');
    if (deaths.length >= CRASH_LOOP.deaths) onCrashLoop();
  });
  shard.on('error', (error: Error) => logger.error({ err: error, shard: shard.id }, 'shard failed to start'));
}

/**
 * Sends SIGTERM to every shard process (their clean stop), then SIGKILL to any still running after the timeout; again
 * for a process a restart under way started meanwhile (discord.js decides to restart before it reports a death).
 */
async function stopShards(manager: ShardingManager): Promise<void> {
  manager.respawn = false;
  for (let round = 0; round < 3; round += 1) {
    const running = [...manager.shards.values()].flatMap((shard) => (shard.process && shard.process.exitCode === null ? [shard.process] : []));
    if (running.length === 0) return;
    await Promise.all(
      running.map(async (child) => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(SHARD_STOP_TIMEOUT_MS, false)]);
        if (!done) child.kill('SIGKILL');
      }),
    );
  }
}

/** As `npm start`'s (main.ts); `argv` is passed on to every shard process (e.g. the test option --commands DIR). */
export interface ShardsOptions extends Pick<MainOptions, 'argv' | 'env' | 'stderr' | 'logDestination'> {
  /** Called before the shards start with the manager's shutdown (the entry point ties it to SIGINT/SIGTERM). */
  onStarting?: (shards: RunningShards) => void;
  /** Called when a shard keeps dying: the manager has stopped them all. */
  onCrashLoop?: () => void;
}

export async function runShards(options: ShardsOptions): Promise<RunningShards | number> {
  let config: Config & { DISCORD_TOKEN: string };
  try {
    config = requireConfig(loadConfig(options.env), ['DISCORD_TOKEN', 'DISCORD_APP_ID'], 'the sharded bot (npm run start:shards)');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    (options.stderr ?? ((text) => process.stderr.write(text)))(`zombie-shards: ${error.message}\n`);
    return 1;
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: configSecrets(config),
    ...(options.logDestination && { destination: options.logDestination }),
  }).child({ module: 'shards' });
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = await gatewayBot(config);
  } catch (error) {
    logger.fatal({ err: error }, 'could not read GET /gateway/bot (is the token right?)');
    return 1;
  }
  const count = config.SHARD_COUNT ?? gateway.shards;
  const concurrency = gateway.session_start_limit.max_concurrency;
  const manager = new ShardingManager(MAIN_FILE, {
    token: config.DISCORD_TOKEN,
    totalShards: count,
    mode: 'process',
    respawn: true,
    shardArgs: options.argv,
    execArgv: process.execArgv,
  });
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the shards');
    await stopShards(manager);
    logger.info('stopped');
  };
  manager.on('shardCreate', (shard) =>
    watchShard(
      shard,
      logger,
      () => stopping,
      () => {
        if (stopping) return;
        logger.fatal({ shard: shard.id, ...CRASH_LOOP }, 'a shard keeps dying; stopping');
        void shutdown('SIGTERM').then(() => options.onCrashLoop?.());
      },
    ),
  );
  options.onStarting?.({ manager, shutdown });
  logger.info({ shards: count, recommended: gateway.shards, maxConcurrency: concurrency }, 'starting the shards');
  try {
    await manager.spawn({ amount: count, delay: count <= concurrency ? 0 : IDENTIFY_INTERVAL_MS, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    logger.fatal({ err: error }, 'could not start the shards');
    await shutdown('SIGTERM');
    return 1;
  }
  logger.info({ shards: count }, 'all shards ready');
  return { manager, shutdown };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = await runShards({
    argv: process.argv.slice(2),
    env: readProcessEnv(),
    onStarting: (shards) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, (received) => void shards.shutdown(received).then(() => process.exit(0)));
      }
    },
    onCrashLoop: () => process.exit(1),
  });
  if (typeof started === 'number') process.exit(started);
}
