// The Russell 2000 futures the bot follows, selected by CFTC contract market code (never by market name: the CME
// E-mini's name changed in Feb 2022). Multipliers are the exchanges' contract sizes, fixed per code; the CFTC's
// Contract_Units text is not used (it reads "$0.5" for the $5 micro).
export interface RussellFuture {
  /** CFTC contract market code. */
  code: string;
  /** Short name, e.g. "RTY". */
  contract: string;
  /** US dollars per index point. */
  multiplier: number;
  exchange: string;
}

/** The E-mini's multiplier: positions are converted to E-mini equivalents by multiplier ÷ this. */
export const EMINI_MULTIPLIER = 50;

export const RUSSELL_FUTURES: readonly RussellFuture[] = [
  // CME Russell 2000 E-mini, $50 × index (CME contract specs).
  { code: '239742', contract: 'RTY', multiplier: 50, exchange: 'CME' },
  // CME Micro E-mini Russell 2000, $5 × index.
  { code: '239747', contract: 'M2K', multiplier: 5, exchange: 'CME' },
  // ICE Russell 2000 Index Mini (TF), $100 × index (ICE product 86 specs); reported until June 2018.
  { code: '23977A', contract: 'ICE TF', multiplier: 100, exchange: 'ICE' },
];

export const RUSSELL_CODES: readonly string[] = RUSSELL_FUTURES.map((future) => future.code);

export function russellFuture(code: string): RussellFuture | null {
  return RUSSELL_FUTURES.find((future) => future.code === code) ?? null;
}

/** The Russell 2000 index as Yahoo's chart API names it: its closes value the futures' open interest. */
export const RUSSELL_INDEX_SYMBOL = '^RUT';
