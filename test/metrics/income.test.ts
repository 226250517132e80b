import { describe, expect, it } from 'vitest';
import { dividendYield, indexDividends, memberDividendYield } from '../../src/metrics/income.js';

describe('dividend yield', () => {
  it('divides TTM dividends per share by the price', () => {
    // 2 / 50 = 0.04
    expect(dividendYield(2, 50)).toBe(0.04);
    expect(dividendYield(0, 50)).toBe(0);
  });

  it('is null without dividends per share or a positive price', () => {
    expect(dividendYield(null, 50)).toBeNull();
    expect(dividendYield(2, null)).toBeNull();
    expect(dividendYield(2, 0)).toBeNull();
  });

  it('takes the screener yield only where SEC gives none, and never counts a missing yield as 0', () => {
    expect(memberDividendYield(2, 50, 0.09)).toBe(0.04);
    expect(memberDividendYield(null, 50, 0.0136)).toBe(0.0136);
    expect(memberDividendYield(null, 50, null)).toBeNull();
  });
});

describe('index dividend yield', () => {
  it('weights yields by fund weight and counts the members yielding more', () => {
    const d = indexDividends([
      { weight: 0.3, dividendYield: 0.04 },
      { weight: 0.1, dividendYield: 0 }, // a known non-payer
      { weight: 0.2, dividendYield: null }, // not covered
      { weight: 0.4, dividendYield: 0.02 },
      { weight: null, dividendYield: 0.1 }, // no weight: not covered
    ]);
    // (0.3·0.04 + 0.1·0 + 0.4·0.02) / (0.3 + 0.1 + 0.4) = (0.012 + 0.008) / 0.8 = 0.025; above it: 0.04 only → 1 of 3
    expect(d.indexYield).toBeCloseTo(0.025, 12);
    expect(d).toMatchObject({ covered: 3, above: 1, aboveShare: 1 / 3 });
  });

  it('has no index yield without covered weight', () => {
    expect(indexDividends([])).toEqual({ indexYield: null, covered: 0, above: 0, aboveShare: null });
    expect(indexDividends([{ weight: 0, dividendYield: 0.03 }])).toEqual({ indexYield: null, covered: 1, above: 0, aboveShare: null });
  });
});
