// Builders for history tests: stores small hand-written holdings lists and prices as complete snapshots.
import type { Db } from '../../src/store/db.js';
import { insertHoldings, type Holding } from '../../src/store/holdings.js';
import { insertPricePoints } from '../../src/store/prices.js';
import { beginSnapshot, completeSnapshot } from '../../src/store/snapshots.js';

/** A holding line: [ticker, price] or [ticker, price, name]; everything else as iShares would leave it blank. */
export type Line = [ticker: string, priceUsd: number | null, name?: string];

export function holding([ticker, priceUsd, name]: Line): Holding {
  return {
    ticker,
    name: name ?? `${ticker} INC`,
    sector: 'Industrials',
    assetClass: 'Equity',
    marketValueUsd: null,
    weight: null,
    sharesHeld: null,
    priceUsd,
    exchange: null,
  };
}

/** Stores one fund's holdings as of a date; returns the snapshot id. */
export function storeHoldings(db: Db, fund: string, asOf: string, lines: readonly Line[]): number {
  const id = beginSnapshot(db, { source: 'holdings', subject: fund, origin: `test ${fund} ${asOf}`, asOf });
  insertHoldings(db, id, lines.map(holding));
  completeSnapshot(db, id, { rowCount: lines.length });
  return id;
}

/** Stores a price series (close only) for a symbol, as of its last date. */
export function storeCloses(db: Db, symbol: string, closes: readonly [date: string, close: number][]): number {
  const id = beginSnapshot(db, { source: 'prices', subject: symbol, origin: `test ${symbol}`, asOf: closes.at(-1)![0] });
  insertPricePoints(
    db,
    id,
    closes.map(([date, close]) => ({ date, close, adjClose: null })),
  );
  completeSnapshot(db, id, { rowCount: closes.length });
  return id;
}
