// The iShares US equity funds whose holdings files name themselves on line 1, and the symbol each trades under.
// Names as iShares writes them on its product pages and in the download's first line (e.g. "iShares Core S&P
// Small-Cap ETF" for IJR). A name is matched without regard to case, spaces and punctuation, so "iShares
// Microcap ETF" finds IWC ("iShares Micro-Cap ETF"). A fund not listed is read with `--fund SYMBOL`.

/** Fund names as line 1 of the download writes them, and the symbol each trades under. */
export const ISHARES_FUNDS: Readonly<Record<string, string>> = {
  // Russell indices
  'iShares Russell 2000 ETF': 'IWM',
  'iShares Russell 2000 Value ETF': 'IWN',
  'iShares Russell 2000 Growth ETF': 'IWO',
  'iShares Micro-Cap ETF': 'IWC',
  'iShares Russell 1000 ETF': 'IWB',
  'iShares Russell 1000 Value ETF': 'IWD',
  'iShares Russell 1000 Growth ETF': 'IWF',
  'iShares Russell Mid-Cap ETF': 'IWR',
  'iShares Russell 3000 ETF': 'IWV',
  // S&P indices
  'iShares Core S&P Small-Cap ETF': 'IJR',
  'iShares S&P Small-Cap 600 Value ETF': 'IJS',
  'iShares S&P Small-Cap 600 Growth ETF': 'IJT',
  'iShares Core S&P Mid-Cap ETF': 'IJH',
  'iShares Core S&P 500 ETF': 'IVV',
  'iShares Core S&P Total U.S. Stock Market ETF': 'ITOT',
};

/** A fund name folded for matching: lower case, letters, digits and "&" only ("iShares Micro-Cap ETF" → "isharesmicrocapetf"). */
const fold = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9&]/g, '');

const BY_FOLDED_NAME = new Map(Object.entries(ISHARES_FUNDS).map(([name, symbol]) => [fold(name), symbol]));

/** The symbol of a fund named as in ISHARES_FUNDS (case, spaces and punctuation aside); null when not listed. */
export function fundSymbolFor(fundName: string): string | null {
  return BY_FOLDED_NAME.get(fold(fundName)) ?? null;
}
