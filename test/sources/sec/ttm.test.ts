import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../src/sources/sec/companyfacts.js';
import { fiscalYearNumber, fiscalYears, instantAt, latestPerPeriod, trailingTwelveMonths, type DurationFact } from '../../../src/sources/sec/ttm.js';

// Small hand-made facts in the companyfacts shape (a calendar-year filer unless said otherwise).
let accession = 0;
function fact(start: string | null, end: string, val: number, form = '10-Q', filed = '2024-05-01', fy: number | null = 2024): Fact {
  accession++;
  return { start, end, val, accn: `0000000000-24-${String(accession).padStart(6, '0')}`, fy, fp: null, form, filed };
}

describe('latestPerPeriod', () => {
  it('keeps the latest filed fact of each period, so an amendment supersedes the original', () => {
    const original = fact('2024-01-01', '2024-03-31', 100, '10-Q', '2024-05-01');
    const amended = fact('2024-01-01', '2024-03-31', 90, '10-Q/A', '2024-06-15');
    const comparative = fact('2024-01-01', '2024-03-31', 90, '10-Q', '2024-05-01');
    expect(latestPerPeriod([amended, original])).toEqual([amended]);
    // Same filing day: the amendment wins over the plain form.
    const sameDay = { ...amended, filed: '2024-05-01' };
    expect(latestPerPeriod([comparative, sameDay])).toEqual([sameDay]);
  });

  it('treats an instant and a duration ending the same day as different periods', () => {
    const instant = fact(null, '2024-03-31', 5);
    const duration = fact('2024-01-01', '2024-03-31', 7);
    expect(latestPerPeriod([instant, duration])).toHaveLength(2);
    expect(instantAt([duration, instant], '2024-03-31')).toBe(instant);
    expect(instantAt([duration], '2024-03-31')).toBeNull();
  });
});

describe('trailingTwelveMonths', () => {
  const fy2023 = fact('2023-01-01', '2023-12-31', 1000, '10-K', '2024-02-20');
  const q1of2023 = fact('2023-01-01', '2023-03-31', 200, '10-Q', '2024-05-01');
  const q1of2024 = fact('2024-01-01', '2024-03-31', 260, '10-Q', '2024-05-01');
  const h1of2024 = fact('2024-01-01', '2024-06-30', 540, '10-Q', '2024-08-01');
  const h1of2023 = fact('2023-01-01', '2023-06-30', 430, '10-Q', '2024-08-01');
  const q2of2024 = fact('2024-04-01', '2024-06-30', 280, '10-Q', '2024-08-01');

  it('is the fiscal year when the latest period is a fiscal year', () => {
    const result = trailingTwelveMonths([q1of2023, fy2023]);
    expect(result).toEqual({
      kind: 'value',
      ttm: { value: 1000, start: '2023-01-01', end: '2023-12-31', basis: 'fiscal-year', splitFactor: 1 },
    });
  });

  it('adds the year-to-date and takes off the same period of the prior year', () => {
    // 1000 + 260 − 200 = 1060
    expect(trailingTwelveMonths([fy2023, q1of2023, q1of2024])).toEqual({
      kind: 'value',
      ttm: { value: 1060, start: '2023-04-01', end: '2024-03-31', basis: 'year-to-date', splitFactor: 1 },
    });
  });

  it('uses the longest year-to-date, never a discrete quarter', () => {
    // Half year: 1000 + 540 − 430 = 1110 (the April–June quarter alone, 280, is not a year-to-date).
    const result = trailingTwelveMonths([fy2023, q1of2023, q1of2024, h1of2024, h1of2023, q2of2024]);
    expect(result).toMatchObject({ kind: 'value', ttm: { value: 1110, end: '2024-06-30' } });
  });

  it('says what is missing when the prior-year period is not reported', () => {
    expect(trailingTwelveMonths([fy2023, q1of2024])).toEqual({
      kind: 'missing',
      reason: 'no prior-year period to match year-to-date 2024-01-01..2024-03-31',
    });
    expect(trailingTwelveMonths([q1of2024])).toEqual({ kind: 'missing', reason: 'no fiscal-year period reported' });
  });

  it('matches 52/53-week periods whose boundaries drift by a few days', () => {
    // Fiscal 2023: 2023-01-01..2023-12-30 (52 weeks); Q1 2024 starts 2023-12-31; Q1 2023 is 13 weeks.
    const year = fact('2023-01-01', '2023-12-30', 5200, '10-K', '2024-02-20');
    const prior = fact('2023-01-01', '2023-04-01', 1300, '10-Q', '2024-05-01');
    const current = fact('2023-12-31', '2024-03-30', 1400, '10-Q', '2024-05-01');
    expect(trailingTwelveMonths([year, prior, current])).toMatchObject({ kind: 'value', ttm: { value: 5300 } });
  });

  it('keeps per-share sums to the reported precision', () => {
    const eps = [fact('2023-01-01', '2023-12-31', -3.86, '10-K'), fact('2024-01-01', '2024-03-31', -1.29), fact('2023-01-01', '2023-03-31', -0.95)];
    // −3.86 + −1.29 − (−0.95) = −4.20 exactly, not −4.199999…
    expect(trailingTwelveMonths(eps)).toMatchObject({ kind: 'value', ttm: { value: -4.2 } });
  });
});

describe('trailingTwelveMonths of per-share figures across a stock split', () => {
  // Tesla's diluted EPS and weighted diluted shares as filed (3-for-1 split in August 2022): the 10-K for 2021
  // (filed 2022-02-07) is on the old basis; the 10-Q for Q3 2022 restates the nine months of 2021.
  const tenK = { accn: '0000950170-22-000796', form: '10-K', filed: '2022-02-07', fy: 2021 };
  const q3of2021 = { accn: '0000950170-21-002253', form: '10-Q', filed: '2021-10-25', fy: 2021 };
  const q3of2022 = { accn: '0000950170-22-019867', form: '10-Q', filed: '2022-10-24', fy: 2022 };
  const eps = [
    { ...fact('2021-01-01', '2021-12-31', 4.9), ...tenK },
    { ...fact('2021-01-01', '2021-09-30', 2.84), ...q3of2021 },
    { ...fact('2021-01-01', '2021-09-30', 0.95), ...q3of2022 },
    { ...fact('2022-01-01', '2022-09-30', 2.55), ...q3of2022 },
  ];
  const shares = [
    { ...fact('2021-01-01', '2021-12-31', 1_129_000_000), ...tenK },
    { ...fact('2021-01-01', '2021-09-30', 1_130_000_000), ...q3of2021 },
    { ...fact('2021-01-01', '2021-09-30', 3_391_000_000), ...q3of2022 },
    { ...fact('2022-01-01', '2022-09-30', 3_465_000_000), ...q3of2022 },
  ];

  it('puts the fiscal year on the new share basis when the split came after the 10-K', () => {
    // Factor 1,130,000,000 / 3,391,000,000 = 0.333235; 4.90 × 0.333235 + 2.55 − 0.95 = 3.2329 → 3.23 (the four
    // split-adjusted quarters: 0.68 + 0.95 + 0.65 + 0.95 = 3.23).
    expect(trailingTwelveMonths(eps, shares)).toMatchObject({
      kind: 'value',
      ttm: { value: 3.23, splitFactor: 1_130_000_000 / 3_391_000_000 },
    });
    // Without share counts the bases mix: 4.90 + 2.55 − 0.95 = 6.50.
    expect(trailingTwelveMonths(eps)).toMatchObject({ kind: 'value', ttm: { value: 6.5, splitFactor: 1 } });
  });

  it('leaves the fiscal year alone when the 10-K is already on the new basis', () => {
    // Same restatement, but the 10-K's own share count is on the new basis (3,387,000,000): the split came first.
    const restatedTenK = shares.map((f, i) => (i === 0 ? { ...f, val: 3_387_000_000 } : f));
    expect(trailingTwelveMonths(eps, restatedTenK)).toMatchObject({ kind: 'value', ttm: { value: 6.5, splitFactor: 1 } });
  });

  it('ignores restatements of share counts that are not split-sized', () => {
    const small = shares.map((f, i) => (i === 2 ? { ...f, val: 1_200_000_000 } : f));
    expect(trailingTwelveMonths(eps, small)).toMatchObject({ kind: 'value', ttm: { value: 6.5, splitFactor: 1 } });
  });

  it("gives no figure when the 10-K's share count is missing", () => {
    expect(trailingTwelveMonths(eps, shares.slice(1))).toMatchObject({ kind: 'missing' });
  });
});

describe('fiscalYearNumber', () => {
  it("names a comparative year by the filing's fiscal year minus the years between", () => {
    // A 10-K for fiscal 2025 (year to 2025-01-31, fy 2025) repeating the year to 2023-01-31: fiscal 2023.
    const own = { ...fact('2024-02-01', '2025-01-31', 1, '10-K', '2025-03-21', 2025), accn: 'A' };
    const comparative = { ...fact('2022-02-01', '2023-01-31', 1, '10-K', '2025-03-21', 2025), accn: 'A' };
    expect(fiscalYearNumber(own as DurationFact, [own, comparative])).toBe(2025);
    expect(fiscalYearNumber(comparative as DurationFact, [own, comparative])).toBe(2023);
  });

  it("follows a retailer's naming (year to 2025-02-01 is fiscal 2024) and falls back to the end year", () => {
    const retail = fact('2024-02-04', '2025-02-01', 1, '10-K', '2025-03-20', 2024) as DurationFact;
    expect(fiscalYearNumber(retail, [retail])).toBe(2024);
    const unlabelled = fact('2023-01-01', '2023-12-31', 1, '10-K', '2024-02-20', null) as DurationFact;
    expect(fiscalYearNumber(unlabelled, [unlabelled])).toBe(2023);
    expect(fiscalYears([unlabelled, fact('2023-10-01', '2023-12-31', 1)])).toEqual([unlabelled]);
  });
});
