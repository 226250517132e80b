import { describe, expect, it } from 'vitest';
import { isNegativeEps, negativeEpsSummary } from '../../src/metrics/profitability.js';

describe('negative EPS', () => {
  it('counts members with TTM diluted EPS below zero among those with an EPS', () => {
    // EPS −1.2, 0 (not negative), 3.4, −0.01; one unknown → 2 of 4 = 0.5
    expect(negativeEpsSummary([-1.2, 0, null, 3.4, -0.01])).toEqual({ covered: 4, count: 2, share: 0.5 });
  });

  it('does not judge a member without EPS', () => {
    expect(isNegativeEps(null)).toBeNull();
    expect(isNegativeEps(-0.5)).toBe(true);
    expect(negativeEpsSummary([null])).toEqual({ covered: 0, count: 0, share: null });
  });
});
