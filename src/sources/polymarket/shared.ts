// What the Polymarket sources share: the upstreams' names, the history limits, the market shapes and checks.
// A probability outside 0..1 is an error naming the line or field.
import type { z } from 'zod';
import type { OddsPoint } from '../../store/odds.js';
import { SourceError, type FetchOptions } from '../http.js';

export const GAMMA_SOURCE = 'Polymarket Gamma';
export const CLOB_SOURCE = 'Polymarket CLOB prices-history';
export const POLYMARKET_CSV_SOURCE = 'Polymarket CSV export';

/** Longest startTs..endTs span a prices-history request asks for (the API refuses more than ~15 days). */
export const HISTORY_WINDOW_SECONDS = 14 * 86_400;
/** Hourly points; the fallback for closed markets that answer nothing finer. */
export const HISTORY_FIDELITY_MINUTES = 60;
export const CLOSED_MARKET_FIDELITY_MINUTES = 720;
/** Trading after a market's end date (results night, resolution) is fetched up to this long after it. */
export const AFTER_END_SECONDS = 7 * 86_400;

export type Request = Omit<FetchOptions, 'source'>;

/** One Gamma market, its JSON-in-JSON lists decoded. */
export interface GammaMarket {
  slug: string;
  question: string;
  /** The option's name inside an event ("Donald Trump"); null for a stand-alone market. */
  groupItemTitle: string | null;
  outcomes: string[];
  /** Token of each outcome, in the order of `outcomes`; null when the market is not on the order book. */
  clobTokenIds: string[] | null;
  closed: boolean;
  /** Unix seconds: startDate (or createdAt); null when unknown. */
  startTs: number | null;
  /** Unix seconds: the later of endDate and closedTime; null when unknown. */
  endTs: number | null;
}

export interface OutcomeToken {
  market: GammaMarket;
  /** The outcome the token pays on ("Yes", or the market's own outcome name). */
  tokenOutcome: string;
  tokenId: string;
}

export interface TimeWindow {
  startTs: number;
  endTs: number;
}

/** Sorted by t; of points with the same t the last one given is kept. */
export function uniqueByTime(points: readonly OddsPoint[]): OddsPoint[] {
  const byTime = new Map<number, OddsPoint>();
  for (const point of points) byTime.set(point.t, point);
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

export function probability(p: number, source: string, field: string): number {
  if (!(p >= 0 && p <= 1)) throw new SourceError(source, `${field} = ${p} is outside 0..1`);
  return p;
}

export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function unixSeconds(text: string | null | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

export function dayStart(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`date "${date}" is not YYYY-MM-DD`);
  return ms / 1000;
}

export const isoTime = (ts: number) => new Date(ts * 1000).toISOString().replace(/:00\.000Z$/, 'Z');

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : error.message;
}
