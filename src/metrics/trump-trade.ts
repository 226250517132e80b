// The "Trump trade": IWM daily log returns against daily changes in election odds (percentage points).
// Convention: the odds on trading day D are the last observation at or before 21:00 UTC on D, for trading days
// from the first observation's UTC date through the last observation's UTC date (never carried past the end);
// a pair is (ln(close_D / close_prev), odds_D − odds_prev) for consecutive trading days of the price series that
// both have odds; a window of N is the last N pairs.
import { olsSlope, pearson } from './stats.js';

export interface OddsPoint {
  /** Unix seconds. */
  t: number;
  /** Probability 0..1. */
  p: number;
}

export interface Close {
  date: string;
  close: number;
}

export interface Pair {
  date: string;
  logReturn: number;
  oddsChangePoints: number;
}

export interface WindowResult {
  n: number;
  from: string | null;
  to: string | null;
  correlation: number | null;
  /** IWM % move per +10 points of odds (OLS slope of 100·ln return on the odds change, × 10). */
  beta: number | null;
}

export const WINDOWS = ['30', '60', '90', 'all'] as const;
export type WindowKey = (typeof WINDOWS)[number];

/** Odds (in points, 0..100) on each trading day under the 21:00 UTC convention; absent outside the series. */
export function oddsOnTradingDays(dates: readonly string[], odds: readonly OddsPoint[]): Map<string, number> {
  const result = new Map<string, number>();
  if (odds.length === 0) return result;
  const sorted = [...odds].sort((a, b) => a.t - b.t);
  const firstDate = new Date(sorted[0]!.t * 1000).toISOString().slice(0, 10);
  const lastDate = new Date(sorted.at(-1)!.t * 1000).toISOString().slice(0, 10);
  let i = -1;
  for (const date of [...dates].sort()) {
    if (date < firstDate || date > lastDate) continue;
    const cutoff = Date.parse(`${date}T21:00:00Z`) / 1000;
    while (i + 1 < sorted.length && sorted[i + 1]!.t <= cutoff) i++;
    if (i >= 0) result.set(date, sorted[i]!.p * 100);
  }
  return result;
}

/** The (log return, odds change) pairs over consecutive trading days that both have odds. */
export function alignPairs(closes: readonly Close[], odds: readonly OddsPoint[]): Pair[] {
  const sorted = [...closes].sort((a, b) => a.date.localeCompare(b.date));
  const onDay = oddsOnTradingDays(sorted.map((c) => c.date), odds);
  const pairs: Pair[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const day = sorted[k]!;
    const before = onDay.get(prev.date);
    const now = onDay.get(day.date);
    if (before === undefined || now === undefined || prev.close <= 0 || day.close <= 0) continue;
    pairs.push({ date: day.date, logReturn: Math.log(day.close / prev.close), oddsChangePoints: now - before });
  }
  return pairs;
}

/** Correlation and beta over the last N pairs (all pairs for 'all'). */
export function windowResult(pairs: readonly Pair[], window: WindowKey): WindowResult {
  const chosen = window === 'all' ? pairs : pairs.slice(-Number(window));
  const returns = chosen.map((p) => p.logReturn);
  const changes = chosen.map((p) => p.oddsChangePoints);
  const slope = olsSlope(changes, returns.map((r) => 100 * r));
  return {
    n: chosen.length,
    from: chosen[0]?.date ?? null,
    to: chosen.at(-1)?.date ?? null,
    correlation: pearson(returns, changes),
    beta: slope === null ? null : slope * 10,
  };
}

/** Relative closes: IWM ÷ benchmark on the days both have, so ln of its ratio is the relative log return. */
export function relativeCloses(iwm: readonly Close[], benchmark: readonly Close[]): Close[] {
  const byDate = new Map(benchmark.map((c) => [c.date, c.close]));
  return iwm.flatMap((c) => {
    const other = byDate.get(c.date);
    return other && other > 0 ? [{ date: c.date, close: c.close / other }] : [];
  });
}

export interface TrumpTrade {
  series: string;
  windows: Record<WindowKey, WindowResult>;
  /** The same for IWM relative to a benchmark (SPY or QQQ), when its prices are there. */
  relative: { benchmark: string; windows: Record<WindowKey, WindowResult> } | null;
}

export function trumpTrade(series: string, odds: readonly OddsPoint[], iwm: readonly Close[], benchmark: { symbol: string; closes: readonly Close[] } | null): TrumpTrade {
  const windowsOf = (closes: readonly Close[]) => {
    const pairs = alignPairs(closes, odds);
    return Object.fromEntries(WINDOWS.map((w) => [w, windowResult(pairs, w)])) as Record<WindowKey, WindowResult>;
  };
  return {
    series,
    windows: windowsOf(iwm),
    relative: benchmark ? { benchmark: benchmark.symbol, windows: windowsOf(relativeCloses(iwm, benchmark.closes)) } : null,
  };
}
