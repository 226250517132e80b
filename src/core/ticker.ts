// The one rule for what a ticker symbol is, applied wherever a symbol enters: holdings lines, /ticker input,
// price ingest. A symbol that passes is safe in SQL parameters, Discord text and file names alike.

/** Exchange symbols after normalisation: 1-10 of A-Z, 0-9, "." and "-", starting with a letter or digit (BRK.B, BF-B). */
export const TICKER_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,9}$/;

/** NFKC-folds, trims and upper-cases; null unless the result matches TICKER_PATTERN (so never "/" or ".."-only). */
export function normaliseSymbol(input: string): string | null {
  const symbol = input.normalize('NFKC').trim().toUpperCase();
  return TICKER_PATTERN.test(symbol) ? symbol : null;
}

/** Index symbols as Yahoo writes them: a caret and 1-9 of A-Z, 0-9 (^RUT, the Russell 2000 index). Price series only. */
export const INDEX_PATTERN = /^\^[A-Z0-9]{1,9}$/;

/** A price series' symbol: a ticker (normaliseSymbol) or an index symbol (^RUT); null for anything else. */
export function normalisePriceSymbol(input: string): string | null {
  const symbol = input.normalize('NFKC').trim().toUpperCase();
  return INDEX_PATTERN.test(symbol) ? symbol : normaliseSymbol(symbol);
}
