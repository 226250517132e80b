// What the metrics take: plain per-member values and plain series (no SQL, no formatting, no I/O).
// Money in US dollars; fractions stay fractions; null = not known, never 0.
import type { BalanceSheetFigure, Fundamentals as StoredFundamentals, TrailingFigure } from '../store/fundamentals.js';
import type { FundTotals as StoredFundTotals } from '../store/holdings.js';

/** A fund's totals from its holdings file (field meanings on the stored type). */
export type FundTotals = StoredFundTotals;

/** One fiscal year's figures: interest coverage (the BIS zombie test) and diluted EPS (fiscal-year trends). */
export interface AnnualFigures {
  fiscalYear: number;
  /** Last day of the fiscal year, YYYY-MM-DD (the BIS narrow measure's age is taken then); absent when unknown. */
  periodEnd?: string;
  operatingIncomeUsd: number | null;
  interestExpenseUsd: number | null;
  /** USD per share; absent or null when not reported. */
  epsDiluted?: number | null;
}

/**
 * A company's figures from SEC EDGAR as the metrics read them (TTM = trailing twelve months, balance sheet at
 * the latest period); the field meanings are documented once, on the stored type.
 */
export type Fundamentals = Pick<StoredFundamentals, TrailingFigure | BalanceSheetFigure | 'sharesOutstanding' | 'sic' | 'firstFilingDate'> & {
  /** Newest first. */
  annual: AnnualFigures[];
};

/** Figures imported from a stock screener, used only where SEC lacks them. */
export interface ScreenFigures {
  marketCapUsd: number | null;
  /** As-of date (YYYY-MM-DD) of the export the market cap comes from; null when undated or no market cap. */
  marketCapAsOf: string | null;
  forwardPe: number | null;
  trailingPe: number | null;
  /** A fraction (0.0136 = 1.36 %). */
  dividendYield: number | null;
}

/** One holding of the fund. */
export interface Member {
  ticker: string;
  name: string;
  /** GICS-style sector from the holdings file ("Financials", "Real Estate", "Health Care", ...). */
  sector: string | null;
  /** Fraction of the fund. */
  weight: number | null;
  /** Price from the holdings file. */
  priceUsd: number | null;
  fundamentals: Fundamentals | null;
  /** 1-year total return as a fraction (the caller computes it with oneYearReturn). */
  return1y: number | null;
  screen: ScreenFigures | null;
  /** The fundamentals or the return rest on generated demo data. */
  demo: boolean;
}

/** One trading day of a price series: `date` is the exchange-local day 'YYYY-MM-DD'. */
export interface PricePoint {
  date: string;
  close: number;
  /** Close adjusted for splits and distributions (total return); null in a price-only series. */
  adjClose: number | null;
}

/** One prediction-market observation: `t` in unix seconds (UTC), `p` a probability 0..1. */
export interface OddsPoint {
  t: number;
  p: number;
}

/** One contract's positions in one COT report week (field meanings on the stored type). */
export type { CotRow } from '../store/cot.js';
