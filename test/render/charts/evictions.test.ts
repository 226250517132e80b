import { describe, expect, it } from 'vitest';
import { EVICTIONS_TITLE, evictionsChart } from '../../../src/render/charts/evictions.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, svgTexts } from './image.js';

const input = {
  fund: 'IWM',
  from: '2023-11-03',
  to: '2024-07-11',
  left: 324,
  movedUp: 43,
  medianReturn: 0.296,
  dropped: 281,
  joined: 529,
  bars: [
    { ticker: 'SMCI', return: 1.4576 },
    { ticker: 'COKE', return: 0.9451 },
    { ticker: 'LOSS', return: -0.12 },
    { ticker: 'NOPX', return: null },
  ],
  caption: 'Lists: kept IWM holdings · price returns',
};

describe('evictionsChart', () => {
  const image = evictionsChart(input);
  const texts = svgTexts(image.svg);

  it('draws gains in green and losses in red', () => {
    expectDrawnPng(image, [COLORS.gain, COLORS.loss], 300);
  });

  it('names the lists, the counts and each bar with its signed gain, a missing one as n/a', () => {
    expect(texts).toContain(`${EVICTIONS_TITLE} IWM: 2023-11-03 → 2024-07-11`);
    expect(texts).toContain('324 left · 43 moved up (median +29.6%) · 281 dropped · 529 joined');
    for (const label of ['SMCI', '+145.8%', 'COKE', '+94.5%', '−12.0%', 'n/a'])
      expect(texts.some((t) => t.includes(label.replace('−', '-')) || t.includes(label))).toBe(true);
  });

  it('says so when there is no moved-up member to draw', () => {
    expect(svgTexts(evictionsChart({ ...input, bars: [], movedUp: null }).svg)).toContain('No moved-up members to show');
  });
});
