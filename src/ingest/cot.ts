// The futures side: the CFTC Commitments of Traders of the Russell 2000 futures, from the public reporting API (only
// the weeks after the newest stored) or from a file (TFF or legacy text, a zip of them, a saved API response), and
// the Russell 2000 index closes (^RUT) that value the futures' open interest. Everything is fetched and validated
// before the first row is written; all new weeks then become visible in one transaction (src/store/cot.ts).
import { RUSSELL_INDEX_SYMBOL } from '../core/futures.js';
import { fetchTffRows } from '../sources/cftc/api.js';
import { COT_FILE_SOURCE, parseCotFile } from '../sources/cftc/file.js';
import { fetchBytes, isRemote, RateLimiter, SourceError } from '../sources/http.js';
import { newestCotWeek, storeCotWeeks, type CotLayout, type CotRow } from '../store/cot.js';
import { plural } from '../core/text.js';
import type { IngestContext, IngestSummary } from './context.js';
import { ingestYahooPrices } from './prices.js';

/** The index closes asked for: back to the first COT week stored (the ICE mini, July 2008). */
const INDEX_FROM = '2008-01-01';

/** The weeks reported after the newest stored TFF week, from CFTC_API_URL; a summary with 0 rows when none is new. */
export async function ingestCotApi(ctx: IngestContext): Promise<IngestSummary> {
  const after = newestCotWeek(ctx.db, 'tff');
  const limiter = new RateLimiter(2, ctx.clock);
  const token = ctx.config.CFTC_APP_TOKEN;
  const rows = await fetchTffRows(ctx.config.CFTC_API_URL, after, {
    timeoutMs: ctx.config.HTTP_TIMEOUT_MS,
    limiter,
    clock: ctx.clock,
    ...(token ? { headers: { 'X-App-Token': token } } : {}),
  });
  const origin = `${ctx.config.CFTC_API_URL.replace(/\/+$/, '')}/resource/gpe5-46if.json`;
  const summary = store(ctx, 'tff', rows, origin);
  const note = rows.length === 0 ? `no report after ${after ?? 'none stored'} yet` : summary.note;
  return { ...summary, asOf: summary.asOf ?? after, requests: limiter.requests, ...(note ? { note } : {}) };
}

/** The ^RUT daily closes from Yahoo (one request). */
export function ingestIndexCloses(ctx: IngestContext): Promise<IngestSummary[]> {
  return ingestYahooPrices(ctx, [RUSSELL_INDEX_SYMBOL], { from: INDEX_FROM });
}

/** A COT file from a local path or URL: one summary per layout it holds. */
export async function importCotFile(ctx: IngestContext, location: string): Promise<IngestSummary[]> {
  const started = Date.now();
  const name = location.split(/[\\/]/).pop() || location;
  const limiter = new RateLimiter(1, ctx.clock);
  const bytes = await fetchBytes(location, {
    source: `${COT_FILE_SOURCE} ${name}`,
    timeoutMs: ctx.config.HTTP_TIMEOUT_MS,
    limiter,
    clock: ctx.clock,
  });
  if (bytes === null) throw new SourceError(`${COT_FILE_SOURCE} ${name}`, `nothing at ${location}`);
  const file = parseCotFile(bytes, name);
  return file.layouts.map((part) => {
    const summary = store(ctx, part.layout, part.rows, location);
    const skipped = part.otherRows > 0 ? `; ${plural(part.otherRows, 'row')} of other markets skipped` : '';
    const cost = { elapsedMs: Date.now() - started, ...(isRemote(location) ? { requests: limiter.requests } : {}) };
    return { ...summary, note: `${summary.note}${skipped}`, ...cost };
  });
}

/** Stores the rows as report weeks (replacing weeks already stored for the layout) and says what was written. */
function store(ctx: IngestContext, layout: CotLayout, rows: readonly CotRow[], origin: string): IngestSummary {
  const weeks = rows.length === 0 ? [] : storeCotWeeks(ctx.db, layout, rows, { origin, demo: ctx.demo });
  const span = weeks.length === 0 ? '' : ` (${weeks[0]} → ${weeks.at(-1)})`;
  const codes = [...new Set(rows.map((row) => row.code))].sort().join(', ');
  return {
    source: 'cot',
    subject: layout,
    rows: rows.length,
    asOf: weeks.at(-1) ?? null,
    failures: [],
    note: weeks.length === 0 ? '' : `${plural(weeks.length, 'report week')}${span}, codes ${codes}`,
  };
}
