import { describe, expect, it } from 'vitest';
import { HISTOGRAM_TITLE, returnsHistogramChart } from '../../../src/render/charts/returns-histogram.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

/** 200 returns: 20 below −50% (one of them exactly at the line's neighbour), 10 above +100%, the rest spread
 * between −50% and +100%; the exact −50% and +100% values count as neither tail. */
function returns(): number[] {
  const below = Array.from({ length: 20 }, (_, k) => -0.95 + k * 0.02);
  const above = Array.from({ length: 10 }, (_, k) => 1.05 + k * 0.2);
  const onTheLines = [-0.5, 1];
  const middle = Array.from({ length: 168 }, (_, k) => -0.45 + (k % 28) * 0.05);
  return [...below, ...above, ...onTheLines, ...middle];
}

describe('returnsHistogramChart', () => {
  const image = returnsHistogramChart({ returns: returns(), caption: 'Source: Yahoo Finance closes · as of 2025-05-13' });
  const texts = svgTexts(image.svg);

  it('draws blue bars in the body, red bars below −50% and green bars above +100%', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.loss, COLORS.gain], 200);
  });

  it('labels the counts beyond the lines, counting a return exactly on a line in neither tail', () => {
    expect(texts).toContain('20 below −50% (10.0%)');
    expect(texts).toContain('10 above +100% (5.0%)');
  });

  it('titles the chart, states the member count and median, and labels the x-axis in signed percent', () => {
    expect(texts).toContain(HISTOGRAM_TITLE);
    expect(texts.some((t) => t.startsWith('200 members · median '))).toBe(true);
    for (const label of ['−100%', '−50%', '0%', '+100%']) expect(texts).toContain(label);
    expect(texts).toContain('Source: Yahoo Finance closes · as of 2025-05-13');
  });

  it('notes returns past the right edge of the axis instead of stretching it', () => {
    const withOutlier = returnsHistogramChart({ returns: [...returns(), 25], caption: 'c' });
    expect(svgTexts(withOutlier.svg).some((t) => /· 1 at \+\d+% or more not drawn$/.test(t))).toBe(true);
  });

  it('says "No 1-year return data" when there are no finite returns', () => {
    const empty = returnsHistogramChart({ returns: [Number.NaN], caption: 'Source: none' });
    expect(svgTexts(empty.svg)).toContain('No 1-year return data');
    expect(pixelsOf(empty, COLORS.index)).toBe(0);
  });
});
