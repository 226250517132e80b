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
}

/** One row of one export, before it is tied to its file. */
export type ScreenRow = Omit<ScreenValues, 'source'>;

type ScreenField = Exclude<keyof ScreenRow, 'ticker'>;

const FIELDS: readonly ScreenField[] = [
  'name',
  'sector',
  'marketCapUsd',
  'trailingPe',
  'forwardPe',
  'dividendYield',
  'epsDiluted',
  'revenueUsd',
  'freeCashFlowUsd',
  'priceUsd',
  'beta',
];

/** Writes one export's rows under a (building) snapshot in one transaction with one prepared statement. */
export function insertScreenRows(db: Db, snapshotId: number, rows: readonly ScreenRow[]): void {
  const insert = db.prepare(
    `INSERT INTO screen_values (snapshot_id, ticker, name, sector, market_cap_usd, trailing_pe, forward_pe,
       dividend_yield, eps_diluted, revenue_usd, free_cash_flow_usd, price_usd, beta)
     VALUES (@snapshotId, @ticker, @name, @sector, @marketCapUsd, @trailingPe, @forwardPe, @dividendYield,
       @epsDiluted, @revenueUsd, @freeCashFlowUsd, @priceUsd, @beta)`,
  );
  db.transaction(() => {
    for (const row of rows) insert.run({ snapshotId, ...row });
  })();
}

interface StoredRow {
  subject: string;
  ticker: string;
  name: string | null;
  sector: string | null;
  market_cap_usd: number | null;
  trailing_pe: number | null;
  forward_pe: number | null;
  dividend_yield: number | null;
  eps_diluted: number | null;
  revenue_usd: number | null;
  free_cash_flow_usd: number | null;
  price_usd: number | null;
  beta: number | null;
}

const toScreenRow = (row: StoredRow): ScreenRow => ({
  ticker: row.ticker.toUpperCase(),
  name: row.name,
  sector: row.sector,
  marketCapUsd: row.market_cap_usd,
  trailingPe: row.trailing_pe,
  forwardPe: row.forward_pe,
  dividendYield: row.dividend_yield,
  epsDiluted: row.eps_diluted,
  revenueUsd: row.revenue_usd,
  freeCashFlowUsd: row.free_cash_flow_usd,
  priceUsd: row.price_usd,
  beta: row.beta,
});

/**
 * Every ticker in any complete screen snapshot, keyed by upper-case ticker. When several exports cover a
 * ticker, each field takes the value of the newest snapshot (latest as-of date, then latest ingest) where it is
 * not null; `source` lists the files that contributed, newest first.
 */
export function latestScreenValues(db: Db): Map<string, ScreenValues> {
  const rows = db
    .prepare(
      `SELECT s.subject, v.ticker, v.name, v.sector, v.market_cap_usd, v.trailing_pe, v.forward_pe, v.dividend_yield,
         v.eps_diluted, v.revenue_usd, v.free_cash_flow_usd, v.price_usd, v.beta
       FROM screen_values v JOIN snapshots s ON s.id = v.snapshot_id
       WHERE s.source = 'screen' AND s.status = 'complete'
       ORDER BY s.as_of DESC NULLS LAST, s.id DESC`,
    )
    .all() as StoredRow[];
  const merged = new Map<string, { values: ScreenRow; sources: string[] }>();
  for (const row of rows) {
    const incoming = toScreenRow(row);
    const existing = merged.get(incoming.ticker);
    if (!existing) merged.set(incoming.ticker, { values: incoming, sources: [row.subject] });
    else if (fillMissing(existing.values, incoming) && !existing.sources.includes(row.subject)) {
      existing.sources.push(row.subject);
    }
  }
  return new Map([...merged].map(([ticker, { values, sources }]) => [ticker, { ...values, source: sources.join(', ') }]));
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
