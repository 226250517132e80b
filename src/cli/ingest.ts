// `zombie ingest ...`: fills the cache from each source, with a one-line summary per source.
import type { Command } from 'commander';
import { formatSummary, type IngestContext, type IngestSummary } from '../ingest/context.js';
import { ingestHoldings } from '../ingest/holdings.js';
import { ingestScreen } from '../ingest/screen.js';
import { ingestSec } from '../ingest/sec.js';
import { terminalProgress } from '../ingest/progress.js';
import { latestHoldings } from '../store/holdings.js';
import { pruneAbandoned } from '../store/snapshots.js';
import type { CliApp } from './app.js';

export function ingestContext(app: CliApp): IngestContext {
  const db = app.db();
  pruneAbandoned(db);
  return {
    db,
    config: app.config,
    progress: terminalProgress(),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

export function report(app: CliApp, summaries: IngestSummary[]): void {
  for (const summary of summaries) {
    app.out(formatSummary(summary));
    for (const failure of summary.failures) app.out(`  ! ${failure}`);
  }
  if (summaries.some((summary) => summary.rows === 0 && summary.failures.length > 0)) process.exitCode = 1;
}

/** The members of the latest IWM holdings, the default list for per-company sources. */
export function memberTickers(app: CliApp, fund = 'IWM'): string[] {
  const holdings = latestHoldings(app.db(), fund);
  if (!holdings) throw new Error(`no ${fund} holdings in the cache yet: run "zombie ingest holdings" first`);
  return holdings.holdings.map((holding) => holding.ticker);
}

export function registerIngestCli(program: Command, app: CliApp): Command {
  const ingest = program.command('ingest').description('fill the cache from the public sources');
  ingest
    .command('holdings')
    .description('index members from an iShares holdings CSV (default: ISHARES_HOLDINGS_URL)')
    .argument('[file|url]', 'a local file or URL')
    .option('--fund <symbol>', 'the fund symbol, when the file does not say (IWM, IVV, ...)')
    .option('--as-of <date>', 'the as-of date (YYYY-MM-DD), when the file does not say')
    .action(async (location: string | undefined, options: { fund?: string; asOf?: string }) => {
      report(app, [await ingestHoldings(ingestContext(app), location ?? app.config.ISHARES_HOLDINGS_URL, options)]);
    });
  ingest
    .command('sec')
    .description('fundamentals from SEC EDGAR companyfacts (default: every member of the latest IWM holdings)')
    .argument('[tickers...]', 'tickers to fetch')
    .action(async (tickers: string[]) => {
      const list = tickers.length > 0 ? tickers.map((t) => t.toUpperCase()) : memberTickers(app);
      report(app, [await ingestSec(ingestContext(app), list)]);
    });
  ingest
    .command('screen')
    .description('a screener export CSV (Koyfin/Morningstar style); fills what SEC data lacks, e.g. forward P/E')
    .argument('<file|url>', 'the CSV export')
    .action(async (location: string) => {
      report(app, [await ingestScreen(ingestContext(app), location)]);
    });
  return ingest;
}
