import { describe, expect, it } from 'vitest';
import { dispersion, oneYearBefore, oneYearReturn } from '../../src/metrics/returns.js';

describe('oneYearReturn', () => {
  const points = [
    { date: '2023-07-10', close: 10, adjClose: 9 },
    { date: '2023-07-12', close: 11, adjClose: 10 },
    { date: '2024-07-10', close: 12.5, adjClose: 12 },
    { date: '2024-07-11', close: 13, adjClose: 12.6 },
  ];

  it('divides the adjusted close at as-of by the one at the last date on or before a year earlier', () => {
    // as of 2024-07-11: end 12.6 (2024-07-11); a year earlier is 2023-07-11, last date ≤ it is 2023-07-10 (9)
    // → 12.6 / 9 − 1 = 0.4
    expect(oneYearReturn(points, '2024-07-11')).toEqual({
      return1y: expect.closeTo(0.4, 12),
      priceOnly: false,
      fromDate: '2023-07-10',
      toDate: '2024-07-11',
    });
  });

  it('uses the last close on or before the as-of date, whatever the input order', () => {
    // as of 2024-07-13 (a weekend): end 2024-07-11; start last ≤ 2023-07-13 = 2023-07-12 (10) → 12.6/10 − 1 = 0.26
    const r = oneYearReturn([...points].reverse(), '2024-07-13');
    expect(r?.return1y).toBeCloseTo(0.26, 12);
    expect(r?.fromDate).toBe('2023-07-12');
  });

  it('falls back to plain closes for both ends when one lacks an adjusted close, and says so', () => {
    // start close 10, end close 13 → 0.3 (never 12.6 / 10)
    const priceOnly = [points[0]!, { ...points[3]!, adjClose: null }];
    expect(oneYearReturn(priceOnly, '2024-07-11')).toMatchObject({ return1y: expect.closeTo(0.3, 12), priceOnly: true });
  });

  it('is null without a close a year back, or with a non-positive close', () => {
    expect(oneYearReturn(points.slice(1), '2024-07-11')).toBeNull();
    expect(oneYearReturn([], '2024-07-11')).toBeNull();
    // the only close is over a year old: it would be both ends
    expect(oneYearReturn(points.slice(0, 1), '2024-07-11')).toBeNull();
    expect(oneYearReturn([{ ...points[0]!, adjClose: 0 }, points[3]!], '2024-07-11')).toBeNull();
  });

  it('steps a leap day back to 28 February', () => {
    expect(oneYearBefore('2024-02-29')).toBe('2023-02-28');
    expect(oneYearBefore('2025-03-01')).toBe('2024-03-01');
    expect(oneYearBefore('2025-01-01')).toBe('2024-01-01');
  });
});

describe('dispersion', () => {
  const returns = [-0.6, -0.5, -0.2, 0.1, 1.0, 1.5, 0.1].map((return1y, i) => ({ ticker: `T${i}`, return1y }));

  it('counts strictly beyond −50 % and +100 %', () => {
    // −0.6 < −0.5 (−0.5 itself is not); 1.5 > 1.0 (1.0 itself is not)
    expect(dispersion(returns)).toMatchObject({ covered: 7, downOver50: 1, downOver50Share: 1 / 7, upOver100: 1, upOver100Share: 1 / 7 });
  });

  it('takes the median of an odd count', () => {
    // sorted −0.6, −0.5, −0.2, 0.1, 0.1, 1.0, 1.5 → 0.1
    expect(dispersion(returns).median).toBe(0.1);
  });

  it('lists the five best (best first) and five worst (worst first), ties by ticker', () => {
    const d = dispersion(returns);
    expect(d.top5.map((r) => r.ticker)).toEqual(['T5', 'T4', 'T3', 'T6', 'T2']);
    expect(d.bottom5.map((r) => r.ticker)).toEqual(['T0', 'T1', 'T2', 'T3', 'T6']);
  });

  it('has no median or shares without returns', () => {
    expect(dispersion([])).toEqual({
      covered: 0,
      downOver50: 0,
      downOver50Share: null,
      upOver100: 0,
      upOver100Share: null,
      median: null,
      top5: [],
      bottom5: [],
    });
  });
});
