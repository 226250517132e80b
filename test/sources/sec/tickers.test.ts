import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTickerIndex, parseCompanyTickers } from '../../../src/sources/sec/tickers.js';

const excerpt = JSON.parse(readFileSync(new URL('../../fixtures/sec/company_tickers_excerpt.json', import.meta.url), 'utf8'));
const index = buildTickerIndex(parseCompanyTickers(excerpt));
const cikOf = (ticker: string) => {
  const found = index.lookup(ticker);
  return found.kind === 'found' ? found.listing.cik : found.kind;
};

describe('company_tickers.json', () => {
  it('maps tickers to CIKs, upper-cased', () => {
    expect(parseCompanyTickers(excerpt)).toContainEqual({ cik: 1640147, ticker: 'SNOW', title: 'Snowflake Inc.' });
    expect(cikOf('snow')).toBe(1640147);
    expect(cikOf(' TSLA ')).toBe(1318605);
  });

  it('matches class shares however the holdings file spells them (BRKB, BRK.B, BRK/B → BRK-B)', () => {
    for (const spelling of ['BRK-B', 'BRK.B', 'BRK/B', 'BRKB', 'brk.b']) expect(cikOf(spelling)).toBe(1067983);
    expect(cikOf('BF.B')).toBe(14693);
    expect(cikOf('MOGA')).toBe(67887);
  });

  it('prefers an exact ticker over a separator-free look-alike (BCPC is Balchem, BC.PC is Brunswick)', () => {
    expect(cikOf('BCPC')).toBe(9326);
    expect(cikOf('BC.PC')).toBe(14930);
    expect(cikOf('TPC')).toBe(77543);
    expect(cikOf('T.PC')).toBe(732717);
  });

  it('reports unknown tickers', () => {
    expect(cikOf('ZZZZ')).toBe('unknown');
  });

  it('calls a separator-free spelling of two different companies ambiguous', () => {
    const twins = buildTickerIndex([
      { cik: 1, ticker: 'AB-C', title: 'One' },
      { cik: 2, ticker: 'A-BC', title: 'Two' },
    ]);
    expect(twins.lookup('ABC')).toEqual({ kind: 'ambiguous', ciks: [1, 2] });
  });

  it('rejects a document of another shape, naming the field', () => {
    expect(() => parseCompanyTickers({ '0': { cik: 1, ticker: 'X', title: 'Y' } })).toThrow(
      /SEC company_tickers.json: unexpected format \(0\.cik_str: /,
    );
    expect(() => parseCompanyTickers({})).toThrow(/no companies listed/);
  });
});
