import { describe, expect, it } from 'vitest';
import { COLORS } from '../../../src/render/charts/theme.js';
import { IWM_SERIES, ODDS_SERIES, RELATIVE_SERIES, trumpTradeChart, type TrumpTradeChartInput } from '../../../src/render/charts/trump-trade.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

/** Weekdays 2024-10-01 .. 2024-11-29 with IWM drifting up, odds between 45% and 60% until the election, then 99%. */
function input(overrides: Partial<TrumpTradeChartInput> = {}): TrumpTradeChartInput {
  const dates: string[] = [];
  for (let ms = Date.parse('2024-10-01T00:00:00Z'); ms <= Date.parse('2024-11-29T00:00:00Z'); ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return {
    iwm: dates.map((date, k) => ({ date, close: 215 + k * 0.5 + (k % 3) })),
    relative: dates.map((date, k) => ({ date, value: 0.38 + k * 0.001 })),
    odds: dates.map((date, k) => ({ date, pct: date > '2024-11-05' ? 99 : 45 + (k % 4) * 5 })),
    events: [
      { date: '2024-11-05', label: 'Election day' },
      { date: '2025-01-20', label: 'Inauguration' },
    ],
    title: 'Trump trade',
    correlation: { window: '60', value: 0.4213, n: 59 },
    caption: 'Sources: Yahoo Finance, Polymarket · as of 2024-11-29 · demo data',
    ...overrides,
  };
}

describe('trumpTradeChart', () => {
  const image = trumpTradeChart(input());
  const texts = svgTexts(image.svg);

  it('draws a 1000×560 PNG with the IWM line in blue and the odds line in red on the dark card', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.odds, COLORS.relative]);
  });

  it("puts the window's correlation in the title and names every series in the legend", () => {
    expect(texts).toContain('Trump trade · 60-day correlation +0.42 (n = 59)');
    for (const name of [IWM_SERIES, RELATIVE_SERIES, ODDS_SERIES]) expect(texts).toContain(name);
  });

  it('labels the price axis in dollars, the odds axis in percent and the time axis by month or "Nov 5"', () => {
    expect(texts.some((t) => /^\$2\d\d$/.test(t))).toBe(true);
    expect(texts.some((t) => /^\d{2,3}%$/.test(t))).toBe(true);
    expect(texts.some((t) => /^(Oct|Nov)( \d{1,2})?$/.test(t))).toBe(true);
  });

  it('marks election day and leaves out events outside the plotted dates', () => {
    expect(texts).toContain('Election day · Nov 5');
    expect(texts.some((t) => t.includes('Inauguration'))).toBe(false);
  });

  it('draws the caption, in the warning colour when it mentions demo data', () => {
    expect(texts).toContain('Sources: Yahoo Finance, Polymarket · as of 2024-11-29 · demo data');
    expect(image.svg).toContain(`fill="${COLORS.demo}"`);
  });

  it('says "No odds data for this window" instead of drawing empty axes', () => {
    const empty = trumpTradeChart(input({ odds: [], correlation: { window: 'all', value: null, n: 0 } }));
    const emptyTexts = svgTexts(empty.svg);
    expect(emptyTexts).toContain('No odds data for this window');
    expect(emptyTexts).toContain('Trump trade · full-period correlation n/a (n = 0)');
    expect(pixelsOf(empty, COLORS.index)).toBe(0);
    expectDrawnPng(empty, [], 0);
  });
});
