import { describe, expect, it } from 'vitest';
import { cashSummary, freeCashFlow, isSbcOverHalfFcf, sbcToFcf } from '../../src/metrics/cash.js';

describe('free cash flow', () => {
  it('subtracts capex from operating cash flow, whichever sign capex is reported with', () => {
    // 120 − 30 = 90
    expect(freeCashFlow(120, 30)).toBe(90);
    expect(freeCashFlow(120, -30)).toBe(90);
    // −40 − 25 = −65
    expect(freeCashFlow(-40, 25)).toBe(-65);
  });

  it('is null when either part is missing', () => {
    expect(freeCashFlow(120, null)).toBeNull();
    expect(freeCashFlow(null, 30)).toBeNull();
  });
});

describe('SBC against FCF', () => {
  it('divides SBC by positive FCF only', () => {
    // 60 / 90 = 0.6667 > 0.5
    expect(sbcToFcf(60, 90)).toBeCloseTo(0.666667, 6);
    expect(isSbcOverHalfFcf(60, 90)).toBe(true);
    // 45 / 90 = 0.5 exactly: not more than half
    expect(isSbcOverHalfFcf(45, 90)).toBe(false);
    expect(sbcToFcf(60, -10)).toBeNull();
    expect(sbcToFcf(60, 0)).toBeNull();
    expect(sbcToFcf(null, 90)).toBeNull();
  });

  it('counts FCF-positive members and, among them, those whose SBC is over half of FCF', () => {
    const s = cashSummary([
      { fcfUsd: 90, sbcUsd: 60 }, // positive, 0.667 → over half
      { fcfUsd: 100, sbcUsd: 20 }, // positive, 0.2
      { fcfUsd: -10, sbcUsd: 5 }, // negative
      { fcfUsd: 50, sbcUsd: null }, // positive, SBC unknown
      { fcfUsd: null, sbcUsd: 70 }, // not covered
    ]);
    // covered 4, positive 3 (0.75); SBC known for 2 of the positive, 1 over half → 0.5
    expect(s).toEqual({ covered: 4, positive: 3, positiveShare: 0.75, sbcCovered: 2, sbcOverHalf: 1, sbcOverHalfShare: 0.5 });
  });

  it('has no shares without data', () => {
    expect(cashSummary([])).toEqual({ covered: 0, positive: 0, positiveShare: null, sbcCovered: 0, sbcOverHalf: 0, sbcOverHalfShare: null });
  });
});
