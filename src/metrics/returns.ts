// Dispersion of 1-year total returns across the members.
import { median } from './stats.js';

export interface PricePoint {
  date: string;
  close: number;
  adjClose: number | null;
}

/**
 * 1-year total return: adj close at the last date ≤ asOf ÷ adj close at the last date ≤ asOf − 1 year, − 1
 * (close where there is no adjusted close: then it is a price return). Null without both points.
 */
export function oneYearReturn(points: readonly PricePoint[], asOfDate: string): number | null {
  const yearAgo = `${Number(asOfDate.slice(0, 4)) - 1}${asOfDate.slice(4)}`;
  const end = points.findLast((p) => p.date <= asOfDate);
  const start = points.findLast((p) => p.date <= yearAgo);
  if (!end || !start || start === end) return null;
  const value = (p: PricePoint) => p.adjClose ?? p.close;
  return value(start) > 0 ? value(end) / value(start) - 1 : null;
}

export interface TickerReturn {
  ticker: string;
  return1y: number;
}

export interface Dispersion {
  covered: number;
  /** Members down more than 50% (r < −0.5). */
  downOver50: number;
  /** Members up more than 100% (r > 1). */
  upOver100: number;
  median: number | null;
  top5: TickerReturn[];
  bottom5: TickerReturn[];
}

/** Counts beyond −50% and +100%, the median, and the five best and worst 1-year returns. */
export function dispersion(returns: readonly TickerReturn[]): Dispersion {
  const sorted = [...returns].sort((a, b) => b.return1y - a.return1y || a.ticker.localeCompare(b.ticker));
  return {
    covered: returns.length,
    downOver50: returns.filter((r) => r.return1y < -0.5).length,
    upOver100: returns.filter((r) => r.return1y > 1).length,
    median: median(returns.map((r) => r.return1y)),
    top5: sorted.slice(0, 5),
    bottom5: sorted.slice(-5).reverse(),
  };
}
