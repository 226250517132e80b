// SEC company_tickers.json (www.sec.gov/files/company_tickers.json): an object keyed "0", "1", ... of
// { cik_str, ticker, title }, one entry per listed ticker (a company with several share classes has several).
// SEC writes class shares with a dash (BRK-B, BF-B, MOG-A); holdings files write BRKB, BRK.B or BRK/B, so a
// ticker is matched exactly first, then with '.', '/' or ' ' read as '-', then with the separators dropped.
import { z } from 'zod';
import { SourceError } from '../http.js';
import { describeZodError } from './companyfacts.js';

export const COMPANY_TICKERS_SOURCE = 'SEC company_tickers.json';

export interface CompanyListing {
  cik: number;
  /** Upper-case, as SEC writes it (BRK-B). */
  ticker: string;
  title: string;
}

const tickersSchema = z.record(
  z.string(),
  z.object({
    cik_str: z.number().int().positive(),
    ticker: z.string().trim().min(1),
    title: z.string(),
  }),
);

/** Validates company_tickers.json (already JSON-parsed); tickers upper-cased. */
export function parseCompanyTickers(json: unknown): CompanyListing[] {
  const result = tickersSchema.safeParse(json);
  if (!result.success) {
    throw new SourceError(COMPANY_TICKERS_SOURCE, `unexpected format (${describeZodError(result.error)})`);
  }
  const listings = Object.values(result.data).map((entry) => ({
    cik: entry.cik_str,
    ticker: entry.ticker.toUpperCase(),
    title: entry.title.trim(),
  }));
  if (listings.length === 0) throw new SourceError(COMPANY_TICKERS_SOURCE, 'no companies listed');
  return listings;
}

/** BRK.B, BRK/B, BRK B → BRK-B (SEC's spelling of a share class). */
const dashed = (ticker: string): string => ticker.toUpperCase().replace(/[./ ]/g, '-');
/** BRK-B, BRK.B → BRKB (iShares' spelling). */
const stripped = (ticker: string): string => ticker.toUpperCase().replace(/[-./ ]/g, '');

export type TickerLookup = { kind: 'found'; listing: CompanyListing } | { kind: 'unknown' } | { kind: 'ambiguous'; ciks: number[] };

export interface TickerIndex {
  /** The company a ticker names; a separator-free spelling that fits several companies is ambiguous. */
  lookup(ticker: string): TickerLookup;
}

export function buildTickerIndex(listings: readonly CompanyListing[]): TickerIndex {
  const byDashed = new Map<string, CompanyListing>();
  const byStripped = new Map<string, CompanyListing[]>();
  for (const listing of listings) {
    if (!byDashed.has(dashed(listing.ticker))) byDashed.set(dashed(listing.ticker), listing);
    const key = stripped(listing.ticker);
    byStripped.set(key, [...(byStripped.get(key) ?? []), listing]);
  }
  return {
    lookup(ticker) {
      const exact = byDashed.get(dashed(ticker.trim()));
      if (exact) return { kind: 'found', listing: exact };
      const loose = byStripped.get(stripped(ticker.trim())) ?? [];
      const ciks = [...new Set(loose.map((listing) => listing.cik))];
      if (ciks.length === 0) return { kind: 'unknown' };
      if (ciks.length > 1) return { kind: 'ambiguous', ciks };
      return { kind: 'found', listing: loose[0]! };
    },
  };
}
