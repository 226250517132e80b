import { describe, expect, it } from 'vitest';
import { countShare, median, olsSlope, pearson, percentileRank, share } from '../../src/metrics/stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, unsorted input', () => {
    // sorted 1, 2, 3 → 2
    expect(median([3, 1, 2])).toBe(2);
  });

  it('takes the mean of the middle two of an even count', () => {
    // sorted 1, 2, 3, 4 → (2 + 3) / 2 = 2.5
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // sorted −0.6, −0.2, 0.1, 1.5 → (−0.2 + 0.1) / 2 = −0.05
    expect(median([0.1, -0.6, 1.5, -0.2])).toBeCloseTo(-0.05, 12);
  });

  it('is null without values', () => {
    expect(median([])).toBeNull();
  });
});

describe('pearson and OLS slope', () => {
  it('matches a hand computation', () => {
    // x = 10, −10, 20; y = 1, −2, 3. x̄ = 20/3, ȳ = 2/3.
    // Σdxdy = 230/3, Σdx² = 1400/3, Σdy² = 38/3 → r = 230 / √(1400·38) = 0.997176; slope = 230/1400 = 0.164286
    expect(pearson([10, -10, 20], [1, -2, 3])).toBeCloseTo(230 / Math.sqrt(1400 * 38), 12);
    expect(pearson([10, -10, 20], [1, -2, 3])).toBeCloseTo(0.997176, 6);
    expect(olsSlope([10, -10, 20], [1, -2, 3])).toBeCloseTo(0.164286, 6);
  });

  it('needs three pairs', () => {
    expect(pearson([1, 2], [2, 4])).toBeNull();
    expect(olsSlope([1, 2], [2, 4])).toBeNull();
  });

  it('is null with zero variance, even when float means leave a residue', () => {
    // 0.1 three times: the float mean is 0.10000000000000002, so a variance test on Σdx² alone would not be 0.
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [0.1, 0.1, 0.1])).toBeNull();
    expect(olsSlope([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    // y constant, x varying: the slope is a genuine 0.
    expect(olsSlope([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it('refuses unpaired series', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow('3 x values but 2 y values');
  });
});

describe('percentile rank', () => {
  it('counts lower values and half the ties', () => {
    // others 1, 2, 3, 4; value 3: 2 below + ½·1 tie = 2.5 of 4 = 0.625
    expect(percentileRank(3, [1, 2, 3, 4])).toBe(0.625);
    expect(percentileRank(0, [1, 2])).toBe(0);
    expect(percentileRank(9, [1, 2])).toBe(1);
  });

  it('is null without a value or anyone to compare with', () => {
    expect(percentileRank(null, [1, 2])).toBeNull();
    expect(percentileRank(1, [])).toBeNull();
  });
});

describe('count and share', () => {
  it('drops nulls from the coverage', () => {
    // covered −1, 2, −3 (3 of 5); negative: 2 → 2/3
    expect(countShare([-1, null, 2, null, -3], (v) => v < 0)).toEqual({ covered: 3, count: 2, share: 2 / 3 });
  });

  it('has no share when nothing is covered', () => {
    expect(countShare<number>([null, null], (v) => v < 0)).toEqual({ covered: 0, count: 0, share: null });
    expect(share(0, 0)).toBeNull();
  });
});
