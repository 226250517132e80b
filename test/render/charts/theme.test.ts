import { describe, expect, it } from 'vitest';
import { dateToUtcMs, formatCorrelation, formatLongDate, formatShortDate, formatSignedWholePct } from '../../../src/render/charts/theme.js';

describe('chart label formats', () => {
  it('writes dates in UTC as "Nov 5" and "Nov 5, 2024"', () => {
    expect(formatShortDate(dateToUtcMs('2024-11-05'))).toBe('Nov 5');
    expect(formatLongDate(dateToUtcMs('2024-01-31'))).toBe('Jan 31, 2024');
  });

  it('rejects a date that is not YYYY-MM-DD, naming it', () => {
    expect(() => dateToUtcMs('11/05/2024')).toThrow("'11/05/2024'");
  });

  it('signs whole percentages with a true minus: −50%, 0%, +100%', () => {
    expect([-0.5, 0, 1, 0.3].map(formatSignedWholePct)).toEqual(['−50%', '0%', '+100%', '+30%']);
  });

  it('writes correlations to two places with a sign, and null as n/a', () => {
    expect([0.4213, -0.05, 0, null].map(formatCorrelation)).toEqual(['+0.42', '−0.05', '0.00', 'n/a']);
  });
});
