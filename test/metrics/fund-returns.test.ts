import { describe, expect, it } from 'vitest';
import { annualisedReturn, compareReturns } from '../../src/metrics/fund-returns.js';
import type { PricePoint } from '../../src/metrics/inputs.js';

const p = (date: string, close: number, adjClose: number | null = null): PricePoint => ({ date, close, adjClose });

// Fund A: closes (adjusted closes) on the days a 1/3/5/10-year return to 2026-05-01 looks back to.
const A = [p('2016-04-29', 100, 80), p('2021-04-30', 150, 130), p('2023-05-01', 150, 140), p('2025-05-01', 180, 170), p('2026-05-01', 200, 200)];
// Fund B runs to 2026-06-15, later than A; its closes within a week of each of A's dates.
const B = [p('2016-04-28', 40, 40), p('2023-04-28', 40, 40), p('2025-04-30', 50, 50), p('2026-04-30', 55, 55), p('2026-06-15', 60, 60)];

describe('annualisedReturn', () => {
  it('compounds the n-year change back to a yearly rate', () => {
    // 10y: (200 / 80)^(1/10) − 1 = 0.0959582…; 5y: (200/130)^(1/5) − 1; 3y: (200/140)^(1/3) − 1; 1y: 200/170 − 1
    expect(annualisedReturn(A, '2026-05-01', 10, 'adjClose')).toBeCloseTo(0.09595822638521723, 12);
    expect(annualisedReturn(A, '2026-05-01', 5, 'adjClose')).toBeCloseTo(0.08997698704834534, 12);
    expect(annualisedReturn(A, '2026-05-01', 3, 'adjClose')).toBeCloseTo(0.12624788044360602, 12);
    expect(annualisedReturn(A, '2026-05-01', 1, 'adjClose')).toBeCloseTo(0.17647058823529416, 12);
    // On plain closes: (200/100)^(1/10) − 1
    expect(annualisedReturn(A, '2026-05-01', 10, 'close')).toBeCloseTo(0.07177346253629313, 12);
  });

  it('is null when a close is further than a week from its date, or missing', () => {
    expect(annualisedReturn(A, '2026-05-20', 1, 'close')).toBeNull(); // the last close is 19 days before
    expect(annualisedReturn([p('2016-03-01', 1), p('2026-05-01', 2)], '2026-05-01', 10, 'close')).toBeNull();
    expect(annualisedReturn([], '2026-05-01', 1, 'close')).toBeNull();
  });
});

describe('compareReturns', () => {
  it('ends every fund on the earliest last close, on adjusted closes when all have them', () => {
    const r = compareReturns({ A, B });
    expect(r.to).toBe('2026-05-01');
    expect(r.basis).toBe('total return');
    expect(r.byFund.A).toEqual({
      '1y': expect.closeTo(0.17647058823529416, 12),
      '3y': expect.closeTo(0.12624788044360602, 12),
      '5y': expect.closeTo(0.08997698704834534, 12),
      '10y': expect.closeTo(0.09595822638521723, 12),
    });
    // B to its 2026-04-30 close (55): 1y 55/50 − 1; 3y (55/40)^(1/3) − 1; 5y: no close within a week of 2021-05-01.
    expect(r.byFund.B).toMatchObject({ '1y': expect.closeTo(0.1, 12), '3y': expect.closeTo(0.11199004528465784, 12), '5y': null });
  });

  it('falls back to plain closes for every fund when one series lacks adjusted closes', () => {
    const r = compareReturns({ A, B: B.map((point) => ({ ...point, adjClose: null })) });
    expect(r.basis).toBe('price return');
    expect(r.byFund.A!['10y']).toBeCloseTo(0.07177346253629313, 12);
  });

  it('has no end date and no funds without prices', () => {
    expect(compareReturns({})).toEqual({ to: null, basis: 'total return', byFund: {} });
    expect(compareReturns({ A: [] })).toEqual({ to: null, basis: 'total return', byFund: {} });
  });
});
