// Odds ingests: a Polymarket outcome's price history (Gamma lookup, then CLOB prices-history in windows) or one
// outcome column of the website's CSV export, stored as one series snapshot (as-of = UTC date of the last
// point). Everything is fetched and validated before the snapshot is begun; a failure leaves the previous
// series in place.
import { insertOddsPoints, oddsSeriesName, type OddsPoint } from '../store/odds.js';
import { completeSnapshot, withSnapshot } from '../store/snapshots.js';
import { fetchText, joinUrl, RateLimiter, SourceError } from '../sources/http.js';
import {
  chooseOutcomeToken,
  fetchGammaMarkets,
  fetchTokenHistory,
  historyRange,
  parsePolymarketCsv,
  POLYMARKET_CSV_SOURCE,
} from '../sources/polymarket.js';
import type { IngestContext, IngestSummary } from './context.js';

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
export async function ingestPolymarketOdds(
  ctx: IngestContext,
  slug: string,
  options: PolymarketOddsOptions,
): Promise<IngestSummary> {
  const request = { timeoutMs: ctx.config.HTTP_TIMEOUT_MS, limiter: new RateLimiter(POLYMARKET_REQUESTS_PER_SECOND) };
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

/** Imports one outcome column of a Polymarket website CSV export (local path, file:// or http(s) URL). */
export async function importOddsCsv(
  ctx: IngestContext,
  location: string,
  options: { column: string; name: string },
): Promise<IngestSummary> {
  if (options.name.trim() === '') throw new RangeError('an odds series needs a name');
  const text = await fetchText(location, { source: POLYMARKET_CSV_SOURCE, timeoutMs: ctx.config.HTTP_TIMEOUT_MS });
  if (text === null) throw new SourceError(POLYMARKET_CSV_SOURCE, `nothing at ${location}`);
  const series = parsePolymarketCsv(text, options.column);
  const remarks = [`Polymarket CSV export, column "${series.column}"`];
  if (series.blankRows > 0) remarks.push(`${series.blankRows} blank rows (before the market existed) skipped`);
  if (series.repeatedRows > 0) remarks.push(`${series.repeatedRows} repeated timestamps: later row kept`);
  return storeOdds(ctx, options.name, location, series.points, remarks.join('; '));
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
