import { describe, expect, it } from 'vitest';
import { sectorComposition } from '../../src/metrics/composition.js';

describe('sector composition', () => {
  it('counts members and averages market cap per sector, largest first, ties by name', () => {
    const sectors = sectorComposition([
      { sector: 'Industrials', marketCapUsd: 100 },
      { sector: 'Health Care', marketCapUsd: 300 },
      { sector: 'Industrials', marketCapUsd: 200 },
      { sector: 'Health Care', marketCapUsd: null },
      { sector: 'Energy', marketCapUsd: 50 },
      { sector: null, marketCapUsd: null },
    ]);
    // Health Care 2 (avg 300 over 1 cap), Industrials 2 (avg (100+200)/2 = 150), then Energy 1, Unknown 1 by name
    expect(sectors).toEqual([
      { sector: 'Health Care', members: 2, avgMarketCap: 300, marketCapCovered: 1 },
      { sector: 'Industrials', members: 2, avgMarketCap: 150, marketCapCovered: 2 },
      { sector: 'Energy', members: 1, avgMarketCap: 50, marketCapCovered: 1 },
      { sector: 'Unknown', members: 1, avgMarketCap: null, marketCapCovered: 0 },
    ]);
  });

  it('is empty without members', () => {
    expect(sectorComposition([])).toEqual([]);
  });
});
