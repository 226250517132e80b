// What the metrics take: plain per-member values (no SQL, no formatting).
import type { Fundamentals } from '../store/fundamentals.js';

export type { Fundamentals };

export interface ScreenFigures {
  marketCapUsd: number | null;
  forwardPe: number | null;
  trailingPe: number | null;
  dividendYield: number | null;
}

export interface Member {
  ticker: string;
  name: string;
  /** GICS-style sector from the holdings file ("Financials", "Real Estate", ...). */
  sector: string | null;
  /** Fraction of the fund. */
  weight: number | null;
  priceUsd: number | null;
  fundamentals: Fundamentals | null;
  /** 1-year total return as a fraction (oneYearReturn). */
  return1y: number | null;
  screen: ScreenFigures | null;
  /** Any of this member's figures rests on generated demo data. */
  demo: boolean;
}

/** A count over the members that have the data: `covered` of the total. */
export interface Covered {
  covered: number;
}
