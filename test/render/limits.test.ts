import { describe, expect, it } from 'vitest';
import { embedLength, fitEmbeds, limitViolations, truncate, truncateEmbed } from '../../src/render/limits.js';

describe('embed limits', () => {
  it('truncates every part to its limit and the total to 6,000', () => {
    const embed = truncateEmbed({
      title: 'T'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(2000) })),
      footer: { text: 'f'.repeat(3000) },
    });
    expect(embed.title).toHaveLength(256);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    expect(limitViolations([embed])).toEqual([]);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  });

  it('shares the 6,000 total across the embeds of one message', () => {
    const big = { description: 'x'.repeat(4000) };
    const fitted = fitEmbeds([big, big]);
    expect(limitViolations(fitted)).toEqual([]);
  });

  it('reports each violation', () => {
    expect(limitViolations([{ title: 'x'.repeat(257), fields: [{ name: '', value: 'v' }] }])).toEqual([
      'embed 0 title 257 > 256',
      'embed 0 field 0 is empty',
    ]);
  });
});

describe('truncate', () => {
  it('cuts to the limit in UTF-16 units without splitting a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    // "ab😀c": the cut after 3 units would end inside the emoji's pair, so it ends before it.
    expect(truncate('ab\u{1F600}cd', 4)).toBe('ab…');
    expect(truncate('ab\u{1F600}cd', 5)).toBe('ab\u{1F600}…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
