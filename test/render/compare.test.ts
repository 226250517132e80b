// The earnings-rule lines of /zombie compare on the five-member example universe (test/metrics/universe-example.ts).
import { describe, expect, it } from 'vitest';
import { earningsRuleRemoves } from '../../src/metrics/compare.js';
import { earningsRuleLines } from '../../src/render/compare.js';
import { UNIVERSE } from '../metrics/universe-example.js';

describe('earningsRuleLines', () => {
  it('gives the members outside the S&P lists, the removed ones and their weight', () => {
    // Outside: ZOMB (EPS −0.5, w 0.2), BANK (EPS 1, w 0.2), NODATA (no EPS, w 0.1) of Σw 1.05: 0.5 / 1.05 = 47.6%;
    // removed: ZOMB, 0.2 / 1.05 = 19.0%; 1 of the 2 with an EPS loses money.
    const [outside, removed] = earningsRuleLines(earningsRuleRemoves(UNIVERSE, [{ fund: 'IJR', tickers: ['SAFE', 'SCRN'] }]));
    expect(outside).toMatch(/^3 IWM members are in neither IJR \(47\.6% of IWM's weight\); 50\.0% of 2 of those with an EPS lose money\.$/);
    expect(removed).toMatch(/^Removed: 1 member, 19\.0% of IWM's weight\. /);
  });

  it('says n/a, not 0, when none of those members has an EPS', () => {
    const lists = [{ fund: 'IJR', tickers: UNIVERSE.map((m) => m.ticker).filter((t) => t !== 'NODATA') }];
    expect(earningsRuleLines(earningsRuleRemoves(UNIVERSE, lists))[1]).toMatch(
      /^Removed: n\/a \(no EPS for those members\), n\/a of IWM's weight\. /,
    );
  });
});
