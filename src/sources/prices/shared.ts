// What both price sources share: the parsed series, its checks and the notes on what was skipped.
import type { z } from 'zod';
import type { PricePoint } from '../../store/prices.js';
import { SourceError } from '../http.js';

/** Yahoo answers some scripted user agents with 429; the one yahoo-finance2 sends is accepted. */
export const YAHOO_USER_AGENT = 'Mozilla/5.0 (compatible; zombie-beta/0.1)';

/** What a price source yields: points ascending by date and what was left out or assumed. */
export interface ParsedPrices {
  points: PricePoint[];
  /** True when every point has an adjusted close (total return); false for price-only data. */
  adjusted: boolean;
  /** Human-readable remarks for the snapshot note ("price return", days skipped, ...). */
  notes: string[];
}

/** Which days to ask Yahoo for: a Yahoo range ('1y', '5y', 'max') or dates 'YYYY-MM-DD' (inclusive). */
export type YahooWindow = { range: string } | { from: string; to?: string };

/**
 * Five years, not Yahoo's common 2y: the "Trump trade" needs July–November 2024 and the 1-year return figures a
 * year before that, whatever day the ingest runs.
 */
export const DEFAULT_YAHOO_WINDOW: YahooWindow = { range: '5y' };

export const yahooSource = (symbol: string) => `Yahoo chart ${symbol}`;
export const csvSource = (symbol: string) => `price CSV ${symbol}`;

/** Points are ascending; of adjacent points on one date the later is kept. */
export function keepLastPerDate(points: PricePoint[]): { points: PricePoint[]; repeated: number } {
  const kept: PricePoint[] = [];
  for (const point of points) {
    if (kept.at(-1)?.date === point.date) kept[kept.length - 1] = point;
    else kept.push(point);
  }
  return { points: kept, repeated: points.length - kept.length };
}

export function positive(value: number, source: string, what: string): number {
  if (!(value > 0)) throw new SourceError(source, `${what} is ${value}, not a positive price`);
  return value;
}

export function isCalendarDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

export function checkDate(date: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isCalendarDate(date)) {
    throw new RangeError(`${what} date "${date}" is not YYYY-MM-DD`);
  }
  return date;
}

export function lineError(source: string, line: number, message: string): SourceError {
  return new SourceError(`${source} line ${line}`, message);
}

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : error.message;
}
