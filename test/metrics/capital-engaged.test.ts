import { describe, expect, it } from 'vitest';
import { capitalEngaged, capitalSeries, futuresNotional, futuresParts, indexLevelAt, type IndexLevel } from '../../src/metrics/capital-engaged.js';
import { fundFlows, navPerShare } from '../../src/metrics/fund-flows.js';
import { readFileSync } from 'node:fs';
import { parseCotJson } from '../../src/sources/cftc/api.js';
import type { CotRow } from '../../src/store/cot.js';

const row = (reportDate: string, code: string, openInterest: number): CotRow => ({ reportDate, code, market: '', openInterest }) as unknown as CotRow;

/** Real figures of 2025-05-13: TFF open interest (fut_fin_txt_2025.zip), the ^RUT close, IWM's holdings file. */
const WEEK = [row('2025-05-13', '239742', 443_279), row('2025-05-13', '239747', 43_485)];
const LEVELS: IndexLevel[] = [
  { date: '2025-05-13', level: 2_102.35, source: '^RUT close (Yahoo)' },
  { date: '2025-05-13', level: 2_108.3, source: 'RTYM5 price in the IWM holdings' },
];

describe('capital engaged', () => {
  it('values open interest at the index: contracts × multiplier × level', () => {
    expect(futuresNotional(443_279, 50, 2_102.35)).toBeCloseTo(46_596_380_282.5, 2);
  });

  it('is IWM net assets + RTY and M2K notional, each part with its date (hand-checked 2025-05-13: $111.0bn)', () => {
    const parts = futuresParts(WEEK, LEVELS);
    expect(parts).toEqual([
      {
        code: '239742',
        contract: 'RTY',
        multiplier: 50,
        openInterest: 443_279,
        indexLevel: 2_102.35,
        indexLevelSource: '^RUT close (Yahoo) 2025-05-13',
        notional: expect.closeTo(46_596_380_282.5, 2),
        reportDate: '2025-05-13',
      },
      expect.objectContaining({ code: '239747', contract: 'M2K', multiplier: 5, notional: expect.closeTo(457_103_448.75, 2) }),
    ]);
    // Σ Market Value of the May 13 2025 IWM file (no NAV in its preamble): $63,944,408,980.25.
    const capital = capitalEngaged({ fund: 'IWM', netAssets: 63_944_408_980.25, asOf: '2025-05-13' }, parts);
    expect(capital.total).toBeCloseTo(110_997_892_711.5, 1);
    expect(capital.asOf).toBe('2025-05-13');
  });

  it("reads the newsletter's RTY open interest of 2026-09-08 (431,147) and values it only at a level at most 7 days older", () => {
    const rows = parseCotJson(
      JSON.parse(readFileSync(new URL('../fixtures/cot/gpe5-46if_select_239742_ko-aggregator.json', import.meta.url), 'utf8')),
      'api',
    ).rows;
    const week = rows.filter((r) => r.reportDate === '2026-09-08');
    // The newest ^RUT close bundled is of 2026-08-21, 18 days older: too old to value the report.
    expect(futuresParts(week, [{ date: '2026-08-21', level: 3_017.87, source: '^RUT close' }])[0]).toMatchObject({
      openInterest: 431_147,
      notional: null,
    });
    // 431,147 × $50 × 3,017.87 = $65.06bn (python3) at a close of 2026-09-01, 7 days older.
    expect(futuresParts(week, [{ date: '2026-09-01', level: 3_017.87, source: '^RUT close' }])[0]).toMatchObject({
      indexLevelSource: '^RUT close 2026-09-01',
      notional: expect.closeTo(65_057_279_844.5, 2),
    });
  });

  it('takes the newest level on or before the report, at most 7 days old, else none (and then no total)', () => {
    expect(indexLevelAt(LEVELS, '2025-05-20')?.source).toBe('^RUT close (Yahoo)');
    expect(indexLevelAt(LEVELS, '2025-05-12')).toBeNull();
    expect(indexLevelAt(LEVELS, '2025-06-14')).toBeNull();
    const parts = futuresParts([row('2025-06-17', '239742', 1)], LEVELS);
    expect(parts[0]).toMatchObject({ indexLevel: null, indexLevelSource: null, notional: null });
    expect(capitalEngaged({ fund: 'IWM', netAssets: 1, asOf: '2025-05-13' }, parts).total).toBeNull();
    expect(capitalEngaged({ fund: 'IWM', netAssets: null, asOf: null }, futuresParts(WEEK, LEVELS)).total).toBeNull();
  });

  it('adds no total when the holdings date and the report date lie more than 7 days apart', () => {
    const parts = futuresParts(WEEK, LEVELS);
    expect(capitalEngaged({ fund: 'IWM', netAssets: 63_944_408_980.25, asOf: '2025-05-06' }, parts).total).toBeCloseTo(110_997_892_711.5, 1);
    expect(capitalEngaged({ fund: 'IWM', netAssets: 63_944_408_980.25, asOf: '2025-05-20' }, parts).total).toBeCloseTo(110_997_892_711.5, 1);
    expect(capitalEngaged({ fund: 'IWM', netAssets: 63_944_408_980.25, asOf: '2025-05-05' }, parts).total).toBeNull();
    expect(capitalEngaged({ fund: 'IWM', netAssets: 63_944_408_980.25, asOf: '2025-05-21' }, parts).total).toBeNull();
  });

  it('runs week by week, the ETF from its newest holdings within 7 days', () => {
    const series = capitalSeries([WEEK, [row('2025-06-17', '239742', 1)]], LEVELS, [{ asOf: '2025-05-13', netAssets: 63_944_408_980.25 }]);
    expect(series[0]).toMatchObject({ reportDate: '2025-05-13', etfAsOf: '2025-05-13', total: expect.closeTo(110_997_892_711.5, 1) });
    expect(series[1]).toMatchObject({ reportDate: '2025-06-17', futuresNotional: null, etfNetAssets: null, total: null });
  });
});

describe('IWM flows', () => {
  // The real Jul 11 2024 and May 13 2025 IWM files: 295,000,000 and 303,600,000 shares outstanding, no NAV line.
  const JUL_2024 = { marketValueUsd: 63_857_726_694.14, sharesOutstanding: 295_000_000, navPerShareUsd: null };
  const MAY_2025 = { marketValueUsd: 63_944_408_980.25, sharesOutstanding: 303_600_000, navPerShareUsd: null };

  it('takes NAV per share as net assets ÷ shares when the preamble gives no NAV', () => {
    expect(navPerShare(JUL_2024)).toBeCloseTo(216.46687, 5);
    expect(navPerShare({ ...JUL_2024, navPerShareUsd: 216.45 })).toBe(216.45);
  });

  it('values created shares at the mean NAV: 8,600,000 × (216.47 + 210.62) / 2 = $1.84bn', () => {
    const [flow] = fundFlows([
      { asOf: '2024-07-11', totals: JUL_2024 },
      { asOf: '2025-05-13', totals: MAY_2025 },
    ]);
    expect(flow).toMatchObject({ from: '2024-07-11', to: '2025-05-13', sharesChange: 8_600_000 });
    expect(flow!.flow).toBeCloseTo(1_836_476_048.28, 1);
  });
});
