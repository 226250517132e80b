// Profitability: GAAP losses by diluted EPS (trailing twelve months).
import { countShare, type CountShare } from './stats.js';

export function isNegativeEps(epsDilutedTtm: number | null): boolean | null {
  return epsDilutedTtm === null ? null : epsDilutedTtm < 0;
}

/** Count and share with TTM diluted EPS < 0 among members with an EPS. */
export function negativeEpsSummary(epsDilutedTtm: readonly (number | null)[]): CountShare {
  return countShare(epsDilutedTtm, (eps) => eps < 0);
}
