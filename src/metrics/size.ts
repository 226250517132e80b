// Size: how many members are small businesses by revenue.
import { countShare, type CountShare } from './stats.js';

/** Small by revenue: TTM revenue ≤ $500m. */
export const SMALL_REVENUE_USD = 500e6;

export function isSmallRevenue(revenueTtmUsd: number | null): boolean | null {
  return revenueTtmUsd === null ? null : revenueTtmUsd <= SMALL_REVENUE_USD;
}

/** Count and share with TTM revenue ≤ $500m among members with revenue. */
export function smallRevenueSummary(revenueTtmUsd: readonly (number | null)[]): CountShare {
  return countShare(revenueTtmUsd, (revenue) => revenue <= SMALL_REVENUE_USD);
}
