// Assembles what the metrics see — the fund's members with their fundamentals, 1-year return and screener
// values — from the latest complete snapshots in the cache, or as of an earlier date from the kept history. Reads through src/store; computes nothing itself
// beyond joining (the return comes from the metric function).
import type { Db } from '../store/db.js';
import { holdingsAt, latestHoldings } from '../store/holdings.js';
import { latestFundamentals, type Fundamentals as StoredFundamentals } from '../store/fundamentals.js';
import { priceSeries } from '../store/prices.js';
import { latestScreenValues } from '../store/screen.js';
import { snapshotsVersion, type Snapshot } from '../store/snapshots.js';
import { oneYearReturn } from '../metrics/returns.js';
import type { Member } from '../metrics/inputs.js';

export interface Universe {
  fund: string;
  holdingsSnapshot: Snapshot;
  /** The date figures are taken at: the holdings as-of date, else the fund's last price date. */
  asOfDate: string | null;
  /** The earlier date asked for (the history: the holdings are the newest on or before it); null for the latest snapshots. */
  requestedAsOf: string | null;
  members: Member[];
  /** Fundamentals by ticker for anything in the cache (members or not), for ticker cards. */
  fundamentals: Map<string, StoredFundamentals>;
}

/** Universes already assembled, per database and fund, valid while the snapshots are unchanged. */
const cache = new WeakMap<Db, Map<string, { version: string; universe: Universe | null }>>();

/**
 * The fund's members with their data: from the latest snapshots, or with `asOf` (YYYY-MM-DD) from the fund's
 * newest holdings snapshot dated on or before it, with the fundamentals known on that snapshot's date and the
 * 1-year return to it. Assembling it reads every member's price series, so the result is kept until a snapshot
 * completes (interaction handlers call this on every command).
 */
export function loadUniverse(db: Db, fund = 'IWM', asOf?: string, options: { returns?: boolean } = {}): Universe | null {
  const version = snapshotsVersion(db);
  const byFund = cache.get(db) ?? new Map<string, { version: string; universe: Universe | null }>();
  cache.set(db, byFund);
  const returns = options.returns ?? true;
  const key = `${fund}@${asOf ?? 'latest'}${returns ? '' : ' without returns'}`;
  const hit = byFund.get(key);
  if (hit?.version === version) return hit.universe;
  const universe = assembleUniverse(db, fund, asOf, returns);
  byFund.set(key, { version, universe });
  return universe;
}

/** `returns: false` skips the price series (1-year returns null): the history needs only the fundamentals. */
function assembleUniverse(db: Db, fund: string, asOf: string | undefined, returns: boolean): Universe | null {
  const holdings = asOf ? holdingsAt(db, fund, asOf) : latestHoldings(db, fund);
  if (!holdings) return null;
  const fundamentals = latestFundamentals(db, asOf ? (holdings.snapshot.asOf ?? undefined) : undefined);
  const screen = latestScreenValues(db);
  const asOfDate = holdings.snapshot.asOf ?? priceSeries(db, fund)?.snapshot.asOf ?? null;
  const members = holdings.holdings.map((holding): Member => {
    const facts = fundamentals.get(holding.ticker) ?? null;
    const prices = asOfDate && returns ? priceSeries(db, holding.ticker) : null;
    const screened = screen.get(holding.ticker) ?? null;
    return {
      ticker: holding.ticker,
      name: holding.name,
      sector: holding.sector,
      weight: holding.weight,
      priceUsd: holding.priceUsd,
      fundamentals: facts,
      return1y: prices && asOfDate ? (oneYearReturn(prices.points, asOfDate)?.return1y ?? null) : null,
      screen: screened,
      demo: (facts?.demo ?? false) || (prices?.snapshot.demo ?? false),
    };
  });
  return { fund, holdingsSnapshot: holdings.snapshot, asOfDate, requestedAsOf: asOf ?? null, members, fundamentals };
}
