// Screener export values (table `screen_values`, db/migrations/006_screen.sql): written per export file under
// a building snapshot, read back merged across every complete screen snapshot (newest non-null value wins).
import type { Db } from './db.js';

/** Per-ticker screener figures. Money in US dollars, dividend yield a fraction (0.0136 = 1.36 %). */
export interface ScreenValues {
  ticker: string;
  name: string | null;
  sector: string | null;
  marketCapUsd: number | null;
  trailingPe: number | null;
  forwardPe: number | null;
  dividendYield: number | null;
  epsDiluted: number | null;
  revenueUsd: number | null;
  freeCashFlowUsd: number | null;
  priceUsd: number | null;
  beta: number | null;
  /** The export file(s) the values came from, newest first, comma-separated. */
  source: string;
  /** As-of date of the export whose market cap is taken; null when that export is undated or no export has one. */
  marketCapAsOf: string | null;
}

/** One row of one export, before it is tied to its file. */
export type ScreenRow = Omit<ScreenValues, 'source' | 'marketCapAsOf'>;

type ScreenField = Exclude<keyof ScreenRow, 'ticker'>;

/** Each screener figure and its column in screen_values: the one list that writes, reads and merges follow. */
const COLUMN_OF: { readonly [field in ScreenField]: string } = {
  name: 'name',
  sector: 'sector',
  marketCapUsd: 'market_cap_usd',
  trailingPe: 'trailing_pe',
  forwardPe: 'forward_pe',
  dividendYield: 'dividend_yield',
  epsDiluted: 'eps_diluted',
  revenueUsd: 'revenue_usd',
  freeCashFlowUsd: 'free_cash_flow_usd',
  priceUsd: 'price_usd',
  beta: 'beta',
};
const FIELDS = Object.keys(COLUMN_OF) as ScreenField[];

/** Writes one export's rows under a (building) snapshot in one transaction with one prepared statement. */
export function insertScreenRows(db: Db, snapshotId: number, rows: readonly ScreenRow[]): void {
  const insert = db.prepare(
    `INSERT INTO screen_values (snapshot_id, ticker, ${FIELDS.map((field) => COLUMN_OF[field]).join(', ')})
     VALUES (@snapshotId, @ticker, ${FIELDS.map((field) => `@${field}`).join(', ')})`,
  );
  db.transaction(() => {
    for (const row of rows) insert.run({ snapshotId, ...row });
  })();
}

/**
 * Every ticker in any complete screen snapshot, keyed by upper-case ticker. When several exports cover a
 * ticker, each field takes the value of the newest snapshot (latest as-of date, then latest ingest) where it is
 * not null; `source` lists the files that contributed, newest first.
 */
export function latestScreenValues(db: Db): Map<string, ScreenValues> {
  const rows = db
    .prepare(
      `SELECT s.subject, s.as_of AS asOf, v.ticker, ${FIELDS.map((field) => `v.${COLUMN_OF[field]} AS ${field}`).join(', ')}
       FROM screen_values v JOIN snapshots s ON s.id = v.snapshot_id
       WHERE s.source = 'screen' AND s.status = 'complete'
       ORDER BY s.as_of DESC NULLS LAST, s.id DESC`,
    )
    .all() as (ScreenRow & { subject: string; asOf: string | null })[];
  const merged = new Map<string, { values: ScreenRow; sources: string[]; marketCapAsOf: string | null }>();
  for (const { subject, asOf, ...row } of rows) {
    const incoming: ScreenRow = { ...row, ticker: row.ticker.toUpperCase() };
    const capAsOf = incoming.marketCapUsd === null ? null : asOf;
    const existing = merged.get(incoming.ticker);
    if (!existing) merged.set(incoming.ticker, { values: incoming, sources: [subject], marketCapAsOf: capAsOf });
    else {
      if (existing.values.marketCapUsd === null && incoming.marketCapUsd !== null) existing.marketCapAsOf = capAsOf;
      if (fillMissing(existing.values, incoming) && !existing.sources.includes(subject)) existing.sources.push(subject);
    }
  }
  return new Map(
    [...merged].map(([ticker, { values, sources, marketCapAsOf }]) => [ticker, { ...values, source: sources.join(', '), marketCapAsOf }]),
  );
}

/** The rows of one screen snapshot (one export file as imported), by ticker. */
export function screenRowsOf(db: Db, snapshotId: number): ScreenRow[] {
  const rows = db
    .prepare(
      `SELECT ticker, ${FIELDS.map((field) => `${COLUMN_OF[field]} AS ${field}`).join(', ')}
       FROM screen_values WHERE snapshot_id = ? ORDER BY ticker`,
    )
    .all(snapshotId) as ScreenRow[];
  return rows.map((row) => ({ ...row, ticker: row.ticker.toUpperCase() }));
}

/** Copies into `target` the fields it lacks and `older` has; true when anything was copied. */
function fillMissing(target: ScreenRow, older: ScreenRow): boolean {
  let filled = false;
  for (const field of FIELDS) {
    if (target[field] === null && older[field] !== null) {
      (target as Record<ScreenField, unknown>)[field] = older[field];
      filled = true;
    }
  }
  return filled;
}
