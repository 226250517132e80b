import { describe, expect, it } from 'vitest';
import { EVENT_IWM_SERIES, eventStudyChart, offsetLabels } from '../../../src/render/charts/event-study.js';
import { ROLLING_IWM_SERIES, rollingCorrelationChart } from '../../../src/render/charts/rolling-correlation.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

const weekdays = (from: string, count: number): string[] => {
  const dates: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); dates.length < count; ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
};

describe('rollingCorrelationChart', () => {
  const dates = weekdays('2024-09-18', 36);
  const image = rollingCorrelationChart({
    window: 30,
    iwm: dates.map((date, k) => ({ date, correlation: k === 3 ? null : -0.3 + k / 35 })),
    relative: dates.map((date, k) => ({ date, correlation: -0.1 + k / 50 })),
    benchmark: 'SPY',
    caption: 'Daily closes to 2024-11-06',
  });
  const texts = svgTexts(image.svg);

  it('draws both lines and the ±0.5 levels on the dark card', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.relative, COLORS.event]);
  });

  it('titles the window, labels a fixed −1..+1 axis and gives the latest value', () => {
    expect(texts).toContain('IWM vs odds changes: rolling 30-day correlation');
    for (const label of ['+1.00', '+0.50', '0.00', '−0.50', '−1.00', ROLLING_IWM_SERIES, 'IWM/SPY']) expect(texts).toContain(label);
    expect(texts.some((t) => t.endsWith('latest +0.70'))).toBe(true);
  });

  it('says so when there are fewer pairs than the window', () => {
    const empty = rollingCorrelationChart({ window: 30, iwm: [], relative: [], benchmark: 'SPY', caption: 'x' });
    expect(svgTexts(empty.svg)).toContain('Fewer than 30 days of odds and prices');
    expect(pixelsOf(empty, COLORS.index)).toBe(0);
  });
});

describe('eventStudyChart', () => {
  const path = [-0.001, -0.003, -0.009, -0.008, -0.004, 0.012, 0.02, 0.021, 0.02, 0.015, null];
  const image = eventStudyChart({
    iwm: path,
    rel: path.map((v) => (v === null ? null : v / 2)),
    benchmark: 'SPY',
    events: 5,
    caption: 'Daily closes',
  });
  const texts = svgTexts(image.svg);

  it('labels the offsets D−5 … D … D+5', () => {
    expect(offsetLabels(2)).toEqual(['D−2', 'D−1', 'D', 'D+1', 'D+2']);
    for (const label of offsetLabels(5)) expect(texts).toContain(label);
  });

  it('draws the average paths in the theme colours with the event day marked', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.relative, COLORS.event]);
    for (const text of ['IWM around the 5 largest daily odds moves', EVENT_IWM_SERIES, 'IWM − SPY', 'odds move']) expect(texts).toContain(text);
    expect(texts.some((t) => /^[+−-]?\d\.\d%$/.test(t))).toBe(true);
  });

  it('says there is nothing to draw without events', () => {
    const empty = eventStudyChart({ iwm: Array(11).fill(null), rel: Array(11).fill(null), benchmark: 'SPY', events: 0, caption: 'x' });
    expect(svgTexts(empty.svg)).toContain('No odds moves with prices around them');
  });
});
