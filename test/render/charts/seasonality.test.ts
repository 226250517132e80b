import { describe, expect, it } from 'vitest';
import type { CalendarMonthFigures } from '../../../src/metrics/seasonality.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { MEAN_SERIES, RELATIVE_SERIES, SANTA_LABEL, SEASONALITY_TITLE, seasonalityChart } from '../../../src/render/charts/seasonality.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

const months: CalendarMonthFigures[] = Array.from({ length: 12 }, (_, k) => ({
  month: k + 1,
  n: 26,
  iwmMean: (k % 5) / 100 - 0.015,
  iwmHitRate: 0.5 + k / 40,
  relMean: k % 2 === 0 ? 0.004 : -0.003,
}));

describe('seasonalityChart', () => {
  const image = seasonalityChart({ months, from: '2000-06', to: '2026-07', currentMonth: 3, caption: 'Daily closes to 2026-07-31' });
  const texts = svgTexts(image.svg);

  it('draws IWM mean bars in blue and the relative bars in purple on the dark card, the current month outlined', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.relative, COLORS.event]);
  });

  it('names both series, the Santa window and each month with its hit rate', () => {
    for (const text of [SEASONALITY_TITLE, MEAN_SERIES, RELATIVE_SERIES, SANTA_LABEL, 'Jan', '50%', 'Dec', '78%']) expect(texts).toContain(text);
    expect(texts).toContain('Mean monthly return 2000-06 – 2026-07 (26 yrs) · % = up months');
  });

  it('says there is nothing to draw without complete months', () => {
    const empty = seasonalityChart({
      months: months.map((m) => ({ ...m, n: 0, iwmMean: null, iwmHitRate: null, relMean: null })),
      from: null,
      to: null,
      currentMonth: 1,
      caption: 'x',
    });
    expect(svgTexts(empty.svg)).toContain('No complete months of IWM prices');
    expect(pixelsOf(empty, COLORS.index)).toBe(0);
  });
});
