import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastWeekday, monthlyReturns, previousMonth, seasonality } from '../../src/metrics/seasonality.js';
import type { PricePoint } from '../../src/metrics/inputs.js';
import { parsePriceCsv } from '../../src/sources/prices/csv.js';

const close = (date: string, value: number, adjClose: number | null = null): PricePoint => ({ date, close: value, adjClose });

// IWM, with no closes in March 2020:
//   Jan 2020: last close 110 / Dec 2019 last close 100 − 1 = +0.10 (the mid-month 104 is not the month's last close)
//   Feb 2020: 99 / 110 − 1 = −0.10
//   Mar 2020: no closes → no return; Apr 2020: March has no close → no return either
//   May 2020: 121 / 110 (April's last) − 1 = +0.10
//   Jan 2021: 126 / 120 (Dec 2020) − 1 = +0.05
//   Feb 2021: last day 2021-02-10 < the month's last weekday (Fri 2021-02-26) and nothing later → partial, left out
const IWM: PricePoint[] = [
  close('2019-12-31', 100),
  close('2020-01-15', 104),
  close('2020-01-31', 110),
  close('2020-02-28', 99),
  close('2020-04-30', 110),
  close('2020-05-29', 121),
  close('2020-12-31', 120),
  close('2021-01-29', 126),
  close('2021-02-10', 200),
];
// SPY: Jan 2020 105/100 − 1 = +0.05; Feb 2020 94.5/105 − 1 = −0.10; May 2020 (no April close) absent;
//   Jan 2021 121/110 − 1 = +0.10.
const SPY: PricePoint[] = [
  close('2019-12-31', 100),
  close('2020-01-31', 105),
  close('2020-02-28', 94.5),
  close('2020-05-29', 200),
  close('2020-12-31', 110),
  close('2021-01-29', 121),
];

describe('monthly returns', () => {
  it('divides the last close of each month by the last close of the month before, skipping gaps and a partial last month', () => {
    const returns = monthlyReturns(IWM, 'close');
    expect(returns.map((r) => r.month)).toEqual(['2020-01', '2020-02', '2020-05', '2021-01']);
    expect(returns.map((r) => r.return)).toEqual([
      expect.closeTo(0.1, 12),
      expect.closeTo(-0.1, 12),
      expect.closeTo(0.1, 12),
      expect.closeTo(0.05, 12),
    ]);
  });

  it('counts a last month that reaches its last weekday', () => {
    // 2021-02-26 is the last weekday of Feb 2021 (the 27th and 28th are a weekend): 252 / 126 − 1 = +1.
    const returns = monthlyReturns([...IWM.slice(0, -1), close('2021-02-26', 252)], 'close');
    expect(returns.at(-1)).toEqual({ month: '2021-02', return: expect.closeTo(1, 12) });
  });

  it('uses adjusted closes when asked', () => {
    const points = [close('2020-01-31', 50, 100), close('2020-02-28', 50, 90)];
    expect(monthlyReturns(points, 'adjClose')).toEqual([{ month: '2020-02', return: expect.closeTo(-0.1, 12) }]);
  });

  it('knows calendar neighbours and last weekdays', () => {
    expect(previousMonth('2020-01')).toBe('2019-12');
    expect(previousMonth('2020-10')).toBe('2020-09');
    expect(lastWeekday('2021-02')).toBe('2021-02-26');
    expect(lastWeekday('2024-12')).toBe('2024-12-31');
    expect(lastWeekday('2024-08')).toBe('2024-08-30');
  });
});

describe('seasonality', () => {
  const result = seasonality(IWM, SPY);
  const month = (m: number) => result.months[m - 1]!;

  it('spans the first to the last month with a fund return', () => {
    expect(result.from).toBe('2020-01');
    expect(result.to).toBe('2021-01');
    expect(result.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('averages each calendar month over the years, with the share of positive months', () => {
    // January: 2020 +0.10 and 2021 +0.05 → mean 0.075, both positive; relative (0.10 − 0.05, 0.05 − 0.10) → mean 0.
    expect(month(1)).toEqual({ month: 1, n: 2, iwmMean: expect.closeTo(0.075, 12), iwmHitRate: 1, relMean: expect.closeTo(0, 12) });
    // February: −0.10, hit rate 0; relative −0.10 − (−0.10) = 0.
    expect(month(2)).toEqual({ month: 2, n: 1, iwmMean: expect.closeTo(-0.1, 12), iwmHitRate: 0, relMean: expect.closeTo(0, 12) });
    // May: the fund has +0.10 but SPY has no April close → relMean over no years = null.
    expect(month(5)).toEqual({ month: 5, n: 1, iwmMean: expect.closeTo(0.1, 12), iwmHitRate: 1, relMean: null });
  });

  it('says n = 0 and null rather than zero for a month without data', () => {
    expect(month(3)).toEqual({ month: 3, n: 0, iwmMean: null, iwmHitRate: null, relMean: null });
  });

  it('leaves out months before 2000', () => {
    const old = seasonality([close('1999-11-30', 100), close('1999-12-31', 110), close('2000-01-31', 121)], null);
    expect(old.from).toBe('2000-01');
    expect(old.months[11]!.n).toBe(0);
    expect(old.months[0]).toEqual({ month: 1, n: 1, iwmMean: expect.closeTo(0.1, 12), iwmHitRate: 1, relMean: null });
  });

  it('matches an independent computation on the bundled real IWM and SPY history (2000-06 .. 2026-07)', () => {
    // Expected values computed with python3 from data/demo/prices/{IWM,SPY}.csv (csv module, last Close of each
    // 'YYYY-MM', ratio to the previous calendar month's, months >= 2000-01).
    const load = (symbol: string) => parsePriceCsv(readFileSync(`data/demo/prices/${symbol}.csv`, 'utf8'), symbol).points;
    const real = seasonality(load('IWM'), load('SPY'));
    expect([real.from, real.to]).toEqual(['2000-06', '2026-07']);
    expect(real.months.map((m) => m.n)).toEqual([26, 26, 26, 26, 26, 27, 27, 26, 26, 26, 26, 26]);
    expect(real.months[10]).toEqual({
      month: 11,
      n: 26,
      iwmMean: expect.closeTo(0.03067391296051663, 12),
      iwmHitRate: expect.closeTo(0.8076923076923077, 12),
      relMean: expect.closeTo(0.00651097703461443, 12),
    });
    expect(real.months[11]).toEqual({
      month: 12,
      n: 26,
      iwmMean: expect.closeTo(0.009735315443375218, 12),
      iwmHitRate: expect.closeTo(0.6153846153846154, 12),
      relMean: expect.closeTo(0.008333208449023001, 12),
    });
    expect(real.months[8]).toEqual({
      month: 9,
      n: 26,
      iwmMean: expect.closeTo(-0.015446191617899884, 12),
      iwmHitRate: expect.closeTo(0.46153846153846156, 12),
      relMean: expect.closeTo(0.0008040521348589782, 12),
    });
    expect(real.months[5]).toEqual({
      month: 6,
      n: 27,
      iwmMean: expect.closeTo(0.010397624310655405, 12),
      iwmHitRate: expect.closeTo(0.6296296296296297, 12),
      relMean: expect.closeTo(0.014582531203765403, 12),
    });
  });
});
