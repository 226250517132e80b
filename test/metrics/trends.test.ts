import { describe, expect, it } from 'vitest';
import { fiscalYearTrend, headlineShares, isBisZombieInYear } from '../../src/metrics/trends.js';
import type { AnnualFigures } from '../../src/metrics/inputs.js';

const year = (
  fiscalYear: number,
  operatingIncomeUsd: number | null,
  interestExpenseUsd: number | null,
  epsDiluted: number | null,
): AnnualFigures => ({
  fiscalYear,
  operatingIncomeUsd,
  interestExpenseUsd,
  epsDiluted,
});

// Hand-checked: three members over FY2020–2023.
// A: coverage 0.5, 0.5, 0.5, 2 (zombie as of 2022, not 2023); EPS −1, −1, −1, +1.
// B: coverage 3 every year (never a zombie); EPS +2, +2, −0.5, +2.
// C: only FY2022–2023 (zombie status never evaluable); EPS missing 2022, −3 in 2023.
const a = [year(2023, 200, 100, 1), year(2022, 50, 100, -1), year(2021, 50, 100, -1), year(2020, 50, 100, -1)];
const b = [year(2023, 300, 100, 2), year(2022, 300, 100, -0.5), year(2021, 300, 100, 2), year(2020, 300, 100, 2)];
const c = [year(2023, 10, 100, -3), year(2022, 10, 100, null)];
const plain = (annual: AnnualFigures[]) => ({ annual, bisExcluded: false });

describe('fiscalYearTrend', () => {
  it('counts negative annual EPS among members reporting it, and BIS zombies as of each year among the evaluable', () => {
    expect(fiscalYearTrend([a, b, c].map(plain))).toEqual([
      { fy: 2020, covered: 2, negativeEpsShare: 0.5, zombieShare: null },
      { fy: 2021, covered: 2, negativeEpsShare: 0.5, zombieShare: null },
      { fy: 2022, covered: 2, negativeEpsShare: 1, zombieShare: 0.5 },
      { fy: 2023, covered: 3, negativeEpsShare: 1 / 3, zombieShare: 0 },
    ]);
  });

  it('leaves Financials out of the zombie share, not out of the EPS share', () => {
    // A as a bank: zombie shares over B alone (never a zombie); EPS shares unchanged.
    expect(fiscalYearTrend([{ annual: a, bisExcluded: true }, plain(b), plain(c)])).toEqual([
      { fy: 2020, covered: 2, negativeEpsShare: 0.5, zombieShare: null },
      { fy: 2021, covered: 2, negativeEpsShare: 0.5, zombieShare: null },
      { fy: 2022, covered: 2, negativeEpsShare: 1, zombieShare: 0 },
      { fy: 2023, covered: 3, negativeEpsShare: 1 / 3, zombieShare: 0 },
    ]);
  });

  it('a year is a zombie year-end only with that year and the two before evaluable', () => {
    expect(isBisZombieInYear(a, 2022)).toBe(true);
    expect(isBisZombieInYear(a, 2023)).toBe(false);
    expect(isBisZombieInYear(a, 2021)).toBeNull();
    expect(isBisZombieInYear(c, 2023)).toBeNull();
    expect(isBisZombieInYear(a, 2024)).toBeNull();
  });

  it('is empty without annual history', () => {
    expect(fiscalYearTrend([plain([]), plain([])])).toEqual([]);
  });
});

describe('headlineShares', () => {
  it('takes each share over its own coverage', () => {
    const shares = headlineShares({
      negativeEps: { covered: 4, count: 1, share: 0.25 },
      altmanZ: { scored: 5, excluded: 1, distress: 2, grey: 1, safe: 2, distressShare: 0.4, shareBelow1_8: 0.4 },
      zombies: { covered: 10, count: 1, share: 0.1 },
      fcf: { covered: 8, positive: 6, positiveShare: 0.75, sbcCovered: 6, sbcOverHalf: 3, sbcOverHalfShare: 0.5 },
      smallRevenue: { covered: 0, count: 0, share: null },
    });
    expect(shares).toEqual({
      negativeEpsShare: 0.25,
      distressShare: 0.4,
      zombieShare: 0.1,
      fcfPositiveShare: 0.75,
      sbcOverHalfShare: 0.5,
      smallRevenueShare: null,
    });
  });
});
