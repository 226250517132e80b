// Income: dividend yields and the index's weighted dividend yield.
import { share, sum } from './stats.js';

/** Dividend yield = TTM dividends per share / price; null when either is missing or the price is not positive. */
export function dividendYield(dividendsPerShareTtm: number | null, priceUsd: number | null): number | null {
  if (dividendsPerShareTtm === null || priceUsd === null || priceUsd <= 0) return null;
  return dividendsPerShareTtm / priceUsd;
}

/**
 * A member's yield: from SEC dividends per share and the price, else the screener's yield (a fraction). SEC
 * leaves dividends per share null when no dividend is reported, and a missing value is not a zero, so a member
 * with neither is not covered (it is not counted as a 0 % yielder).
 */
export function memberDividendYield(dividendsPerShareTtm: number | null, priceUsd: number | null, screenYield: number | null): number | null {
  return dividendYield(dividendsPerShareTtm, priceUsd) ?? screenYield;
}

export interface IndexDividends {
  /** Σ wᵢ·yᵢ / Σ wᵢ over covered members. */
  indexYield: number | null;
  /** Members with both a yield and a fund weight. */
  covered: number;
  /** Covered members yielding strictly more than indexYield. */
  above: number;
  aboveShare: number | null;
}

/** Index weighted dividend yield Σ wᵢ·yᵢ / Σ wᵢ (w = fund weight) and how many covered members yield more. */
export function indexDividends(members: readonly { weight: number | null; dividendYield: number | null }[]): IndexDividends {
  const covered = members.flatMap((m) => (m.weight === null || m.dividendYield === null ? [] : [{ w: m.weight, y: m.dividendYield }]));
  const totalWeight = sum(covered.map((c) => c.w));
  const indexYield = totalWeight > 0 ? sum(covered.map((c) => c.w * c.y)) / totalWeight : null;
  const above = indexYield === null ? 0 : covered.filter((c) => c.y > indexYield).length;
  return { indexYield, covered: covered.length, above, aboveShare: indexYield === null ? null : share(above, covered.length) };
}
