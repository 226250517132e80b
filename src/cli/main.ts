// `zombie`: the command-line client. Subcommand groups live in their own modules and register here.
import { Command } from 'commander';
import { createCliApp, type CliApp } from './app.js';
import { loadAlertState } from '../alerts/load-state.js';
import { summaryFromCache } from '../alerts/summary.js';
import { registerAlertsCli } from './alerts.js';
import { registerCompareCli } from './compare.js';
import { registerBackupCli } from './backup.js';
import { registerDemoCli } from './demo.js';
import { registerHistoryCli } from './history.js';
import { registerIngestCli } from './ingest.js';
import { registerPositioningCli } from './positioning.js';
import { registerRenderCli } from './render.js';

/** Each subcommand group adds itself to the program. */
const groups: ((program: Command, app: CliApp) => void)[] = [
  registerIngestCli,
  registerRenderCli,
  registerDemoCli,
  registerHistoryCli,
  registerPositioningCli,
  registerCompareCli,
  registerBackupCli,
  (program, app) => registerAlertsCli(program, app, { loadState: loadAlertState, summaryEmbed: summaryFromCache }),
];

const program = new Command('zombie')
  .description('zombie-beta: Russell 2000 health figures from a local SQLite cache')
  .option('--db <path>', 'SQLite cache file (default: DATABASE_PATH, else data/zombie.db)')
  .showHelpAfterError();

try {
  const app = createCliApp(() => program.opts<{ db?: string }>().db);
  for (const register of groups) register(program, app);
  await program.parseAsync(process.argv).finally(() => app.close());
} catch (error) {
  // Every failure reads as one line naming what went wrong; a stack trace helps no operator.
  process.stderr.write(`zombie: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
