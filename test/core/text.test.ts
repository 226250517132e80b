import { describe, expect, it } from 'vitest';
import { plural, quoted } from '../../src/core/text.js';

describe('plural', () => {
  it('writes the noun in the singular for exactly one and in the plural otherwise, the count grouped', () => {
    expect(plural(1, 'repeated timestamp')).toBe('1 repeated timestamp');
    expect(plural(0, 'period')).toBe('0 periods');
    expect(plural(2, 'non-equity row')).toBe('2 non-equity rows');
    expect(plural(1983, 'row')).toBe('1,983 rows');
  });
});

describe('quoted', () => {
  it('cuts untrusted text to `max` characters and escapes control, C1, invisible and direction marks', () => {
    expect(quoted('IWM', 20)).toBe('"IWM"');
    expect(quoted('A'.repeat(41), 40)).toBe(`"${'A'.repeat(40)}…"`);
    expect(quoted('\u0000\u0007\t\u007f\u0085\u200b\u202e\ufeff"x', 40)).toBe('"\\u0000\\u0007\\t\\u007f\\u0085\\u200b\\u202e\\ufeff\\"x"');
  });
});
