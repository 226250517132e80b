// An ETF's flows: creations and redemptions between two holdings files, from the shares outstanding in each file's
// preamble, valued at NAV.
import { netAssets } from './aum.js';
import type { FundTotals } from './inputs.js';

export interface FundFlow {
  from: string;
  to: string;
  sharesFrom: number;
  sharesTo: number;
  /** Shares created (+) or redeemed (−) between the two files. */
  sharesChange: number;
  navFrom: number;
  navTo: number;
  /** sharesChange × the mean of the two NAVs per share, US dollars. */
  flow: number;
}

/** NAV per share: the preamble's NAV, else net assets ÷ shares outstanding (both from the same holdings file). */
export function navPerShare(totals: FundTotals): number | null {
  if (totals.navPerShareUsd !== null) return totals.navPerShareUsd;
  const assets = netAssets(totals);
  return assets === null || totals.sharesOutstanding === null || totals.sharesOutstanding <= 0 ? null : assets / totals.sharesOutstanding;
}

/** Flows between consecutive kept holdings files (oldest first) that both give shares outstanding and a NAV. */
export function fundFlows(snapshots: readonly { asOf: string; totals: FundTotals }[]): FundFlow[] {
  const known = snapshots.flatMap(({ asOf, totals }) => {
    const nav = navPerShare(totals);
    return totals.sharesOutstanding === null || nav === null ? [] : [{ asOf, shares: totals.sharesOutstanding, nav }];
  });
  return known.slice(1).map((to, i) => {
    const from = known[i]!;
    const sharesChange = to.shares - from.shares;
    // Flow = (shares_to − shares_from) × (NAV_from + NAV_to) / 2.
    return {
      from: from.asOf,
      to: to.asOf,
      sharesFrom: from.shares,
      sharesTo: to.shares,
      sharesChange,
      navFrom: from.nav,
      navTo: to.nav,
      flow: (sharesChange * (from.nav + to.nav)) / 2,
    };
  });
}
