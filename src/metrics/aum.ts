// Capital engaged: a fund's net assets from its holdings file.
import type { FundTotals } from './inputs.js';

/**
 * Net assets in US dollars = shares outstanding × NAV per share where the file's preamble gives both, else Σ
 * Market Value over every row of the holdings table (iShares holdings file); null when it gives neither.
 */
export function netAssets(totals: FundTotals | null): number | null {
  if (totals?.sharesOutstanding != null && totals.navPerShareUsd != null) return totals.sharesOutstanding * totals.navPerShareUsd;
  return totals?.marketValueUsd ?? null;
}
