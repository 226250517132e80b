import { describe, expect, it } from 'vitest';
import { computeIndexMetrics } from '../../src/metrics/index-metrics.js';
import { trumpTrade } from '../../src/metrics/trump-trade.js';
import { valuation } from '../../src/metrics/valuation.js';
import { UNIVERSE } from './universe-example.js';

const noExtras = { trump: null, valuation: {} };

describe('computeIndexMetrics', () => {
  const metrics = computeIndexMetrics(UNIVERSE, noExtras);

  it('has every key of the index JSON shape', () => {
    const keys = [
      'members',
      'sectors',
      'dispersion',
      'negativeEps',
      'altmanZ',
      'zombies',
      'fcf',
      'smallRevenue',
      'dividends',
      'valuation',
      'trumpTrade',
      'demoData',
    ];
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(keys));
    expect(JSON.parse(JSON.stringify(metrics))).toEqual(metrics);
  });

  it('lists sectors by member count, ties by name, with average market caps', () => {
    // Energy 2 (only SCRN's 50m known); then one each: Financials 10m, Health Care 1,000m, Industrials 100,000
    expect(metrics.members).toBe(5);
    expect(metrics.sectors).toEqual([
      { sector: 'Energy', members: 2, avgMarketCap: 50e6, marketCapCovered: 1 },
      { sector: 'Financials', members: 1, avgMarketCap: 10e6, marketCapCovered: 1 },
      { sector: 'Health Care', members: 1, avgMarketCap: 1000e6, marketCapCovered: 1 },
      { sector: 'Industrials', members: 1, avgMarketCap: 100_000, marketCapCovered: 1 },
    ]);
  });

  it('takes the dispersion of the members with a return', () => {
    // −0.6, 0.3, 1.5, 0 → median (0 + 0.3) / 2 = 0.15; one down > 50 %, one up > 100 %
    expect(metrics.dispersion).toMatchObject({ covered: 4, downOver50: 1, upOver100: 1, median: expect.closeTo(0.15, 12) });
    expect(metrics.dispersion.top5.map((r) => r.ticker)).toEqual(['BANK', 'SAFE', 'SCRN', 'ZOMB']);
    expect(metrics.dispersion.bottom5.map((r) => r.ticker)).toEqual(['ZOMB', 'SCRN', 'SAFE', 'BANK']);
  });

  it('counts negative EPS, small revenue and zombies over the members with data', () => {
    // EPS −0.5, 5, 1 → 1 of 3; revenue 440,000, 800m, 100m → 2 of 3 ≤ $500m; zombies: ZOMB yes, SAFE no, BANK (a
    // zombie by its figures) excluded as Financials; narrow: ZOMB yes (13.8 years old), SAFE no (young): 1 of 2
    expect(metrics.negativeEps).toEqual({ covered: 3, count: 1, share: 1 / 3 });
    expect(metrics.smallRevenue).toEqual({ covered: 3, count: 2, share: 2 / 3 });
    expect(metrics.zombies).toEqual({ covered: 2, count: 1, share: 0.5, excluded: 1, narrow: { covered: 2, count: 1, share: 0.5 } });
  });

  it('counts members below Z 1.81 as distress, excluding financials', () => {
    // ZOMB 1.4586 distress, SAFE 6.11 safe; BANK excluded though its figures would score; no data for the rest
    expect(metrics.altmanZ).toEqual({ scored: 2, excluded: 1, distress: 1, grey: 0, safe: 1, distressShare: 0.5, shareBelow1_8: 0.5 });
  });

  it('counts FCF-positive members and those whose SBC is over half of FCF', () => {
    // ZOMB 15,000 (SBC 0.667), SAFE 80m (SBC 0.1)
    expect(metrics.fcf).toEqual({ covered: 2, positive: 2, positiveShare: 1, sbcCovered: 2, sbcOverHalf: 1, sbcOverHalfShare: 0.5 });
  });

  it('weights dividend yields by fund weight', () => {
    // SAFE 0.02 (w 0.5), BANK 0.05 (w 0.2), SCRN screener 0 (w 0.05); ZOMB and NODATA not covered
    // (0.5·0.02 + 0.2·0.05 + 0.05·0) / 0.75 = 0.02 / 0.75 = 0.026667; above: BANK → 1 of 3
    expect(metrics.dividends).toEqual({ indexYield: expect.closeTo(0.02 / 0.75, 12), covered: 3, above: 1, aboveShare: 1 / 3 });
  });

  it('marks figures resting on demo data', () => {
    expect(metrics.demoData).toBe(true);
    expect(
      computeIndexMetrics(
        UNIVERSE.filter((m) => !m.demo),
        noExtras,
      ).demoData,
    ).toBe(false);
  });

  it('passes the valuations and the Trump trade through', () => {
    const trump = trumpTrade('s', [], [], null);
    const withExtras = computeIndexMetrics(UNIVERSE, { trump, valuation: { IWM: valuation(UNIVERSE) } });
    expect(withExtras.trumpTrade).toBe(trump);
    // Σ cap 100,000 + 1,000m + 10m; Σ earnings −5,000 + 50m + 1m
    expect(withExtras.valuation.IWM).toMatchObject({
      pe: expect.closeTo(1_010_100_000 / 50_995_000, 10),
      covered: 3,
      members: 5,
      includesNegativeEarners: true,
      forwardPe: 10,
      forwardCovered: 1,
    });
  });

  it('covers nothing without members', () => {
    const empty = computeIndexMetrics([], noExtras);
    expect(empty).toMatchObject({
      members: 0,
      sectors: [],
      dispersion: { covered: 0, median: null, top5: [], bottom5: [] },
      negativeEps: { covered: 0, count: 0, share: null },
      altmanZ: { scored: 0, excluded: 0, distress: 0, grey: 0, safe: 0 },
      zombies: { covered: 0, count: 0, excluded: 0, narrow: { covered: 0, count: 0, share: null } },
      fcf: { covered: 0, positive: 0, sbcOverHalf: 0 },
      smallRevenue: { covered: 0, count: 0 },
      dividends: { indexYield: null, covered: 0, above: 0 },
      trumpTrade: null,
      demoData: false,
    });
  });
});
