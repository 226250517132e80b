import { describe, expect, it } from 'vitest';
import { interestCoverage, isBisZombie, isZombieYear, zombieSummary } from '../../src/metrics/zombies.js';

const year = (fiscalYear: number, operatingIncomeUsd: number | null, interestExpenseUsd: number | null) => ({
  fiscalYear,
  operatingIncomeUsd,
  interestExpenseUsd,
});

describe('interest coverage', () => {
  it('divides operating income by interest expense', () => {
    // 55 / 110 = 0.5; −30 / 60 = −0.5
    expect(interestCoverage(55, 110)).toBe(0.5);
    expect(interestCoverage(-30, 60)).toBe(-0.5);
  });

  it('is null without interest expense or with it zero or negative', () => {
    expect(interestCoverage(55, 0)).toBeNull();
    expect(interestCoverage(55, -10)).toBeNull();
    expect(interestCoverage(null, 10)).toBeNull();
    expect(interestCoverage(55, null)).toBeNull();
  });
});

describe('BIS zombie firms', () => {
  it('flags coverage below 1 in each of the last three fiscal years', () => {
    // 2023: 5/10 = 0.5; 2022: −3/8 = −0.375; 2021: 9/10 = 0.9 → all < 1
    expect(isBisZombie([year(2023, 5, 10), year(2022, -3, 8), year(2021, 9, 10)])).toBe(true);
  });

  it('clears a firm with one year at coverage 1 or more', () => {
    // 2021: 12/10 = 1.2 ≥ 1; and exactly 1.0 is not below 1
    expect(isBisZombie([year(2023, 5, 10), year(2022, -3, 8), year(2021, 12, 10)])).toBe(false);
    expect(isBisZombie([year(2023, 10, 10), year(2022, -3, 8), year(2021, 9, 10)])).toBe(false);
  });

  it('reads only the newest three years, whatever the order given', () => {
    // 2020 (coverage 5) is older than the window
    expect(isBisZombie([year(2020, 50, 10), year(2021, 9, 10), year(2023, 5, 10), year(2022, -3, 8)])).toBe(true);
  });

  it('treats zero interest expense as infinite coverage: never a zombie year', () => {
    expect(isZombieYear(year(2023, -5, 0))).toBe(false);
    expect(isBisZombie([year(2023, -5, 0), year(2022, 5, 10), year(2021, 5, 10)])).toBe(false);
  });

  it('does not judge a firm without three consecutive evaluable years', () => {
    expect(isBisZombie([year(2023, 5, 10), year(2022, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, 5, 10), year(2022, null, 10), year(2021, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, 5, 10), year(2022, 5, null), year(2021, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, 5, 10), year(2022, 5, -10), year(2021, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, 5, 10), year(2021, 5, 10), year(2020, 5, 10)])).toBeNull();
    expect(isBisZombie([])).toBeNull();
  });

  it('counts zombies among the covered firms', () => {
    // covered: true, false, true (nulls not covered) → 2 of 3
    expect(zombieSummary([true, null, false, true, null])).toEqual({ covered: 3, count: 2, share: 2 / 3 });
  });
});
