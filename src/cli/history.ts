// `zombie evictions` (who left between two kept membership lists) and `zombie history` (headline shares over
// kept snapshots and by fiscal year): the history views for the terminal.
import type { Command } from 'commander';
import { evictionLines, fiscalYearLine, NO_EVICTIONS, snapshotLine } from '../render/history.js';
import { loadHistory } from '../universe/history.js';
import { formatSignedPct } from '../render/format.js';
import { loadEvictions } from '../universe/evictions.js';
import { isoDate, type CliApp } from './app.js';

export function registerHistoryCli(program: Command, app: CliApp): void {
  program
    .command('history')
    .description("headline shares over the kept IWM holdings snapshots, and by fiscal year for today's members (survivors only)")
    .option('--json', 'machine-readable JSON: {snapshots: [...], fiscalYears: [...]}')
    .action((options: { json?: boolean }) => {
      const loaded = loadHistory(app.db());
      if (!loaded) throw new Error('no IWM holdings in the cache yet: run "zombie ingest all" first');
      const { history } = loaded;
      if (options.json) return app.out(JSON.stringify(history, null, 2));
      app.out(
        [
          `IWM headline shares over ${history.snapshots.length} kept snapshots${loaded.demoData ? ' (DEMO DATA: member fundamentals are generated)' : ''}`,
          ...history.snapshots.map(snapshotLine),
          "By fiscal year, today's members (survivors only):",
          ...history.fiscalYears.map(fiscalYearLine),
        ].join('\n'),
      );
    });
  program
    .command('evictions')
    .description('who left the IWM between two kept membership lists: moved up (with gains), dropped, joined')
    .option('--from <date>', 'the previous list: the newest kept list dated on or before it (default: 180 days before --to)')
    .option('--to <date>', 'the current list: the newest IWM holdings dated on or before it (default: the newest)')
    .option('--json', 'machine-readable JSON (the `evictions` object of zombie metrics --json)')
    .action((options: { from?: string; to?: string; json?: boolean }) => {
      const request = {
        ...(options.from !== undefined && { from: isoDate(options.from, '--from') }),
        ...(options.to !== undefined && { to: isoDate(options.to, '--to') }),
      };
      const e = loadEvictions(app.db(), request);
      if (!e) throw new Error(NO_EVICTIONS.replace(/`/g, '"'));
      if (options.json) return app.out(JSON.stringify(e, null, 2));
      app.out(
        [
          `IWM evictions ${e.from} → ${e.to}`,
          ...evictionLines(e),
          ...e.movedUp.members.map((m) => `  ${m.ticker} ${m.name}: ${formatSignedPct(m.return)}`),
        ].join('\n'),
      );
    });
}
