// The capital engaged in words: a total n/a always says why and gives the newest week with both parts.
import { describe, expect, it } from 'vitest';
import { capitalEngagedLines, capitalSummaryLine, positioningEmbed } from '../../src/render/futures.js';
import type { IndexFigures } from '../../src/universe/figures.js';

/** The real IWM file of Apr 10 2026 ($73.2bn) and the COT of Aug 4 2026 (RTY 417,259) with no ^RUT close stored. */
const NO_LEVEL: IndexFigures['capitalEngaged'] = {
  asOf: '2026-08-04',
  etf: { fund: 'IWM', netAssets: 73_246_496_825.41, asOf: '2026-04-10' },
  futures: [
    {
      code: '239742',
      contract: 'RTY',
      multiplier: 50,
      openInterest: 417_259,
      indexLevel: null,
      indexLevelSource: null,
      notional: null,
      reportDate: '2026-08-04',
    },
  ],
  total: null,
  notReported: [],
  // 2026-04-14: (RTY 404,501 × $50 + M2K 30,737 × $5) × 2,644.40 (RTYM6 in the holdings of 2026-04-10) = $53,889,526,834.
  series: [
    { reportDate: '2026-04-14', futuresNotional: 53_889_526_834, etfNetAssets: 73_246_496_825.41, etfAsOf: '2026-04-10', total: 127_136_023_659.41 },
  ],
  flows: [],
};

describe('capital engaged lines', () => {
  it('says why the total is n/a when the index level is missing too, and gives the newest week with both parts', () => {
    const [total, newest] = capitalEngagedLines({ capitalEngaged: NO_LEVEL });
    expect(total).toBe(
      '**Total n/a**: the IWM holdings (2026-04-10) and the COT report (2026-08-04) are 116 days apart; parts at most 7 days apart are added up; ' +
        'no index level within 7 days before the COT report of 2026-08-04',
    );
    expect(newest).toBe('Newest week with both parts: $127bn = IWM $73.2bn (holdings 2026-04-10) + futures $53.9bn (COT 2026-04-14)');
  });

  it('says so when only the index level is missing', () => {
    const close = { ...NO_LEVEL, etf: { ...NO_LEVEL.etf, asOf: '2026-08-04' } };
    expect(capitalEngagedLines({ capitalEngaged: close })[0]).toBe('**Total n/a**: no index level within 7 days before the COT report of 2026-08-04');
    expect(capitalSummaryLine({ capitalEngaged: close })).toMatch(
      /^Total n\/a \(no index level within 7 days before the COT report of 2026-08-04\)\. Newest week with both parts: \$127bn/,
    );
  });
});

describe('positioning without TFF weeks', () => {
  it('says the legacy weeks kept give open interest only, rather than that no COT week is kept', () => {
    // The real legacy annual.txt of Jan 13 2026 alone: RTY open interest 397,732, no leveraged-fund split.
    const legacyOnly = { ...NO_LEVEL, futures: [{ ...NO_LEVEL.futures[0]!, openInterest: 397_732, reportDate: '2026-01-13' }] };
    expect(positioningEmbed({ capitalEngaged: legacyOnly, positioning: null, demoData: false }).description).toMatch(
      /^No Traders in Financial Futures report weeks in the cache: positioning needs them \(the legacy report kept gives open interest only\)/,
    );
    expect(positioningEmbed({ capitalEngaged: { ...NO_LEVEL, futures: [] }, positioning: null, demoData: false }).description).toBe(
      'No COT report weeks in the cache yet. An admin can run `zombie ingest cot`.',
    );
  });
});
