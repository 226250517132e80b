import { describe, expect, it } from 'vitest';
import { NEGATIVE_EPS_SERIES, TREND_TITLE, ZOMBIE_SERIES, trendChart } from '../../../src/render/charts/trend.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, svgTexts } from './image.js';

const input = {
  fund: 'IWM',
  years: [
    { fy: 2021, covered: 1500, negativeEpsShare: 0.41, zombieShare: null },
    { fy: 2022, covered: 1700, negativeEpsShare: 0.44, zombieShare: 0.12 },
    { fy: 2023, covered: 1900, negativeEpsShare: 0.46, zombieShare: 0.15 },
  ],
  snapshotsLine: 'Snapshot 2024-07-11: negative EPS 43.4% · zombies 14.0%',
  caption: 'SEC companyfacts',
};

describe('trendChart', () => {
  const image = trendChart(input);
  const texts = svgTexts(image.svg);

  it('draws the negative-EPS line in red and the zombie line in amber', () => {
    expectDrawnPng(image, [COLORS.loss, COLORS.member], 100);
  });

  it('says survivors only, names both series, labels each fiscal year with its coverage and each point with its share', () => {
    expect(texts).toContain(`IWM ${TREND_TITLE}`);
    expect(TREND_TITLE).toContain('survivors only');
    for (const text of [NEGATIVE_EPS_SERIES, ZOMBIE_SERIES, 'FY2021', '1,500', 'FY2023', '41%', '46%', '15%', input.snapshotsLine]) {
      expect(
        texts.some((t) => t.includes(text)),
        text,
      ).toBe(true);
    }
  });

  it('says so when there is no fiscal-year history', () => {
    expect(svgTexts(trendChart({ ...input, years: [] }).svg)).toContain('No fiscal-year history in the cache');
  });
});
