// Fund holdings rows (table `holdings`, db/migrations/002_holdings.sql): written under a building snapshot by
// the holdings ingest, read back from the newest complete snapshot of a fund.
import type { Db } from './db.js';
import { datedSnapshots, latestSnapshot, snapshotAt, type Snapshot } from './snapshots.js';

/** One equity position of a fund. Weight is a fraction of net assets (0.0055 = 0.55 %). */
export interface Holding {
  ticker: string;
  name: string;
  sector: string | null;
  assetClass: string;
  marketValueUsd: number | null;
  weight: number | null;
  sharesHeld: number | null;
  priceUsd: number | null;
  exchange: string | null;
}

interface HoldingRow {
  ticker: string;
  name: string;
  sector: string | null;
  asset_class: string;
  market_value_usd: number | null;
  weight: number | null;
  shares_held: number | null;
  price_usd: number | null;
  exchange: string | null;
}

const toHolding = (row: HoldingRow): Holding => ({
  ticker: row.ticker,
  name: row.name,
  sector: row.sector,
  assetClass: row.asset_class,
  marketValueUsd: row.market_value_usd,
  weight: row.weight,
  sharesHeld: row.shares_held,
  priceUsd: row.price_usd,
  exchange: row.exchange,
});

/** Writes the holdings of a (building) snapshot in one transaction with one prepared statement. */
export function insertHoldings(db: Db, snapshotId: number, holdings: readonly Holding[]): void {
  const insert = db.prepare(
    `INSERT INTO holdings (snapshot_id, ticker, name, sector, asset_class, market_value_usd, weight, shares_held,
       price_usd, exchange)
     VALUES (@snapshotId, @ticker, @name, @sector, @assetClass, @marketValueUsd, @weight, @sharesHeld, @priceUsd,
       @exchange)`,
  );
  db.transaction(() => {
    for (const holding of holdings) insert.run({ snapshotId, ...holding });
  })();
}

/** A fund's totals from its holdings file (db/migrations/008_fund_totals.sql); null = not in the file. */
export interface FundTotals {
  /** Σ Market Value over every row of the holdings table (all asset classes), US dollars. */
  marketValueUsd: number | null;
  /** The preamble's "Shares Outstanding". */
  sharesOutstanding: number | null;
  /** The preamble's NAV per share, US dollars. */
  navPerShareUsd: number | null;
}

/** Writes a (building) holdings snapshot's fund totals. */
export function insertFundTotals(db: Db, snapshotId: number, totals: FundTotals): void {
  db.prepare(
    `INSERT INTO fund_totals (snapshot_id, market_value_usd, shares_outstanding, nav_per_share_usd)
     VALUES (@snapshotId, @marketValueUsd, @sharesOutstanding, @navPerShareUsd)`,
  ).run({ snapshotId, ...totals });
}

/** The fund totals stored with a holdings snapshot; null for a snapshot without them. */
export function fundTotals(db: Db, snapshotId: number): FundTotals | null {
  const row = db
    .prepare(
      `SELECT market_value_usd AS marketValueUsd, shares_outstanding AS sharesOutstanding, nav_per_share_usd AS navPerShareUsd
       FROM fund_totals WHERE snapshot_id = ?`,
    )
    .get(snapshotId) as FundTotals | undefined;
  return row ?? null;
}

export interface HoldingsSnapshot {
  snapshot: Snapshot;
  holdings: Holding[];
}

/** The holdings of a fund's newest complete snapshot (latest as-of date), largest market value first. */
export function latestHoldings(db: Db, fund: string): HoldingsSnapshot | null {
  return holdingsOf(db, latestSnapshot(db, 'holdings', fund));
}

/** The holdings of a fund's newest complete snapshot dated on or before `date` (YYYY-MM-DD). */
export function holdingsAt(db: Db, fund: string, date: string): HoldingsSnapshot | null {
  return holdingsOf(db, snapshotAt(db, 'holdings', fund, date));
}

/** Every dated holdings snapshot of a fund that is kept, oldest first (the rows are read with holdingsOf). */
export function holdingsSnapshots(db: Db, fund: string): Snapshot[] {
  return datedSnapshots(db, 'holdings', fund);
}

/** The rows of one holdings snapshot, largest market value first; null for no snapshot. */
export function holdingsOf(db: Db, snapshot: Snapshot | null): HoldingsSnapshot | null {
  if (!snapshot) return null;
  const rows = db
    .prepare(
      `SELECT ticker, name, sector, asset_class, market_value_usd, weight, shares_held, price_usd, exchange
       FROM holdings WHERE snapshot_id = ? ORDER BY market_value_usd DESC NULLS LAST, ticker`,
    )
    .all(snapshot.id) as HoldingRow[];
  return { snapshot, holdings: rows.map(toHolding) };
}

/** The members of every fund's newest holdings snapshot, each ticker once, alphabetically. */
export function latestMembersOfEveryFund(db: Db): string[] {
  const tickers = holdingsFunds(db).flatMap((fund) => latestHoldings(db, fund)?.holdings.map((h) => h.ticker) ?? []);
  return [...new Set(tickers)].sort();
}

/** Fund symbols that have at least one complete holdings snapshot, alphabetically. */
export function holdingsFunds(db: Db): string[] {
  const rows = db.prepare(`SELECT DISTINCT subject FROM snapshots WHERE source = 'holdings' AND status = 'complete' ORDER BY subject`).all() as {
    subject: string;
  }[];
  return rows.map((row) => row.subject);
}
