// Trends: the headline shares of one snapshot's index figures, and the negative-EPS and BIS-zombie shares by
// fiscal year from members' annual history (today's members only: survivors).
import type { IndexMetrics } from './index-metrics.js';
import { share, type CountShare } from './stats.js';
import type { AnnualFigures } from './inputs.js';
import { isBisZombie } from './zombies.js';

/** The six headline shares, each over its own coverage (null when nothing is covered). */
export interface HeadlineShares {
  /** TTM diluted EPS < 0, among members with EPS. */
  negativeEpsShare: number | null;
  /** Altman Z < 1.81, among scored (non-financial) members. */
  distressShare: number | null;
  /** BIS zombie, among non-financial members with three evaluable years. */
  zombieShare: number | null;
  /** FCF > 0, among members with FCF. */
  fcfPositiveShare: number | null;
  /** SBC > 50% of FCF, among FCF-positive members with SBC. */
  sbcOverHalfShare: number | null;
  /** TTM revenue ≤ $500m, among members with revenue. */
  smallRevenueShare: number | null;
}

export function headlineShares(m: Pick<IndexMetrics, 'negativeEps' | 'altmanZ' | 'fcf' | 'smallRevenue'> & { zombies: CountShare }): HeadlineShares {
  return {
    negativeEpsShare: m.negativeEps.share,
    distressShare: m.altmanZ.distressShare,
    zombieShare: m.zombies.share,
    fcfPositiveShare: m.fcf.positiveShare,
    sbcOverHalfShare: m.fcf.sbcOverHalfShare,
    smallRevenueShare: m.smallRevenue.share,
  };
}

export interface FiscalYearShares {
  /** The companies' own fiscal-year numbers (a year ending 2025-01-31 is fiscal 2025 for most filers). */
  fy: number;
  /** Members reporting a diluted EPS for the year. */
  covered: number;
  /** Annual diluted EPS < 0, among the covered. */
  negativeEpsShare: number | null;
  /** BIS zombie as of the year (coverage < 1 in it and the two before), among non-financial members with those three evaluable. */
  zombieShare: number | null;
}

/** Whether a company was a BIS zombie as of fiscal year `fy` (null unless `fy` and the two years before are evaluable). */
export function isBisZombieInYear(annual: readonly AnnualFigures[], fy: number): boolean | null {
  const upTo = annual.filter((y) => y.fiscalYear <= fy);
  return upTo.some((y) => y.fiscalYear === fy) ? isBisZombie(upTo) : null;
}

/** One member's annual history, and whether the BIS measure leaves it out (Financials). */
export interface MemberHistory {
  annual: readonly AnnualFigures[];
  bisExcluded: boolean;
}

/**
 * Per fiscal year, oldest first, over each member's annual history: negative-EPS share (every member) and BIS-zombie
 * share (members outside Financials).
 */
export function fiscalYearTrend(members: readonly MemberHistory[]): FiscalYearShares[] {
  const years = [...new Set(members.flatMap((m) => m.annual.map((y) => y.fiscalYear)))].sort((a, b) => a - b);
  return years.map((fy) => {
    const eps = members.flatMap(({ annual }) => {
      const value = annual.find((y) => y.fiscalYear === fy)?.epsDiluted;
      return value === undefined || value === null ? [] : [value];
    });
    const zombies = members
      .filter((m) => !m.bisExcluded)
      .map((m) => isBisZombieInYear(m.annual, fy))
      .filter((z) => z !== null);
    return {
      fy,
      covered: eps.length,
      negativeEpsShare: share(eps.filter((v) => v < 0).length, eps.length),
      zombieShare: share(zombies.filter(Boolean).length, zombies.length),
    };
  });
}
