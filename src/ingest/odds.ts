// Odds ingests: a Polymarket outcome's price history (Gamma lookup, then CLOB prices-history in windows), or a
// file — one outcome column of Polymarket's website CSV export, a Kalshi candlestick CSV or a saved CLOB
// prices-history body — stored as one series snapshot (as-of = UTC date of the last
// point). Everything is fetched and validated before the snapshot is begun; a failure leaves the previous
// series in place.
import { plural } from '../core/text.js';
import type { OddsSeriesEntry } from '../config.js';
import { insertOddsPoints, oddsSeriesName, type OddsPoint } from '../store/odds.js';
import { completeSnapshot, withSnapshot } from '../store/snapshots.js';
import { parseCsv } from '../sources/csv.js';
import { fetchText, joinUrl, RateLimiter, SourceError } from '../sources/http.js';
import { isKalshiHeader, parseKalshiCandlesticksCsv } from '../sources/kalshi.js';
import { fetchTokenHistory, historyRange, parsePriceHistory } from '../sources/polymarket/clob.js';
import { parsePolymarketCsv } from '../sources/polymarket/csv.js';
import { chooseOutcomeToken, fetchGammaMarkets } from '../sources/polymarket/gamma.js';
import { CLOB_SOURCE, uniqueByTime } from '../sources/polymarket/shared.js';
import { timed, type IngestContext, type IngestSummary } from './context.js';

const ODDS_FILE_SOURCE = 'odds file';

/** Polymarket's public APIs allow far more; a few requests a second is polite and keeps a year to ~10 s. */
const POLYMARKET_REQUESTS_PER_SECOND = 4;

export interface PolymarketOddsOptions {
  /** A candidate's name (groupItemTitle) in an event, or an outcome of a single market ("Yes"). */
  outcome: string;
  /** Series name to store under; default oddsSeriesName(slug, outcome), e.g. "…-winner-2024/donald-trump". */
  name?: string;
  /** First and last UTC day to fetch, 'YYYY-MM-DD'; default the market's life (to a week past its end, or now). */
  from?: string;
  to?: string;
}

/** Looks up `slug` on Gamma (market, then event), follows the outcome's token and stores its price history. */
export async function ingestPolymarketOdds(ctx: IngestContext, slug: string, options: PolymarketOddsOptions): Promise<IngestSummary> {
  const request = { timeoutMs: ctx.config.HTTP_TIMEOUT_MS, limiter: new RateLimiter(POLYMARKET_REQUESTS_PER_SECOND, ctx.clock), clock: ctx.clock };
  const { markets } = await fetchGammaMarkets(ctx.config.POLYMARKET_GAMMA_URL, slug, request);
  const token = chooseOutcomeToken(markets, options.outcome, slug);
  const range = historyRange(token.market, options);
  const history = await fetchTokenHistory(ctx.config.POLYMARKET_CLOB_URL, token, range, request);
  const origin = `${joinUrl(ctx.config.POLYMARKET_CLOB_URL, '/prices-history')}?market=${token.tokenId}`;
  const cadence = history.fidelityMinutes === 60 ? 'hourly' : `every ${history.fidelityMinutes / 60} h`;
  const note = `Polymarket "${token.market.question}" ${token.tokenOutcome}, ${cadence}`;
  const summary = storeOdds(ctx, options.name ?? oddsSeriesName(slug, options.outcome), origin, history.points, note);
  return { ...summary, requests: request.limiter.requests };
}

export type OddsFileFormat = 'polymarket-csv' | 'kalshi-csv' | 'clob-json';
export const ODDS_FILE_FORMATS: readonly OddsFileFormat[] = ['polymarket-csv', 'kalshi-csv', 'clob-json'];

/** The format of an odds file from its content: JSON is a CLOB prices-history body; CSV by its header names. */
export function detectOddsFormat(text: string): OddsFileFormat | null {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{')) return 'clob-json';
  const header = parseCsv(body.split(/\r?\n/, 1)[0] ?? '', 'odds file').header;
  if (header.includes('timestamp (utc)') || header.includes('date (utc)')) return 'polymarket-csv';
  return isKalshiHeader(header) ? 'kalshi-csv' : null;
}

export interface OddsFileOptions {
  /** Series name to store under. */
  name: string;
  /** The file's format; detected from its content when absent. */
  format?: OddsFileFormat;
  /** The outcome column of a Polymarket CSV export (e.g. "Donald Trump"). */
  column?: string;
}

/**
 * Imports an odds file (local path, file:// or http(s) URL): a Polymarket website CSV export (one outcome column),
 * a Kalshi candlestick CSV (close prices in cents) or a saved CLOB prices-history JSON body.
 */
export async function importOddsFile(ctx: IngestContext, location: string, options: OddsFileOptions): Promise<IngestSummary> {
  if (options.name.trim() === '') throw new RangeError('an odds series needs a name');
  const text = await fetchText(location, { source: ODDS_FILE_SOURCE, timeoutMs: ctx.config.HTTP_TIMEOUT_MS, clock: ctx.clock });
  if (text === null) throw new SourceError(ODDS_FILE_SOURCE, `nothing at ${location}`);
  const format = options.format ?? detectOddsFormat(text);
  if (format === 'kalshi-csv') {
    const series = parseKalshiCandlesticksCsv(text);
    const remarks = [`Kalshi candlesticks, "${series.column}" in cents at each period's end (UTC)`];
    if (series.blankRows > 0) remarks.push(`${plural(series.blankRows, 'period')} without a trade skipped`);
    return storeOdds(ctx, options.name, location, series.points, remarks.join('; '));
  }
  if (format === 'clob-json') {
    const points = uniqueByTime(parsePriceHistory(parseJson(text, location)));
    if (points.length === 0) throw new SourceError(CLOB_SOURCE, `${location}: the history is empty`);
    return storeOdds(ctx, options.name, location, points, 'Polymarket CLOB prices-history file');
  }
  if (format === 'polymarket-csv') {
    if (!options.column) throw new RangeError('a Polymarket CSV export needs the outcome column to import (--column "Donald Trump")');
    const series = parsePolymarketCsv(text, options.column);
    const remarks = [`Polymarket CSV export, column "${series.column}"`];
    if (series.blankRows > 0) remarks.push(`${plural(series.blankRows, 'blank row')} (before the market existed) skipped`);
    if (series.repeatedRows > 0) remarks.push(`${plural(series.repeatedRows, 'repeated timestamp')}: later row kept`);
    return storeOdds(ctx, options.name, location, series.points, remarks.join('; '));
  }
  throw new SourceError(
    ODDS_FILE_SOURCE,
    `${location}: not a Polymarket CSV export ("Timestamp (UTC)" column), Kalshi candlestick CSV (price_close, end_period_ts/timestamp) or CLOB prices-history JSON; give --format (${ODDS_FILE_FORMATS.join(', ')})`,
  );
}

function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError(CLOB_SOURCE, `${location}: not JSON (${(error as Error).message})`);
  }
}

/**
 * Every configured series: the primary one (ODDS_MARKET_SLUG / ODDS_OUTCOME), then each ODDS_SERIES entry. The
 * primary failing stops the ingest; an entry failing is reported in its summary and the others go on.
 */
export async function ingestConfiguredOdds(ctx: IngestContext): Promise<IngestSummary[]> {
  const { config } = ctx;
  const summaries = await timed(() => ingestPolymarketOdds(ctx, config.ODDS_MARKET_SLUG, { outcome: config.ODDS_OUTCOME }));
  for (const entry of config.ODDS_SERIES) {
    summaries.push(
      ...(await timed(async () => {
        try {
          return await ingestOddsEntry(ctx, entry);
        } catch (error) {
          const failure = (error as Error).message;
          ctx.log(`odds ${entry.name}: ${failure}`);
          return { source: 'odds', subject: entry.name, rows: 0, asOf: null, failures: [failure] };
        }
      })),
    );
  }
  return summaries;
}

function ingestOddsEntry(ctx: IngestContext, entry: OddsSeriesEntry): Promise<IngestSummary> {
  if ('polymarket' in entry) return ingestPolymarketOdds(ctx, entry.polymarket, { outcome: entry.outcome, name: entry.name });
  return importOddsFile(ctx, entry.file, { name: entry.name, format: entry.format, column: entry.column });
}

/** Writes a validated, sorted series as one snapshot, visible only once complete. */
function storeOdds(ctx: IngestContext, name: string, origin: string, points: OddsPoint[], note: string): IngestSummary {
  const asOf = new Date(points.at(-1)!.t * 1000).toISOString().slice(0, 10);
  withSnapshot(ctx.db, { source: 'odds', subject: name, origin, asOf, demo: ctx.demo }, (snapshotId) => {
    insertOddsPoints(ctx.db, snapshotId, points);
    completeSnapshot(ctx.db, snapshotId, { rowCount: points.length, note });
  });
  return { source: 'odds', subject: name, rows: points.length, asOf, failures: [], note };
}
