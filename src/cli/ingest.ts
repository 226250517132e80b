// `zombie ingest ...`: fills the cache from each source, with a one-line summary per source.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ingestDemo } from '../demo/ingest.js';
import { formatSummary, timed, type IngestContext, type IngestSummary } from '../ingest/context.js';
import { ETF_WINDOW, etfSymbols, ingestAll } from '../ingest/all.js';
import { importCotFile, ingestCotApi, ingestIndexCloses } from '../ingest/cot.js';
import { ingestHoldings } from '../ingest/holdings.js';
import { importOddsFile, ingestConfiguredOdds, ingestPolymarketOdds, ODDS_FILE_FORMATS, type OddsFileFormat } from '../ingest/odds.js';
import { importPriceCsv, ingestYahooPrices } from '../ingest/prices.js';
import { ingestScreen } from '../ingest/screen.js';
import { ingestSec } from '../ingest/sec.js';
import { terminalProgress } from '../ingest/progress.js';
import { latestHoldings, latestMembersOfEveryFund } from '../store/holdings.js';
import { pruneAbandoned, pruneHistory } from '../store/snapshots.js';
import { formatCount } from '../render/format.js';
import { isoDate, type CliApp } from './app.js';

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
  if (pruned > 0)
    app.out(`history: ${formatCount(pruned)} snapshots older than ${app.config.HISTORY_RETENTION_DAYS} days pruned (HISTORY_RETENTION_DAYS)`);
  if (summaries.some((summary) => summary.rows === 0 && summary.failures.length > 0)) process.exitCode = 1;
}

/** The members of the latest IWM holdings, the default list for per-company sources. */
export function memberTickers(app: CliApp, fund = 'IWM'): string[] {
  const holdings = latestHoldings(app.db(), fund);
  if (!holdings) throw new Error(`no ${fund} holdings in the cache yet: run "zombie ingest holdings" first`);
  return holdings.holdings.map((holding) => holding.ticker);
}

/** The members of every kept fund (IWM, IJR, IVV, ...), each ticker once: the default list for SEC fundamentals. */
function everyFundsMembers(app: CliApp): string[] {
  const tickers = latestMembersOfEveryFund(app.db());
  if (tickers.length === 0) throw new Error('no holdings in the cache yet: run "zombie ingest holdings" first');
  return tickers;
}

/**
 * A path that exists, a URL, or anything a slug cannot be (a slash or a file extension: Polymarket slugs are
 * lower-case words and hyphens) is a file to import, so a mistyped path reads "cannot read", not a network error.
 */
function isFileLocation(location: string): boolean {
  return existsSync(location) || /^(https?|file):\/\//i.test(location) || /[\\/]|\.[a-z0-9]{2,5}$/i.test(location);
}

function oddsFileFormat(format: string | undefined): OddsFileFormat | undefined {
  if (format === undefined) return undefined;
  const known = ODDS_FILE_FORMATS.find((f) => f === format);
  if (!known) throw new Error(`--format must be one of ${ODDS_FILE_FORMATS.join(', ')}, not "${format}"`);
  return known;
}

export function registerIngestCli(program: Command, app: CliApp): Command {
  const ingest = program.command('ingest').description('fill the cache from the public sources');
  ingest
    .command('holdings')
    .description('index members from an iShares holdings CSV (default: ISHARES_HOLDINGS_URL)')
    .argument('[file|url]', 'a local file or URL')
    .option('--fund <symbol>', 'the fund symbol, when the file does not say (IWM, IVV, ...)')
    .option('--as-of <date>', 'the as-of date (YYYY-MM-DD), when the file does not say')
    .option('--allow-shrink', "store it even with under 90% of the fund's latest member count (else refused as cut short)")
    .action(async (location: string | undefined, options: { fund?: string; asOf?: string; allowShrink?: boolean }) => {
      report(app, await timed(() => ingestHoldings(ingestContext(app), location ?? app.config.ISHARES_HOLDINGS_URL, options)));
    });
  ingest
    .command('sec')
    .description('fundamentals from SEC EDGAR companyfacts (default: the members of every kept fund that filed since the last refresh)')
    .argument('[tickers...]', 'tickers to fetch')
    .option('--full', 'every member, not only those that filed since the last refresh (EDGAR daily index)')
    .action(async (tickers: string[], options: { full?: boolean }) => {
      const list = tickers.length > 0 ? tickers.map((t) => t.toUpperCase()) : everyFundsMembers(app);
      const changedOnly = tickers.length === 0 && !options.full;
      report(app, await timed(() => ingestSec(ingestContext(app), list, { changedOnly })));
    });
  ingest
    .command('screen')
    .description('a screener export CSV (Koyfin/Morningstar style); fills what SEC data lacks, e.g. forward P/E')
    .argument('<file|url>', 'the CSV export')
    .option('--as-of <date>', 'the date the export was taken (YYYY-MM-DD): makes it a membership list for evictions')
    .action(async (location: string, options: { asOf?: string }) => {
      const asOf = options.asOf === undefined ? null : isoDate(options.asOf, '--as-of');
      report(app, await timed(() => ingestScreen(ingestContext(app), location, asOf)));
    });
  ingest
    .command('prices')
    .description(
      "daily prices from Yahoo (default: IWM, SPY, QQQ and every kept fund's ETF, whole history; every IWM member, 5 years), or one CSV with --symbol",
    )
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
      const symbols = args.length > 0 ? args.map((s) => s.toUpperCase()) : [...etfSymbols(ctx.db), ...memberTickers(app)];
      // ETFs get their whole history (10-year returns, seasonality), other symbols five years.
      const etfs = new Set(etfSymbols(ctx.db));
      const [funds, others] = [symbols.filter((s) => etfs.has(s)), symbols.filter((s) => !etfs.has(s))];
      report(app, [
        ...(funds.length > 0 ? await ingestYahooPrices(ctx, funds, ETF_WINDOW) : []),
        ...(others.length > 0 ? await ingestYahooPrices(ctx, others) : []),
      ]);
    });
  ingest
    .command('odds')
    .description(
      'election odds: every configured series, a Polymarket market/event slug, or a file (Polymarket CSV export, Kalshi candlestick CSV, CLOB history JSON)',
    )
    .argument('[slug-or-file]', 'a Polymarket slug, or an odds file (path or URL); default: ODDS_MARKET_SLUG and every ODDS_SERIES entry')
    .option('--outcome <name>', 'the outcome to follow (a candidate in an event; default: ODDS_OUTCOME)')
    .option('--column <name>', 'the outcome column of a Polymarket CSV export (e.g. "Donald Trump")')
    .option('--format <format>', `the file's format when not detected: ${ODDS_FILE_FORMATS.join(', ')}`)
    .option('--name <series>', 'the series name to store it under (required for a file)')
    .action(async (location: string | undefined, options: { outcome?: string; column?: string; format?: string; name?: string }) => {
      const ctx = ingestContext(app);
      if (location === undefined) {
        report(app, await ingestConfiguredOdds(ctx));
        return;
      }
      if (options.column || options.format || isFileLocation(location)) {
        if (!options.name) throw new Error('ingest odds <file> --name SERIES [--column NAME] [--format FORMAT] needs --name');
        const file = { name: options.name, column: options.column, format: oddsFileFormat(options.format) };
        report(app, await timed(() => importOddsFile(ctx, location, file)));
        return;
      }
      report(
        app,
        await timed(() => ingestPolymarketOdds(ctx, location, { outcome: options.outcome ?? 'Yes', ...(options.name && { name: options.name }) })),
      );
    });
  ingest
    .command('cot')
    .description(
      'Russell 2000 futures positions (CFTC Commitments of Traders) from CFTC_API_URL, only the weeks after the newest stored, and ^RUT closes; or a TFF/legacy text file, a zip of them or a saved API response',
    )
    .argument('[file|url]', 'a COT file (FinFutYY.txt, annual.txt, fut_fin_txt_YYYY.zip, deacotYYYY.zip, a saved .json)')
    .action(async (location: string | undefined) => {
      const ctx = ingestContext(app);
      if (location !== undefined) {
        report(app, await timed(() => importCotFile(ctx, location)));
        return;
      }
      report(app, await timed(() => ingestCotApi(ctx)));
      report(app, await ingestIndexCloses(ctx));
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
