// Symbol handling for /ticker: autocomplete and close matches (normalising is src/core/ticker.ts).

export interface Listing {
  symbol: string;
  name: string;
}

/** Discord allows 25 autocomplete choices; a choice's name and value at most 100 characters. */
export const MAX_CHOICES = 25;

/** Autocomplete: case-insensitive symbol prefix matches first, then name matches; at most 25. */
export function autocompleteListings(listings: readonly Listing[], typed: string): Listing[] {
  const query = typed.normalize('NFKC').trim().toUpperCase().slice(0, 100);
  if (query === '') return listings.slice(0, MAX_CHOICES);
  const byPrefix = listings
    .filter((l) => l.symbol.startsWith(query))
    .sort((a, b) => a.symbol.length - b.symbol.length || a.symbol.localeCompare(b.symbol));
  const byName = listings.filter((l) => !l.symbol.startsWith(query) && l.name.toUpperCase().includes(query));
  return [...byPrefix, ...byName].slice(0, MAX_CHOICES);
}

/** Up to `limit` listings closest to an unknown symbol (edit distance, then shared prefix). */
export function closeMatches(listings: readonly Listing[], symbol: string, limit = 5): Listing[] {
  return listings
    .map((listing) => ({ listing, distance: editDistance(listing.symbol, symbol) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.ceil(symbol.length / 2)))
    .sort((a, b) => a.distance - b.distance || a.listing.symbol.localeCompare(b.listing.symbol))
    .slice(0, limit)
    .map(({ listing }) => listing);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
