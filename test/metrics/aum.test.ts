import { describe, expect, it } from 'vitest';
import { netAssets } from '../../src/metrics/aum.js';

describe('net assets', () => {
  it('is shares outstanding × NAV where the preamble gives both', () => {
    // 295,000,000 × 216.45 = 63,852,750,000
    expect(netAssets({ marketValueUsd: 63_857_726_694.14, sharesOutstanding: 295_000_000, navPerShareUsd: 216.45 })).toBeCloseTo(63_852_750_000, 2);
  });

  it('is the sum of market values without a NAV, and unknown without either', () => {
    expect(netAssets({ marketValueUsd: 63_857_726_694.14, sharesOutstanding: 295_000_000, navPerShareUsd: null })).toBe(63_857_726_694.14);
    expect(netAssets({ marketValueUsd: null, sharesOutstanding: 295_000_000, navPerShareUsd: null })).toBeNull();
    expect(netAssets(null)).toBeNull();
  });
});
