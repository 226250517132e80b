import { describe, expect, it } from 'vitest';
import { normaliseSymbol } from '../../src/core/ticker.js';

describe('normaliseSymbol', () => {
  it('trims and upper-cases plausible symbols', () => {
    expect(normaliseSymbol('  iwm ')).toBe('IWM');
    expect(normaliseSymbol('brk.b')).toBe('BRK.B');
    expect(normaliseSymbol('ＩＷＭ')).toBe('IWM');
  });

  it('refuses what cannot be a symbol', () => {
    expect(normaliseSymbol('')).toBeNull();
    expect(normaliseSymbol("'; DROP TABLE holdings; --")).toBeNull();
    expect(normaliseSymbol('A'.repeat(5000))).toBeNull();
    expect(normaliseSymbol('💀')).toBeNull();
    expect(normaliseSymbol('@everyone')).toBeNull();
  });

  it('refuses path separators and spaces, so a symbol is always a safe file-name part', () => {
    expect(normaliseSymbol('A/../../PW')).toBeNull();
    expect(normaliseSymbol('BRK/B')).toBeNull();
    expect(normaliseSymbol('MPTI RT')).toBeNull();
    expect(normaliseSymbol('-')).toBeNull();
    expect(normaliseSymbol('bf-b')).toBe('BF-B');
  });
});
