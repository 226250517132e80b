import { describe, expect, it } from 'vitest';
import { inlineCode, plural, quoted, truncate } from '../../src/core/text.js';

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
    expect(quoted(`${'A'.repeat(39)}😀😀`, 40)).toBe(`"${'A'.repeat(39)}😀…"`);
    expect(quoted('\u0000\u0007\t\u007f\u0085\u200b\u202e\ufeff"x', 40)).toBe('"\\u0000\\u0007\\t\\u007f\\u0085\\u200b\\u202e\\ufeff\\"x"');
  });
});

describe('truncate', () => {
  it('keeps at most `max` code points, the last an ellipsis when cut, and never splits a surrogate pair', () => {
    expect(truncate('IWM', 3)).toBe('IWM');
    expect(truncate('IWMX', 3)).toBe('IW…');
    // 😀 is two UTF-16 units: a cut at 100 units would leave half of it.
    const cut = truncate(`${'a'.repeat(99)}😀b`, 100);
    expect(cut).toBe(`${'a'.repeat(99)}…`);
    expect(truncate(`${'a'.repeat(98)}😀bc`, 100)).toBe(`${'a'.repeat(98)}😀…`);
    expect(Array.from(truncate('😀'.repeat(200), 100))).toHaveLength(100);
    // encodeURIComponent throws on a lone surrogate.
    expect(() => encodeURIComponent(truncate(`${'😀'.repeat(200)}`, 100))).not.toThrow();
  });

  it('replaces a lone surrogate in the input with U+FFFD', () => {
    expect(truncate('a\ud83db', 10)).toBe('a\ufffdb');
    expect(truncate('\ude00', 10)).toBe('\ufffd');
  });
});

describe('inlineCode', () => {
  it('wraps text in a code span that a backtick in it cannot close', () => {
    const span = inlineCode('a`[x](https://e.example)`', 100);
    expect(span).toBe('`a\u02cb[x](https://e.example)\u02cb`');
    expect(span.slice(1, -1)).not.toContain('`');
  });

  it('cuts on code points and shows controls, line breaks and direction marks as escapes', () => {
    expect(inlineCode('😀'.repeat(150), 100)).toBe(`\`${'😀'.repeat(99)}…\``);
    expect(inlineCode('a\nb\u202ec', 20)).toBe('`a\\u000ab\\u202ec`');
    expect(inlineCode('', 20)).toBe('` `');
  });
});
