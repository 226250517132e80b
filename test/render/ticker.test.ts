import { describe, expect, it } from 'vitest';
import { computeTickerCard } from '../../src/metrics/ticker-card.js';
import { tickerEmbed } from '../../src/render/ticker.js';
import { UNIVERSE } from '../metrics/universe-example.js';

const sizeField = (ticker: string, screenAsOf?: string | null) => {
  const member = UNIVERSE.find((m) => m.ticker === ticker)!;
  const dated = screenAsOf === undefined ? member : { ...member, screen: { ...member.screen!, marketCapAsOf: screenAsOf } };
  return tickerEmbed(computeTickerCard(dated, UNIVERSE), 'IWM', '2024-07-11').fields?.find((f) => f.name === 'Size')?.value;
};

describe('tickerEmbed market cap', () => {
  it('dates a screener market cap by its export, since the holdings date in the footer does not apply to it', () => {
    expect(sizeField('SCRN')).toMatch(/^Market cap \$50m \(screener, as of 2023-11-30\)/);
    expect(sizeField('SCRN', null)).toMatch(/^Market cap \$50m \(screener, undated\)/);
  });

  it('shows price × SEC shares, dated by the holdings, without a source note', () => {
    expect(sizeField('ZOMB')).toMatch(/^Market cap \$100k \(p0\)/);
  });
});
