import { describe, expect, it } from 'vitest';
import { formatCoverage, formatPct, formatShare, formatSignedPct, formatUsd } from '../../src/render/format.js';

describe('format', () => {
  it('formats money with magnitude suffixes', () => {
    expect(formatUsd(1_600_000_000)).toBe('$1.6bn');
    expect(formatUsd(-2_500_000)).toBe('−$2.5m');
    expect(formatUsd(450_000_000)).toBe('$450m');
    expect(formatUsd(3_000_000_000_000)).toBe('$3tn');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(null)).toBe('n/a');
  });

  it('formats fractions as percentages and says n/a for missing', () => {
    expect(formatPct(0.43415)).toBe('43.4%');
    expect(formatSignedPct(0.052)).toBe('+5.2%');
    expect(formatSignedPct(-0.5)).toBe('−50.0%');
    expect(formatSignedPct(-0.0004)).toBe('0.0%'); // rounds to zero: no sign
    expect(formatSignedPct(0.00049)).toBe('0.0%');
    expect(formatSignedPct(0.0006)).toBe('+0.1%');
    expect(formatPct(Number.NaN)).toBe('n/a');
  });

  it('states coverage and shares', () => {
    expect(formatCoverage(1731, 1962)).toBe('1,731 of 1,962 with data');
    expect(formatShare(812, 1871)).toBe('812 (43.4%)');
    expect(formatShare(0, 0)).toBe('n/a');
  });
});
