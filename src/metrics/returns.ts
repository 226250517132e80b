// Dispersion: 1-year total returns per member and how they spread across the index.
import { compareText, countShare, median } from './stats.js';
import type { PricePoint } from './inputs.js';

export interface OneYearReturn {
  /** Fraction: 0.25 = +25 %. */
  return1y: number;
  /** True when a close had no adjusted close, so the return leaves out distributions. */
  priceOnly: boolean;
  /** The two closes compared. */
  fromDate: string;
  toDate: string;
}

/** 'YYYY-MM-DD' `years` calendar years earlier (29 February → 28 February). */
export function yearsBefore(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year - years, month - 1, day));
  // Date.UTC rolls 29 Feb of a non-leap year over to 1 March; step back to the last day of February.
  if (target.getUTCMonth() !== month - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' one calendar year earlier (29 February → 28 February). */
export function oneYearBefore(date: string): string {
  return yearsBefore(date, 1);
}

function lastOnOrBefore(sorted: readonly PricePoint[], date: string): PricePoint | null {
  return sorted.findLast((p) => p.date <= date) ?? null;
}

/** Closes further than this from a date do not stand for it (a week covers holidays and halts). */
export const MAX_CLOSE_GAP_DAYS = 7;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** In an ascending series, the last point on or before `date` if it lies within MAX_CLOSE_GAP_DAYS of it, else null. */
export function closeNear(sorted: readonly PricePoint[], date: string): PricePoint | null {
  const point = lastOnOrBefore(sorted, date);
  return point !== null && daysBetween(point.date, date) <= MAX_CLOSE_GAP_DAYS ? point : null;
}

/**
 * Price return between two dates = close at the last date ≤ to ÷ close at the last date ≤ from − 1 (plain closes,
 * like the prices in holdings files); null unless both closes exist within MAX_CLOSE_GAP_DAYS of their dates.
 */
export function priceReturnBetween(points: readonly PricePoint[], from: string, to: string): number | null {
  const sorted = [...points].sort((a, b) => compareText(a.date, b.date));
  const start = closeNear(sorted, from);
  const end = closeNear(sorted, to);
  if (!start || !end || end.date <= start.date) return null;
  return start.close > 0 && end.close > 0 ? end.close / start.close - 1 : null;
}

/**
 * 1-year total return = adj close at the last date ≤ asOf ÷ adj close at the last date ≤ asOf − 1 year − 1.
 * When either close has no adjusted close, both use the plain close (a price return: priceOnly). Null without
 * both points (or without a close in the last year) or with a non-positive close.
 */
export function oneYearReturn(points: readonly PricePoint[], asOfDate: string): OneYearReturn | null {
  const sorted = [...points].sort((a, b) => compareText(a.date, b.date));
  const yearAgo = oneYearBefore(asOfDate);
  const end = lastOnOrBefore(sorted, asOfDate);
  const start = lastOnOrBefore(sorted, yearAgo);
  // A series whose last close is a year old or more has no return over the year.
  if (end === null || start === null || end.date <= yearAgo) return null;
  const priceOnly = start.adjClose === null || end.adjClose === null;
  const from = priceOnly ? start.close : start.adjClose!;
  const to = priceOnly ? end.close : end.adjClose!;
  if (!(from > 0) || !(to > 0)) return null;
  return { return1y: to / from - 1, priceOnly, fromDate: start.date, toDate: end.date };
}

/** Down more than 50 % over the year: r < −0.5; null without a return. */
export function isDownOver50(return1y: number | null): boolean | null {
  return return1y === null ? null : return1y < -0.5;
}

/** Up more than 100 % over the year: r > 1.0; null without a return. */
export function isUpOver100(return1y: number | null): boolean | null {
  return return1y === null ? null : return1y > 1.0;
}

export interface TickerReturn {
  ticker: string;
  return1y: number;
}

export interface Dispersion {
  covered: number;
  /** Members down more than 50 % (r < −0.5). */
  downOver50: number;
  downOver50Share: number | null;
  /** Members up more than 100 % (r > 1.0). */
  upOver100: number;
  upOver100Share: number | null;
  median: number | null;
  /** Best first. */
  top5: TickerReturn[];
  /** Worst first. */
  bottom5: TickerReturn[];
}

// Ties in return are listed by ticker, so the lists do not depend on input order.
const bestFirst = (a: TickerReturn, b: TickerReturn) => b.return1y - a.return1y || compareText(a.ticker, b.ticker);
const worstFirst = (a: TickerReturn, b: TickerReturn) => a.return1y - b.return1y || compareText(a.ticker, b.ticker);

/** Tail counts (r < −0.5, r > 1.0), the median, and the five best and five worst 1-year returns. */
export function dispersion(returns: readonly TickerReturn[]): Dispersion {
  const values = returns.map((r) => r.return1y);
  const down = countShare(values, (r) => isDownOver50(r) === true);
  const up = countShare(values, (r) => isUpOver100(r) === true);
  return {
    covered: returns.length,
    downOver50: down.count,
    downOver50Share: down.share,
    upOver100: up.count,
    upOver100Share: up.share,
    median: median(values),
    top5: [...returns].sort(bestFirst).slice(0, 5),
    bottom5: [...returns].sort(worstFirst).slice(0, 5),
  };
}
