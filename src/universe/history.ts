// The history behind /zombie trend and `zombie history`: the headline shares of every kept IWM holdings snapshot
// (each computed as of its date from the kept fundamentals) and, for today's members, the fiscal-year shares from
// their companyfacts history (survivors only).
import { computeIndexMetrics } from '../metrics/index-metrics.js';
import { fiscalYearTrend, headlineShares, type FiscalYearShares, type HeadlineShares } from '../metrics/trends.js';
import { isBisExcluded } from '../metrics/zombies.js';
import type { Db } from '../store/db.js';
import { holdingsSnapshots } from '../store/holdings.js';
import { loadUniverse } from './load.js';

export interface HistorySnapshot extends HeadlineShares {
  asOf: string;
  members: number;
}

/** `zombie history --json`: exactly these two keys. */
export interface History {
  snapshots: HistorySnapshot[];
  fiscalYears: FiscalYearShares[];
}

/** The fund's history, oldest first; null without holdings. `demoData` says whether any figure rests on generated data. */
export function loadHistory(db: Db, fund = 'IWM'): { history: History; demoData: boolean } | null {
  const latest = loadUniverse(db, fund);
  if (!latest) return null;
  let demoData = latest.members.some((m) => m.demo);
  const snapshots = holdingsSnapshots(db, fund).flatMap((snapshot): HistorySnapshot[] => {
    const universe = snapshot.id === latest.holdingsSnapshot.id ? latest : loadUniverse(db, fund, snapshot.asOf!, { returns: false });
    if (!universe) return [];
    demoData ||= universe.members.some((m) => m.demo);
    const metrics = computeIndexMetrics(universe.members, { trump: null, valuation: {} });
    return [{ asOf: snapshot.asOf!, members: metrics.members, ...headlineShares(metrics) }];
  });
  const fiscalYears = fiscalYearTrend(latest.members.map((m) => ({ annual: m.fundamentals?.annual ?? [], bisExcluded: isBisExcluded(m.sector) })));
  return { history: { snapshots, fiscalYears }, demoData };
}
