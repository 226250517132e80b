import { describe, expect, it } from 'vitest';
import { autocompleteListings, closeMatches, editDistance } from '../../src/universe/symbols.js';

const listings = [
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF' },
  { symbol: 'INSM', name: 'INSMED INC' },
  { symbol: 'IWMX', name: 'Example' },
  { symbol: 'FTAI', name: 'FTAI AVIATION LTD' },
  { symbol: 'BRK.B', name: 'BERKSHIRE HATHAWAY INC CLASS B' },
];

describe('autocompleteListings', () => {
  it('puts symbol prefixes first (shortest first), then name matches', () => {
    expect(autocompleteListings(listings, 'iw').map((l) => l.symbol)).toEqual(['IWM', 'IWMX']);
    expect(autocompleteListings(listings, 'aviation').map((l) => l.symbol)).toEqual(['FTAI']);
  });

  it('returns at most 25', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ symbol: `A${i}`, name: 'x' }));
    expect(autocompleteListings(many, 'a')).toHaveLength(25);
  });
});

describe('closeMatches', () => {
  it('suggests the nearest symbols', () => {
    expect(closeMatches(listings, 'IWN').map((l) => l.symbol)).toEqual(['IWM', 'IWMX']);
    expect(closeMatches(listings, 'ZZZZZZ')).toEqual([]);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
