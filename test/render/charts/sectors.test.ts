import { describe, expect, it } from 'vitest';
import { MARKET_CAP_SERIES, MEMBERS_SERIES, SECTORS_TITLE, sectorsChart } from '../../../src/render/charts/sectors.js';
import { COLORS } from '../../../src/render/charts/theme.js';
import { expectDrawnPng, svgTexts } from './image.js';

const sectors = [
  { sector: 'Health Care', members: 412, totalMarketCapUsd: 420e9 },
  { sector: 'Financials', members: 380, totalMarketCapUsd: 1.6e9 },
  { sector: 'Industrials', members: 290, totalMarketCapUsd: 610e9 },
  { sector: 'Cash and/or Derivatives', members: 3, totalMarketCapUsd: null },
];

describe('sectorsChart', () => {
  const image = sectorsChart({ sectors, caption: 'Source: iShares IWM holdings · as of 2025-05-13' });
  const texts = svgTexts(image.svg);

  it('draws member bars in blue and market-cap bars in green', () => {
    expectDrawnPng(image, [COLORS.index, COLORS.marketCap], 500);
  });

  it('names both panels and every sector, largest market cap first', () => {
    for (const text of [SECTORS_TITLE, MEMBERS_SERIES, MARKET_CAP_SERIES]) expect(texts).toContain(text);
    const order = ['Industrials', 'Health Care', 'Financials', 'Cash and/or Derivatives'].map((s) => texts.indexOf(s));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('labels bars with counts and money ("$1.6bn"), and a missing market cap as n/a', () => {
    for (const label of ['412', '3', '$610bn', '$1.6bn', 'n/a']) expect(texts).toContain(label);
    expect(texts).toContain('1,085 members · $1tn total market cap · 4 sectors');
  });

  it('says "No sector data" when there are no sectors', () => {
    expect(svgTexts(sectorsChart({ sectors: [], caption: 'c' }).svg)).toContain('No sector data');
  });
});
