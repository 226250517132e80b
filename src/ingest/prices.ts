// Price ingests: daily closes from the Yahoo chart API (several symbols, one snapshot each), from a price CSV,
// or (the daily members' job) from the holdings file's Price column appended to the stored series.
// Each symbol is fetched, parsed and validated in full before its snapshot is begun; its rows become visible
// only when the snapshot completes, so a failure leaves the previous series in place.
import { latestHoldings } from '../store/holdings.js';
import { appendCloses, insertPricePoints, latestPriceSnapshot } from '../store/prices.js';
import { completeSnapshot, withSnapshot } from '../store/snapshots.js';
import { normalisePriceSymbol } from '../core/ticker.js';
import { fetchText, RateLimiter, SourceError } from '../sources/http.js';
import { parsePriceCsv } from '../sources/prices/csv.js';
import { DEFAULT_YAHOO_WINDOW, type ParsedPrices, type YahooWindow } from '../sources/prices/shared.js';
import { fetchYahooPrices } from '../sources/prices/yahoo.js';
import type { IngestContext, IngestSummary } from './context.js';

/** Yahoo's chart API has no published limit; two requests a second stays clear of its 429s. */
const YAHOO_REQUESTS_PER_SECOND = 2;

/**
 * Fetches each symbol's daily chart and stores it as that symbol's snapshot (as-of = last trading day). A
 * failing symbol yields a summary with 0 rows and its failure; the others go on. Each summary says the requests
 * it made and its time.
 */
export async function ingestYahooPrices(
  ctx: IngestContext,
  symbols: string[],
  window: YahooWindow = DEFAULT_YAHOO_WINDOW,
  limiter = new RateLimiter(YAHOO_REQUESTS_PER_SECOND, ctx.clock),
): Promise<IngestSummary[]> {
  const progress = ctx.progress(symbols.length, 'prices');
  const summaries: IngestSummary[] = [];
  for (const requested of symbols) {
    const symbol = normalisePriceSymbol(requested) ?? requested;
    const [started, requestsBefore] = [Date.now(), limiter.requests];
    let summary: IngestSummary;
    try {
      checkSymbol(symbol);
      const { url, prices } = await fetchYahooPrices(ctx.config.YAHOO_CHART_URL, symbol, window, {
        timeoutMs: ctx.config.HTTP_TIMEOUT_MS,
        limiter,
        clock: ctx.clock,
      });
      summary = storePrices(ctx, symbol, url, prices);
    } catch (error) {
      const failure = (error as Error).message;
      ctx.log(`prices ${symbol}: ${failure}`);
      summary = { source: 'prices', subject: symbol, rows: 0, asOf: null, failures: [failure] };
    }
    summaries.push({ ...summary, requests: limiter.requests - requestsBefore, elapsedMs: Date.now() - started });
    progress.tick(symbol);
  }
  progress.done();
  return summaries;
}

/**
 * The daily members' prices, cheap: every member's close on the fund's latest holdings date (the holdings
 * file's Price column) is appended to its stored series (appendCloses); only a member with no series yet is
 * fetched from Yahoo, once, for its history. One summary for all members, with the Yahoo requests it made.
 */
export async function ingestMemberPrices(ctx: IngestContext, fund = 'IWM', now = new Date()): Promise<IngestSummary> {
  const started = Date.now();
  const holdings = latestHoldings(ctx.db, fund);
  if (!holdings?.snapshot.asOf) throw new Error(`prices ${fund} members: no dated ${fund} holdings in the cache yet`);
  const asOf = holdings.snapshot.asOf;
  const priced = holdings.holdings.filter((h) => h.priceUsd !== null && h.priceUsd > 0);
  const missing = priced.filter((h) => latestPriceSnapshot(ctx.db, h.ticker) === null).map((h) => h.ticker);
  const limiter = new RateLimiter(YAHOO_REQUESTS_PER_SECOND, ctx.clock);
  const backfills = missing.length > 0 ? await ingestYahooPrices(ctx, missing, DEFAULT_YAHOO_WINDOW, limiter) : [];
  const appended = appendCloses(
    ctx.db,
    asOf,
    priced.map((h) => ({ symbol: h.ticker, close: h.priceUsd! })),
    now,
  );
  const backfilled = backfills.filter((s) => s.rows > 0);
  const remarks = [
    `${appended.toLocaleString('en-US')} closes from the ${fund} holdings`,
    `${backfilled.length.toLocaleString('en-US')} new members backfilled from Yahoo`,
  ];
  if (priced.length < holdings.holdings.length) remarks.push(`${holdings.holdings.length - priced.length} without a price`);
  return {
    source: 'prices',
    subject: `${fund} members`,
    rows: appended + backfilled.reduce((n, s) => n + s.rows, 0),
    asOf,
    failures: backfills.flatMap((s) => s.failures),
    note: remarks.join(', '),
    requests: limiter.requests,
    elapsedMs: Date.now() - started,
  };
}

/** Imports one symbol's price CSV from a local path, file:// URL or http(s) URL (see src/sources/prices/csv.ts). */
export async function importPriceCsv(ctx: IngestContext, location: string, symbol: string): Promise<IngestSummary> {
  const subject = normalisePriceSymbol(symbol) ?? symbol;
  checkSymbol(subject);
  const source = `price CSV ${subject}`;
  const text = await fetchText(location, { source, timeoutMs: ctx.config.HTTP_TIMEOUT_MS, clock: ctx.clock });
  if (text === null) throw new SourceError(source, `nothing at ${location}`);
  return storePrices(ctx, subject, location, parsePriceCsv(text, subject));
}

/** Writes a validated series as one snapshot, visible only once complete. */
function storePrices(ctx: IngestContext, symbol: string, origin: string, prices: ParsedPrices): IngestSummary {
  const asOf = prices.points.at(-1)!.date;
  const note = prices.notes.length > 0 ? prices.notes.join('; ') : null;
  withSnapshot(ctx.db, { source: 'prices', subject: symbol, origin, asOf, demo: ctx.demo }, (snapshotId) => {
    insertPricePoints(ctx.db, snapshotId, prices.points);
    completeSnapshot(ctx.db, snapshotId, { rowCount: prices.points.length, note });
  });
  const rows = prices.points.length;
  return { source: 'prices', subject: symbol, rows, asOf, failures: [], ...(note ? { note } : {}) };
}

/** Throws unless `symbol` is what normalisePriceSymbol returns for a ticker (IWM, BRK-B, BRK.B) or an index (^RUT). */
function checkSymbol(symbol: string): void {
  if (normalisePriceSymbol(symbol) !== symbol) throw new RangeError(`"${symbol}" is not a ticker symbol`);
}
