import { describe, expect, it } from 'vitest';
import { isSmallRevenue, smallRevenueSummary } from '../../src/metrics/size.js';

describe('small revenue', () => {
  it('counts TTM revenue of $500m or less among members with revenue', () => {
    // 120m, 500m (exactly: small), 500.000001m, 2bn; one unknown → 2 of 4 = 0.5
    expect(smallRevenueSummary([120e6, 500e6, null, 500_000_001, 2e9])).toEqual({ covered: 4, count: 2, share: 0.5 });
  });

  it('does not judge a member without revenue', () => {
    expect(isSmallRevenue(null)).toBeNull();
    expect(smallRevenueSummary([])).toEqual({ covered: 0, count: 0, share: null });
  });
});
