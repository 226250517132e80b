import { describe, expect, it } from 'vitest';
import {
  interestCoverage,
  isBisExcluded,
  isBisZombie,
  isBisZombieNarrow,
  isOldFirm,
  isZombieYear,
  zombieSummary,
} from '../../src/metrics/zombies.js';

const year = (fiscalYear: number, operatingIncomeUsd: number | null, interestExpenseUsd: number | null) => ({
  fiscalYear,
  operatingIncomeUsd,
  interestExpenseUsd,
  periodEnd: `${fiscalYear}-12-31`,
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

  it('counts zombies among the covered non-financial firms, and financials apart', () => {
    const firm = (zombie: boolean | null, narrow: boolean | null, excluded = false) => ({ excluded, zombie, narrow });
    // Non-financials: zombie true, null, false, true → 2 of 3; narrow true, null, false, null → 1 of 2. Two banks excluded.
    expect(
      zombieSummary([firm(true, true), firm(null, null), firm(false, false), firm(true, null), firm(null, null, true), firm(true, true, true)]),
    ).toEqual({ covered: 3, count: 2, share: 2 / 3, excluded: 2, narrow: { covered: 2, count: 1, share: 0.5 } });
  });
});

describe('the BIS measures leave out Financials', () => {
  it('excludes the Financials sector only (REITs are non-financial firms here)', () => {
    expect(isBisExcluded('Financials')).toBe(true);
    expect(isBisExcluded(' financials ')).toBe(true);
    expect(isBisExcluded('Real Estate')).toBe(false);
    expect(isBisExcluded(null)).toBe(false);
  });
});

describe('the BIS narrow measure (zombie and at least ten years old)', () => {
  const zombie = [year(2023, 5, 10), year(2022, -3, 8), year(2021, 9, 10)];
  const healthy = [year(2023, 50, 10), year(2022, -3, 8), year(2021, 9, 10)];

  it('counts the age from the first SEC filing to the end of the newest fiscal year', () => {
    // Newest year ends 2023-12-31: ten years before is 2013-12-31.
    expect(isBisZombieNarrow(zombie, '2013-12-31')).toBe(true);
    expect(isBisZombieNarrow(zombie, '2005-02-17')).toBe(true);
    expect(isBisZombieNarrow(zombie, '2014-01-01')).toBe(false); // 9.99 years
    expect(isBisZombieNarrow(healthy, '2005-02-17')).toBe(false);
  });

  it('is unknown without the zombie test or the age', () => {
    expect(isBisZombieNarrow(zombie, null)).toBeNull();
    expect(isBisZombieNarrow(healthy, null)).toBeNull();
    expect(isBisZombieNarrow(zombie.slice(0, 2), '2000-01-01')).toBeNull();
    const noPeriodEnd = zombie.map(({ periodEnd: _, ...y }) => y);
    expect(isBisZombieNarrow(noPeriodEnd, '2000-01-01')).toBeNull();
  });

  it('steps back ten calendar years, 29 February to 28 February', () => {
    expect(isOldFirm('2014-02-28', '2024-02-29')).toBe(true);
    expect(isOldFirm('2014-03-01', '2024-02-29')).toBe(false);
    expect(isOldFirm(null, '2024-02-29')).toBeNull();
  });
});
