// Holdings ingest: fetch the iShares holdings CSV, parse and validate all of it, then write it as one
// snapshot of the fund that becomes visible only when complete (a failure leaves the previous one in place).
import { insertFuturesLines } from '../store/fund-futures.js';
import { insertFundTotals, insertHoldings } from '../store/holdings.js';
import { completeSnapshot, latestSnapshot, withSnapshot } from '../store/snapshots.js';
import { parseIsharesHoldings, ISHARES_SOURCE, type HoldingsOptions } from '../sources/ishares.js';
import { fetchText, isRemote, RateLimiter, SourceError } from '../sources/http.js';
import type { IngestContext, IngestSummary } from './context.js';

/** ishares.com answers scripted user agents with an HTML block page; a browser's gets the CSV. */
export const BROWSER_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** A new file of a fund with fewer members than this share of its latest snapshot's is taken as cut short. */
export const MIN_MEMBERS_KEPT = 0.9;

export interface IngestHoldingsOptions extends HoldingsOptions {
  /** Store the file even when it has far fewer members than the fund's latest snapshot (the fund really shrank). */
  allowShrink?: boolean;
}

/** Why a file of `rows` members looks cut short against the fund's latest snapshot, or null. A file without the
 * iShares preamble has no end marker to check, so this is what catches one cut at a line boundary. */
function shrinkProblem(ctx: IngestContext, fund: string, rows: number): string | null {
  const latest = latestSnapshot(ctx.db, 'holdings', fund);
  if (latest?.rowCount == null || rows >= latest.rowCount * MIN_MEMBERS_KEPT) return null;
  return (
    `${fund} file has ${rows.toLocaleString('en-US')} members against ${latest.rowCount.toLocaleString('en-US')} in the snapshot of ${latest.asOf ?? 'n/a'} ` +
    `(under ${MIN_MEMBERS_KEPT * 100}%): it looks cut short; nothing stored (pass --allow-shrink if the fund really shrank)`
  );
}

/** A holdings location as a summary names it before its fund is known: the file name, without the query. */
export function holdingsLocationLabel(location: string): string {
  const fileName = /[?&]fileName=([\w.-]+)/.exec(location)?.[1];
  return (
    fileName ??
    location
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .at(-1) ??
    location
  );
}

/**
 * Ingests one holdings download from a local path, file:// URL or http(s) URL. `fund` and `asOf` supply what
 * the file does not say (a preamble-stripped copy); they must agree with it when it does.
 */
export async function ingestHoldings(ctx: IngestContext, location: string, options: IngestHoldingsOptions = {}): Promise<IngestSummary> {
  const limiter = new RateLimiter(1, ctx.clock); // one file; the limiter counts the requests (retries included)
  const text = await fetchText(location, {
    source: ISHARES_SOURCE,
    headers: { 'User-Agent': BROWSER_USER_AGENT, Accept: 'text/csv,text/plain;q=0.9,*/*;q=0.8' },
    timeoutMs: ctx.config.HTTP_TIMEOUT_MS,
    limiter,
    clock: ctx.clock,
  });
  if (text === null) throw new SourceError(ISHARES_SOURCE, `nothing at ${location}`);
  const file = parseIsharesHoldings(text, options);
  const shrunk = options.allowShrink ? null : shrinkProblem(ctx, file.fund, file.holdings.length);
  if (shrunk !== null) throw new SourceError(ISHARES_SOURCE, shrunk);
  const start = { source: 'holdings', subject: file.fund, origin: location, asOf: file.asOf, demo: ctx.demo } as const;
  withSnapshot(ctx.db, start, (snapshotId) => {
    insertHoldings(ctx.db, snapshotId, file.holdings);
    insertFundTotals(ctx.db, snapshotId, file.totals);
    insertFuturesLines(ctx.db, snapshotId, file.futures);
    completeSnapshot(ctx.db, snapshotId, { rowCount: file.holdings.length, note: file.note });
  });
  return {
    source: 'holdings',
    subject: file.fund,
    rows: file.holdings.length,
    asOf: file.asOf,
    failures: [],
    ...(file.note ? { note: file.note } : {}),
    ...(isRemote(location) ? { requests: limiter.requests } : {}),
  };
}
