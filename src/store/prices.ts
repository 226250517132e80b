// Daily closes (table `prices`, db/migrations/004_prices.sql): written under a building snapshot by the price
// ingests, read back from the newest complete snapshot of a symbol.
import type { Db } from './db.js';
import { normalisePriceSymbol } from '../core/ticker.js';
import { latestSnapshot, type Snapshot } from './snapshots.js';

/** One trading day. `date` is the exchange-local day 'YYYY-MM-DD'; prices in the quote currency. */
export interface PricePoint {
  date: string;
  close: number;
  /** Close adjusted for splits and distributions (total return); null in a price-only series. */
  adjClose: number | null;
}

export interface PriceSeries {
  snapshot: Snapshot;
  /** True when every point has adjClose (total return); false for a price-only series ("price return"). */
  adjusted: boolean;
  /** Ascending by date. */
  points: PricePoint[];
}

/** Writes the points of a (building) snapshot in one transaction with one prepared statement. */
export function insertPricePoints(db: Db, snapshotId: number, points: readonly PricePoint[]): void {
  const insert = db.prepare(`INSERT INTO prices (snapshot_id, date, close, adj_close) VALUES (?, ?, ?, ?)`);
  db.transaction(() => {
    for (const point of points) insert.run(snapshotId, point.date, point.close, point.adjClose);
  })();
}

/** The newest complete price snapshot of a symbol (normalised; null for what is no ticker or index symbol). */
export function latestPriceSnapshot(db: Db, symbol: string): Snapshot | null {
  const subject = normalisePriceSymbol(symbol);
  return subject === null ? null : latestSnapshot(db, 'prices', subject);
}

/** The newest complete price series of a symbol (latest as-of date), ascending by date; null when none. */
export function priceSeries(db: Db, symbol: string): PriceSeries | null {
  const snapshot = latestPriceSnapshot(db, symbol);
  if (!snapshot) return null;
  const points = db
    .prepare(`SELECT date, close, adj_close AS adjClose FROM prices WHERE snapshot_id = ? ORDER BY date`)
    .all(snapshot.id) as PricePoint[];
  const adjusted = points.length > 0 && points.every((point) => point.adjClose !== null);
  return { snapshot, adjusted, points };
}

/**
 * Appends one day's close of each symbol to its newest complete series, in place and in one transaction (a
 * series grows by a day; its snapshot's as-of date and completion time move with it). The adjusted close
 * carries the series' last adjustment factor forward (adjClose = close × lastAdjClose / lastClose); null in a
 * price-only series. A symbol with no series, or whose series already reaches `date`, is left alone. Returns
 * how many closes were appended.
 */
export function appendCloses(db: Db, date: string, closes: readonly { symbol: string; close: number }[], now = new Date()): number {
  const lastPoint = db.prepare(`SELECT date, close, adj_close AS adjClose FROM prices WHERE snapshot_id = ? ORDER BY date DESC LIMIT 1`);
  const moveSnapshot = db.prepare(`UPDATE snapshots SET as_of = ?, row_count = row_count + 1, completed_at = ? WHERE id = ?`);
  return db.transaction(() => {
    let appended = 0;
    for (const { symbol, close } of closes) {
      const snapshot = latestPriceSnapshot(db, symbol);
      const last = snapshot ? (lastPoint.get(snapshot.id) as PricePoint | undefined) : undefined;
      if (!snapshot || !last || last.date >= date) continue;
      const adjClose = last.adjClose === null ? null : (close * last.adjClose) / last.close;
      insertPricePoints(db, snapshot.id, [{ date, close, adjClose }]);
      moveSnapshot.run(date, now.toISOString(), snapshot.id);
      appended++;
    }
    return appended;
  })();
}

/** Symbols that have at least one complete price snapshot, alphabetically. */
export function priceSymbols(db: Db): string[] {
  const rows = db.prepare(`SELECT DISTINCT subject FROM snapshots WHERE source = 'prices' AND status = 'complete' ORDER BY subject`).all() as {
    subject: string;
  }[];
  return rows.map((row) => row.subject);
}
