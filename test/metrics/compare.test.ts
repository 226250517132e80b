import { describe, expect, it } from 'vitest';
import { compareJson, earningsRuleRemoves, fundComparison, overlap, type Comparison } from '../../src/metrics/compare.js';
import { UNIVERSE } from './universe-example.js';

describe('fundComparison (the five-member example universe)', () => {
  const f = fundComparison('IWM', '2024-07-11', UNIVERSE);

  it('counts the health figures as /zombie health does, each with its coverage', () => {
    expect(f).toMatchObject({
      fund: 'IWM',
      asOf: '2024-07-11',
      members: 5,
      negativeEps: { covered: 3, count: 1 },
      altmanZ: { scored: 2, distress: 1, excluded: 1 },
      // ZOMB a zombie, SAFE not; BANK left out as Financials; narrow: ZOMB (13.8 years old) of ZOMB and SAFE.
      zombies: { covered: 2, count: 1, excluded: 1, narrow: { covered: 2, count: 1 } },
      fcf: { covered: 2, positive: 2, sbcCovered: 2, sbcOverHalf: 1 },
      smallRevenue: { covered: 3, count: 2 },
      demoData: true,
    });
    // (0.5·0.02 + 0.2·0.05 + 0.05·0) / 0.75
    expect(f.dividends).toMatchObject({ indexYield: expect.closeTo(0.02 / 0.75, 12), covered: 3 });
  });

  it('gives the P/E with and without loss-makers, the forward P/E and the median market cap', () => {
    // Σ cap 100,000 + 1,000m + 10m over Σ earnings −5,000 + 50m + 1m; ex losses: (1,000m + 10m) / (50m + 1m)
    expect(f.valuation).toMatchObject({
      pe: expect.closeTo(1_010_100_000 / 50_995_000, 10),
      covered: 3,
      peExLosses: expect.closeTo(1_010_000_000 / 51_000_000, 10),
      profitableCovered: 2,
      forwardPe: 10,
      forwardCovered: 1,
    });
    // Caps 100,000, 10m, 50m (screener), 1,000m → median (10m + 50m) / 2; NODATA has none.
    expect(f.marketCap).toEqual({ median: 30e6, covered: 4 });
  });
});

describe('overlap', () => {
  it('counts the common tickers and their share of each fund weight', () => {
    const a = {
      fund: 'IWM',
      members: [
        { ticker: 'A', weight: 0.5 },
        { ticker: 'B', weight: 0.3 },
        { ticker: 'C', weight: null },
      ],
    };
    const b = {
      fund: 'IJR',
      members: [
        { ticker: 'B', weight: 0.1 },
        { ticker: 'C', weight: 0.2 },
        { ticker: 'D', weight: 0.7 },
      ],
    };
    // Common B and C: IWM 0.3 / 0.8 (C's unknown weight counts 0); IJR (0.1 + 0.2) / 1.0
    expect(overlap(a, b)).toEqual({ funds: ['IWM', 'IJR'], count: 2, weight: { IWM: expect.closeTo(0.375, 12), IJR: expect.closeTo(0.3, 12) } });
    expect(overlap(a, { fund: 'X', members: [] })).toEqual({ funds: ['IWM', 'X'], count: 0, weight: { IWM: 0, X: null } });
  });
});

describe('earningsRuleRemoves', () => {
  it('takes the IWM members in no S&P list with negative EPS, their weight and health', () => {
    const removed = earningsRuleRemoves(UNIVERSE, [
      { fund: 'IJR', tickers: ['SAFE'] },
      { fund: 'IJH', tickers: ['SCRN'] },
    ]);
    // Outside: ZOMB (EPS −0.5, w 0.2), BANK (EPS 1, w 0.2), NODATA (no EPS, w 0.1) of Σw 1.05; removed: ZOMB.
    expect(removed).toEqual({
      count: 1,
      weight: expect.closeTo(0.2 / 1.05, 12),
      negativeEps: { covered: 2, count: 1, share: 0.5 },
      outside: { count: 3, weight: expect.closeTo(0.5 / 1.05, 12) },
      lists: ['IJR', 'IJH'],
      health: expect.objectContaining({
        altmanZ: expect.objectContaining({ scored: 1, distress: 1 }),
        zombies: expect.objectContaining({ covered: 1, count: 1 }),
        fcf: expect.objectContaining({ covered: 1, positive: 1, sbcOverHalf: 1 }),
      }),
    });
  });

  it('gives no count or weight (unknown, not zero) when no member outside the lists has an EPS', () => {
    // Outside: NODATA only (no fundamentals).
    const removed = earningsRuleRemoves(UNIVERSE, [{ fund: 'IJR', tickers: UNIVERSE.map((m) => m.ticker).filter((t) => t !== 'NODATA') }]);
    expect(removed).toMatchObject({ count: null, weight: null, negativeEps: { covered: 0, count: 0 }, outside: { count: 1 } });
  });
});

describe('compareJson', () => {
  it('has exactly the contract keys per fund, returns n/a for a fund without prices', () => {
    const c: Comparison = {
      funds: [fundComparison('IWM', '2024-07-11', UNIVERSE)],
      returns: { to: null, basis: 'total return', byFund: {} },
      overlap: null,
      earningsRuleRemoves: null,
      demoData: true,
    };
    const json = compareJson(c);
    expect(json).toEqual({
      funds: [
        {
          fund: 'IWM',
          asOf: '2024-07-11',
          members: 5,
          negativeEps: { covered: 3, count: 1 },
          altmanZ: { scored: 2, distress: 1 },
          zombies: { covered: 2, count: 1, excluded: 1, narrow: { covered: 2, count: 1 } },
          fcf: { covered: 2, positive: 2, sbcOverHalf: 1 },
          smallRevenue: { covered: 3, count: 2 },
          dividendYield: expect.closeTo(0.02 / 0.75, 12),
          pe: expect.closeTo(1_010_100_000 / 50_995_000, 10),
          peExLosses: expect.closeTo(1_010_000_000 / 51_000_000, 10),
          forwardPe: 10,
          medianMarketCap: 30e6,
          returns: { '1y': null, '3y': null, '5y': null, '10y': null },
        },
      ],
      overlap: null,
      earningsRuleRemoves: null,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(JSON.parse(JSON.stringify(json)));
  });
});
