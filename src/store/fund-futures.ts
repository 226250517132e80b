// The futures lines of a fund's holdings files (table fund_futures, db/migrations/009_cot.sql), e.g. IWM's
// "RTYU4, RUSSELL 2000 EMINI CME SEP 24, Quantity 1,909, Price 2,145.60": written with the holdings snapshot, read
// back over every kept snapshot of the fund (the futures price is an index level of that date).
import type { Db } from './db.js';

/** One futures line of a holdings file; money in US dollars, price in index points. */
export interface FuturesLine {
  ticker: string;
  name: string;
  quantity: number | null;
  priceUsd: number | null;
  notionalUsd: number | null;
}

/** Writes a (building) holdings snapshot's futures lines. */
export function insertFuturesLines(db: Db, snapshotId: number, lines: readonly FuturesLine[]): void {
  const insert = db.prepare(
    `INSERT INTO fund_futures (snapshot_id, ticker, name, quantity, price_usd, notional_usd)
     VALUES (@snapshotId, @ticker, @name, @quantity, @priceUsd, @notionalUsd)`,
  );
  for (const line of lines) insert.run({ snapshotId, ...line });
}

/** Every futures line of the fund's kept holdings snapshots with the snapshot's date, oldest first. */
export function fundFuturesLines(db: Db, fund: string): (FuturesLine & { asOf: string })[] {
  return db
    .prepare(
      `SELECT s.as_of AS asOf, f.ticker, f.name, f.quantity, f.price_usd AS priceUsd, f.notional_usd AS notionalUsd
       FROM fund_futures f JOIN snapshots s ON s.id = f.snapshot_id
       WHERE s.source = 'holdings' AND s.subject = ? AND s.status = 'complete' AND s.as_of IS NOT NULL
       ORDER BY s.as_of, f.ticker`,
    )
    .all(fund) as (FuturesLine & { asOf: string })[];
}
