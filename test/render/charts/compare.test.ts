import { describe, expect, it } from 'vitest';
import { COMPARE_TITLE, compareChart, FUND_COLORS } from '../../../src/render/charts/compare.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, pixelsOf, svgTexts } from './image.js';

const figures = ['Negative\nEPS', 'Altman\ndistress', 'BIS\nzombies'];

describe('compareChart', () => {
  const image = compareChart({
    figures,
    funds: [
      { fund: 'IWM', shares: [0.4341, 0.204, 0.121] },
      { fund: 'IJR', shares: [0.226, 0.185, null] },
    ],
    subtitle: 'Share of the members with the data',
    caption: 'iShares holdings (IWM 2024-07-11, IJR 2026-06-19)',
  });
  const texts = svgTexts(image.svg);

  it('draws one colour per fund on the dark card', () => {
    expectDrawnPng(image, [FUND_COLORS[0], FUND_COLORS[1]]);
    expect(pixelsOf(image, FUND_COLORS[2])).toBe(0);
  });

  it('names the funds and the figures and labels every bar, "n/a" where a fund has no coverage', () => {
    for (const text of [COMPARE_TITLE, 'IWM', 'IJR', 'Negative', 'EPS', 'zombies', '43.4%', '22.6%', '12.1%', 'n/a']) expect(texts).toContain(text);
    expect(texts).toContain('Share of the members with the data');
  });

  it('labels whole percentages beside three or more funds, and says when there is nothing to draw', () => {
    const three = compareChart({
      figures,
      funds: ['A', 'B', 'C'].map((fund) => ({ fund, shares: [0.4341, 0.2, 0.1] })),
      subtitle: '',
      caption: 'x',
    });
    expect(svgTexts(three.svg)).toContain('43%');
    const empty = compareChart({ figures, funds: [], subtitle: '', caption: 'x' });
    expect(svgTexts(empty.svg)).toContain('No fund holdings in the cache');
    expect(pixelsOf(empty, COLORS.index)).toBe(0);
  });
});
