// `zombie demo` (npm run demo): fills a fresh database from the bundled data and renders every command once.
import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { data as zombieData } from '../../commands/zombie.js';
import { loadUniverse } from '../universe/load.js';
import { ingestDemo } from '../demo/ingest.js';
import type { CliApp } from './app.js';
import { ingestContext, report } from './ingest.js';
import { renderCommandLine } from './render.js';

export const DEMO_DB = 'data/demo.db';

export function registerDemoCli(program: Command, app: CliApp): void {
  program
    .command('demo')
    .description(`fill a fresh database (${DEMO_DB} unless --db) from data/demo and render every command once`)
    .action(async () => {
      if (!program.opts<{ db?: string }>().db) program.setOptionValue('db', DEMO_DB);
      const path = program.opts<{ db: string }>().db;
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      app.out(`Filling ${path} from the bundled demo data (no network)…`);
      await ingestDemo(ingestContext(app), { onStep: (summaries) => report(app, summaries) });
      const members = loadUniverse(app.db())?.members ?? [];
      const lines = [
        ...zombieData.options.map((view) => `/zombie ${view.name}`),
        '/ticker IWM',
        '/ticker SPY',
        ...members.slice(0, 1).map((m) => `/ticker ${m.ticker}`),
        '/ticker IWN',
      ];
      for (const line of lines) app.out(`\n$ zombie render "${line}"\n\n${await renderCommandLine(app, line, false)}`);
    });
}
