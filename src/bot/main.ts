// `npm start`: runs the bot until SIGINT/SIGTERM. Shutdown stops taking interactions, lets those in flight finish
// their replies, closes the database, destroys the client and exits 0. Every error after the configuration is
// read goes through the logger, which never prints the token.
// Option (for tests only): `--commands DIR` loads command modules from DIR instead of commands/.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, requireConfig, type Config } from '../config.js';
import { loadAlertState } from '../alerts/load-state.js';
import { discordPoster } from '../alerts/poster.js';
import { startAlertScheduler, type AlertScheduler } from '../alerts/scheduler.js';
import { summaryFromCache, trumpChartFromCache } from '../alerts/summary.js';
import type { AlertsCommandContext } from '../../commands/alerts.js';
import { createChartPool } from '../render/charts/pool.js';
import { openDb } from '../store/db.js';
import { startBot, type Bot } from './client.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './commands.js';
import { createLogger, type Logger } from '../core/log.js';
import { startPublishing } from './publish.js';

type BotConfig = ReturnType<typeof readBotConfig>;

function readBotConfig(config: Config) {
  return requireConfig(config, ['DISCORD_TOKEN', 'DISCORD_APP_ID'], 'the Discord bot (npm start)');
}

async function run(config: BotConfig, logger: Logger, commandsDir: string): Promise<void> {
  const commands = await loadCommands(commandsDir);
  if (commands.size === 0) logger.warn({ commandsDir }, 'no command modules found; the bot will answer nothing');
  const db = openDb(config.DATABASE_PATH);
  const charts = createChartPool();
  const context: AlertsCommandContext = { db, config, now: () => new Date(), drawChart: charts.render };
  const publisher = startPublishing({ commands, context, logger: logger.child({ module: 'publish' }) });
  const release = async () => {
    publisher.stop();
    await publisher.idle();
    await charts.close();
    db.close();
  };
  let bot: Bot | undefined;
  let alerts: AlertScheduler | undefined;

  // Installed before logging in: interactions are answered as soon as the gateway delivers them.
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
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void shutdown(received));

  bot = await startBot({ config, commands, context, logger }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  alerts = startAlertScheduler({
    db,
    post: discordPoster(bot.client.rest),
    logger: logger.child({ module: 'alerts' }),
    loadState: () => loadAlertState(db, config),
    summaryEmbed: () => summaryFromCache(db, config),
    chartPng: () => trumpChartFromCache(db, config),
  });
  context.alerts = alerts;
}

const { values: args } = parseArgs({ options: { commands: { type: 'string' } } });
let config: BotConfig;
try {
  config = readBotConfig(loadConfig());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`zombie-bot: ${error.message}\n`);
  process.exit(1);
}
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection; still running'));
try {
  await run(config, logger, args.commands ?? DEFAULT_COMMANDS_DIR);
} catch (error) {
  logger.fatal({ err: error }, 'could not start the bot');
  process.exit(1);
}
