import { describe, expect, it } from 'vitest';
import { plural } from '../../src/core/text.js';

describe('plural', () => {
  it('writes the noun in the singular for exactly one and in the plural otherwise, the count grouped', () => {
    expect(plural(1, 'repeated timestamp')).toBe('1 repeated timestamp');
    expect(plural(0, 'period')).toBe('0 periods');
    expect(plural(2, 'non-equity row')).toBe('2 non-equity rows');
    expect(plural(1983, 'row')).toBe('1,983 rows');
  });
});
