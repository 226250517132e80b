// Cash: free cash flow and how much of it stock-based compensation eats.
import { share } from './stats.js';

/**
 * Free cash flow = operating cash flow − capital expenditure. Capex is a payment; sources differ on its sign, so
 * its magnitude is subtracted. Null when either is missing.
 */
export function freeCashFlow(operatingCashFlowUsd: number | null, capexUsd: number | null): number | null {
  return operatingCashFlowUsd === null || capexUsd === null ? null : operatingCashFlowUsd - Math.abs(capexUsd);
}

/** FCF below zero; null without FCF. */
export function isNegativeFcf(fcfUsd: number | null): boolean | null {
  return fcfUsd === null ? null : fcfUsd < 0;
}

/** SBC / FCF, meaningful only for positive FCF; null otherwise or when SBC is missing. */
export function sbcToFcf(sbcUsd: number | null, fcfUsd: number | null): number | null {
  return sbcUsd === null || fcfUsd === null || fcfUsd <= 0 ? null : sbcUsd / fcfUsd;
}

/** The "SBC eats more than half of FCF" threshold on SBC / FCF. */
export const SBC_OVER_HALF = 0.5;

export function isSbcOverHalfFcf(sbcUsd: number | null, fcfUsd: number | null): boolean | null {
  const ratio = sbcToFcf(sbcUsd, fcfUsd);
  return ratio === null ? null : ratio > SBC_OVER_HALF;
}

export interface CashSummary {
  /** Members with FCF. */
  covered: number;
  /** FCF > 0. */
  positive: number;
  positiveShare: number | null;
  /** FCF-positive members whose SBC is known. */
  sbcCovered: number;
  /** FCF-positive members with SBC > 50 % of FCF. */
  sbcOverHalf: number;
  /** sbcOverHalf / sbcCovered. */
  sbcOverHalfShare: number | null;
}

/** FCF-positive share among members with FCF; among those, the share whose SBC exceeds half of FCF. */
export function cashSummary(members: readonly { fcfUsd: number | null; sbcUsd: number | null }[]): CashSummary {
  const covered = members.filter((m) => m.fcfUsd !== null);
  const positive = covered.filter((m) => m.fcfUsd! > 0);
  const withSbc = positive.filter((m) => m.sbcUsd !== null);
  const overHalf = withSbc.filter((m) => isSbcOverHalfFcf(m.sbcUsd, m.fcfUsd)).length;
  return {
    covered: covered.length,
    positive: positive.length,
    positiveShare: share(positive.length, covered.length),
    sbcCovered: withSbc.length,
    sbcOverHalf: overHalf,
    sbcOverHalfShare: share(overHalf, withSbc.length),
  };
}
