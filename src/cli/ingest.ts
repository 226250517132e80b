// `zombie ingest ...`: fills the cache from each source, with a one-line summary per source.
import type { Command } from 'commander';
import { ingestDemo } from '../demo/ingest.js';
import { formatSummary, timed, type IngestContext, type IngestSummary } from '../ingest/context.js';
import { BENCHMARKS, ingestAll } from '../ingest/all.js';
import { ingestHoldings } from '../ingest/holdings.js';
import { importOddsCsv, ingestPolymarketOdds } from '../ingest/odds.js';
import { importPriceCsv, ingestYahooPrices } from '../ingest/prices.js';
import { ingestScreen } from '../ingest/screen.js';
import { ingestSec } from '../ingest/sec.js';
import { terminalProgress } from '../ingest/progress.js';
import { latestHoldings } from '../store/holdings.js';
import { pruneAbandoned, pruneHistory } from '../store/snapshots.js';
import { formatCount } from '../render/format.js';
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
  const pruned = pruneHistory(app.db(), app.config.HISTORY_RETENTION_DAYS);
  if (pruned > 0) app.out(`history: ${formatCount(pruned)} snapshots older than ${app.config.HISTORY_RETENTION_DAYS} days pruned (HISTORY_RETENTION_DAYS)`);
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
      report(app, await timed(() => ingestHoldings(ingestContext(app), location ?? app.config.ISHARES_HOLDINGS_URL, options)));
    });
  ingest
    .command('sec')
    .description('fundamentals from SEC EDGAR companyfacts (default: the members of the latest IWM holdings that filed since the last refresh)')
    .argument('[tickers...]', 'tickers to fetch')
    .option('--full', 'every member, not only those that filed since the last refresh (EDGAR daily index)')
    .action(async (tickers: string[], options: { full?: boolean }) => {
      const list = tickers.length > 0 ? tickers.map((t) => t.toUpperCase()) : memberTickers(app);
      const changedOnly = tickers.length === 0 && !options.full;
      report(app, await timed(() => ingestSec(ingestContext(app), list, { changedOnly })));
    });
  ingest
    .command('screen')
    .description('a screener export CSV (Koyfin/Morningstar style); fills what SEC data lacks, e.g. forward P/E')
    .argument('<file|url>', 'the CSV export')
    .action(async (location: string) => {
      report(app, await timed(() => ingestScreen(ingestContext(app), location)));
    });
  ingest
    .command('prices')
    .description('daily prices from Yahoo (default: IWM, SPY, QQQ and every member), or one CSV with --symbol')
    .argument('[symbols-or-file...]', 'symbols, or one CSV file (Date,...,Close[,Adj Close]) with --symbol')
    .option('--symbol <symbol>', 'the symbol a CSV file holds')
    .action(async (args: string[], options: { symbol?: string }) => {
      const ctx = ingestContext(app);
      const { symbol } = options;
      if (symbol) {
        if (args.length !== 1) throw new Error('ingest prices <file.csv> --symbol SYMBOL takes exactly one file');
        report(app, await timed(() => importPriceCsv(ctx, args[0]!, symbol.toUpperCase())));
        return;
      }
      const symbols = args.length > 0 ? args.map((s) => s.toUpperCase()) : [...BENCHMARKS, ...memberTickers(app)];
      report(app, await ingestYahooPrices(ctx, symbols));
    });
  ingest
    .command('odds')
    .description('election odds: a Polymarket market/event slug, or a Polymarket website CSV export with --column')
    .argument('[slug-or-file]', 'a Polymarket slug (default: ODDS_MARKET_SLUG) or a CSV export')
    .option('--outcome <name>', 'the outcome to follow (a candidate in an event; default: ODDS_OUTCOME)')
    .option('--column <name>', 'the CSV column to import (e.g. "Donald Trump")')
    .option('--name <series>', 'the series name to store it under')
    .action(async (location: string | undefined, options: { outcome?: string; column?: string; name?: string }) => {
      const ctx = ingestContext(app);
      const { column, name } = options;
      if (column) {
        if (!location || !name) throw new Error('ingest odds <file.csv> --column NAME --name SERIES needs the file and --name');
        report(app, await timed(() => importOddsCsv(ctx, location, { column, name })));
        return;
      }
      const slug = location ?? app.config.ODDS_MARKET_SLUG;
      const outcome = options.outcome ?? (location ? 'Yes' : app.config.ODDS_OUTCOME);
      report(app, await timed(() => ingestPolymarketOdds(ctx, slug, { outcome, ...(options.name && { name: options.name }) })));
    });
  ingest
    .command('all')
    .description('every source in order, with a one-line summary each; --offline uses the bundled demo data')
    .option('--offline', 'no network: the bundled real files in data/demo plus generated demo data')
    .action(async (options: { offline?: boolean }) => {
      const run = options.offline ? ingestDemo : ingestAll;
      await run(ingestContext(app), { onStep: (summaries) => report(app, summaries) });
    });
  return ingest;
}
