import { describe, expect, it } from 'vitest';
import { COLORS } from '../../../src/render/charts/theme.js';
import { tickerVsIndexChart } from '../../../src/render/charts/ticker-vs-index.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

/** Weekday closes from 2024-06-03 for `count` days, moving linearly from `from` to `to`. */
function closes(start: string, count: number, from: number, to: number) {
  const rows: { date: string; close: number }[] = [];
  for (let ms = Date.parse(`${start}T00:00:00Z`); rows.length < count; ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day === 0 || day === 6) continue;
    rows.push({ date: new Date(ms).toISOString().slice(0, 10), close: from + ((to - from) * rows.length) / (count - 1) });
  }
  return rows;
}

describe('tickerVsIndexChart', () => {
  // The member lists three trading days after the index starts: both are rebased on the member's first day.
  const index = closes('2024-06-03', 63, 200, 200);
  const member = closes('2024-06-06', 60, 10, 12);
  const image = tickerVsIndexChart({ symbol: 'ABCD', member, index, indexSymbol: 'IWM', caption: 'Source: Yahoo Finance' });
  const texts = svgTexts(image.svg);

  it('draws the member in orange over the index in blue', () => {
    expectDrawnPng(image, [COLORS.member, COLORS.index]);
  });

  it('rebases both to 100 on the first shared date and states each change since then', () => {
    expect(texts).toContain('ABCD vs IWM, rebased to 100');
    expect(texts).toContain('ABCD +20.0% · IWM 0.0% since Jun 6, 2024');
    expect(texts).toContain('ABCD');
    expect(texts).toContain('IWM');
    expect(texts).toContain('100');
    expect(texts.some((t) => /^(Jun|Jul|Aug)( \d{1,2})?$/.test(t))).toBe(true);
  });

  it('names the missing series instead of drawing an empty frame', () => {
    const noMember = tickerVsIndexChart({ symbol: 'ABCD', member: [], index, indexSymbol: 'IWM', caption: 'c' });
    expect(svgTexts(noMember.svg)).toContain('No price data for ABCD');
    expect(pixelsOf(noMember, COLORS.member)).toBe(0);
    const disjoint = tickerVsIndexChart({
      symbol: 'ABCD',
      member: closes('2023-01-02', 5, 10, 11),
      index,
      indexSymbol: 'IWM',
      caption: 'c',
    });
    expect(svgTexts(disjoint.svg)).toContain('No dates with both ABCD and IWM prices');
  });
});
