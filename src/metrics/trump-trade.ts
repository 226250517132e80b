// The "Trump trade": IWM daily log returns against daily changes in 2024 election odds (percentage points).
//
// Alignment convention: the odds on trading day D are the last observation at or before 21:00 UTC on D (after
// the 16:00 New York close in both EST and EDT), for trading days from the first observation's UTC date through
// the last observation's UTC date: a value is never carried past the series' end. A pair is
// (ln(close_D / close_prev), odds_D − odds_prev) for consecutive trading days of the price series (prev = the
// trading day before D) that both have odds; a window of N is the last N pairs.
//
// Beside the change correlation: the level correlation (close_D against odds_D over the same pairs; misleading,
// as both trend), the lead/lag correlations (the return on D against the odds change on the neighbouring trading
// days D−1 and D+1), the rolling correlation, and the event study (src/metrics/event-study.ts).
//
// Prices: adjusted closes when every point of the series in use has one (for the relative series: of both
// series), else plain closes throughout, so a return never mixes an adjusted and an unadjusted close. The basis
// used is reported.
import { eventStudy, type OddsEvent } from './event-study.js';
import { priceBasis, priceOn, type PriceBasis } from './price-basis.js';
import { compareText, olsSlope, pearson } from './stats.js';
import type { OddsPoint, PricePoint } from './inputs.js';

/** One trading day's log return, from the previous trading day's close. */
export interface DailyReturn {
  date: string;
  previousDate: string;
  logReturn: number;
  /** The price on D (for a relative series, the fund / benchmark ratio). */
  level: number;
}

export interface Pair extends DailyReturn {
  /** odds_D − odds_prev in percentage points. */
  oddsChangePoints: number;
  /** odds_D in percentage points. */
  oddsPoints: number;
}

export interface WindowResult {
  /** Pairs in the window. */
  n: number;
  /** Trading day of the first and last pair; null when n = 0. */
  from: string | null;
  to: string | null;
  /** Pearson r of log return and odds change; null below 3 pairs or with zero variance. */
  correlation: number | null;
  /** Pearson r of the price level and the odds level on the pairs' days D (misleading: both trend). */
  levelCorrelation: number | null;
  /** % move per +10 points of odds: OLS slope of 100·ln return on odds change, × 10; null below 3 pairs or when the odds never change. */
  beta: number | null;
}

export const WINDOWS = ['30', '60', '90', 'all'] as const;
export type WindowKey = (typeof WINDOWS)[number];
export type WindowResults = Record<WindowKey, WindowResult>;

/** Pearson r of the fund's log return on D against the odds change on D−1 ("-1"), D ("0") and D+1 ("1"). */
export type LeadLag = Record<'-1' | '0' | '1', number | null>;

export interface TrumpTradeResult {
  /** The odds series' name. */
  series: string;
  basis: PriceBasis;
  windows: WindowResults;
  /** The same for the fund relative to a benchmark (SPY or QQQ), when its prices are supplied. */
  relative: { benchmark: string; basis: PriceBasis; windows: WindowResults } | null;
  leadLag: LeadLag;
  /** The largest daily odds moves with the fund's cumulative log moves around them (src/metrics/event-study.ts). */
  events: OddsEvent[];
}

const byDate = (points: readonly PricePoint[]) => [...points].sort((a, b) => compareText(a.date, b.date));

/** ln(price_D / price_prev) for each pair of consecutive trading days with positive prices. */
export function logReturns(points: readonly PricePoint[], basis: PriceBasis): DailyReturn[] {
  const sorted = byDate(points);
  return sorted.slice(1).flatMap((day, k) => {
    const prev = sorted[k]!;
    const [now, before] = [priceOn(day, basis), priceOn(prev, basis)];
    return now > 0 && before > 0 ? [{ date: day.date, previousDate: prev.date, logReturn: Math.log(now / before), level: now }] : [];
  });
}

/**
 * Relative log return ln(fund_D / fund_prev) − ln(bench_D / bench_prev), over consecutive trading days that both
 * series have (days only one of them has are dropped before pairing).
 */
export function relativeLogReturns(fund: readonly PricePoint[], benchmark: readonly PricePoint[], basis: PriceBasis): DailyReturn[] {
  const benchmarkOn = new Map(benchmark.map((p) => [p.date, priceOn(p, basis)]));
  const ratios = fund.flatMap((p) => {
    const other = benchmarkOn.get(p.date);
    const own = priceOn(p, basis);
    return other !== undefined && other > 0 && own > 0 ? [{ date: p.date, close: own / other, adjClose: null }] : [];
  });
  // ln((f_D/b_D) / (f_prev/b_prev)) = ln(f_D/f_prev) − ln(b_D/b_prev).
  return logReturns(ratios, 'close');
}

/** The UTC calendar date 'YYYY-MM-DD' of a unix time in seconds. */
export function utcDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** Unix seconds of 21:00 UTC on a 'YYYY-MM-DD' day: the cut-off for that trading day's odds. */
function cutoffSeconds(date: string): number {
  return Date.parse(`${date}T21:00:00Z`) / 1000;
}

/** Odds in points (probability × 100) on each trading day under the 21:00 UTC convention; days without odds are absent. */
export function oddsOnTradingDays(dates: readonly string[], odds: readonly OddsPoint[]): Map<string, number> {
  const onDay = new Map<string, number>();
  if (odds.length === 0) return onDay;
  const sorted = [...odds].sort((a, b) => a.t - b.t);
  const firstDate = utcDate(sorted[0]!.t);
  const lastDate = utcDate(sorted.at(-1)!.t);
  let latest = -1;
  for (const date of [...new Set(dates)].sort()) {
    if (date < firstDate || date > lastDate) continue;
    const cutoff = cutoffSeconds(date);
    while (latest + 1 < sorted.length && sorted[latest + 1]!.t <= cutoff) latest++;
    if (latest >= 0) onDay.set(date, sorted[latest]!.p * 100);
  }
  return onDay;
}

/** Each daily return whose day and previous day both have odds, with the change in odds between them. */
export function alignPairs(returns: readonly DailyReturn[], odds: readonly OddsPoint[]): Pair[] {
  const onDay = oddsOnTradingDays(
    returns.flatMap((r) => [r.previousDate, r.date]),
    odds,
  );
  return returns.flatMap((r) => {
    const before = onDay.get(r.previousDate);
    const now = onDay.get(r.date);
    return before === undefined || now === undefined ? [] : [{ ...r, oddsChangePoints: now - before, oddsPoints: now }];
  });
}

/** Correlation and beta over the last N pairs ('all': every pair). */
export function windowResult(pairs: readonly Pair[], window: WindowKey): WindowResult {
  const chosen = window === 'all' ? pairs : pairs.slice(-Number(window));
  const returns = chosen.map((p) => p.logReturn);
  const changes = chosen.map((p) => p.oddsChangePoints);
  const percentPerPoint = olsSlope(
    changes,
    returns.map((r) => 100 * r),
  );
  return {
    n: chosen.length,
    from: chosen[0]?.date ?? null,
    to: chosen.at(-1)?.date ?? null,
    correlation: pearson(returns, changes),
    levelCorrelation: pearson(
      chosen.map((p) => p.level),
      chosen.map((p) => p.oddsPoints),
    ),
    beta: percentPerPoint === null ? null : percentPerPoint * 10,
  };
}

/**
 * Lead/lag: r of the log return on D against the odds change on D−1 (odds lead), D, and D+1 (odds lag), where
 * D−1 and D+1 are the neighbouring trading days of the price series; a pair counts only when both exist.
 */
export function leadLag(pairs: readonly Pair[]): LeadLag {
  const onDate = new Map(pairs.map((p) => [p.date, p]));
  const after = new Map(pairs.map((p) => [p.previousDate, p]));
  const correlate = (other: (p: Pair) => Pair | undefined) => {
    const matched = pairs.flatMap((p) => {
      const o = other(p);
      return o ? [[p.logReturn, o.oddsChangePoints] as const] : [];
    });
    return pearson(
      matched.map(([r]) => r),
      matched.map(([, c]) => c),
    );
  };
  return { '-1': correlate((p) => onDate.get(p.previousDate)), '0': correlate((p) => p), '1': correlate((p) => after.get(p.date)) };
}

/** Pearson r of log return and odds change over each run of `size` consecutive pairs, dated by its last pair. */
export function rollingCorrelation(pairs: readonly Pair[], size: number): { date: string; correlation: number | null }[] {
  return pairs.slice(size - 1).map((last, k) => {
    const run = pairs.slice(k, k + size);
    return {
      date: last.date,
      correlation: pearson(
        run.map((p) => p.logReturn),
        run.map((p) => p.oddsChangePoints),
      ),
    };
  });
}

export function windowResults(pairs: readonly Pair[]): WindowResults {
  return Object.fromEntries(WINDOWS.map((w) => [w, windowResult(pairs, w)])) as WindowResults;
}

function relativeTrumpTrade(
  odds: readonly OddsPoint[],
  fund: readonly PricePoint[],
  benchmark: { symbol: string; points: readonly PricePoint[] },
): NonNullable<TrumpTradeResult['relative']> {
  const basis = priceBasis(fund, benchmark.points);
  return { benchmark: benchmark.symbol, basis, windows: windowResults(alignPairs(relativeLogReturns(fund, benchmark.points, basis), odds)) };
}

/**
 * The fund's (IWM's) Trump-trade correlations and betas, absolute and, given a benchmark, relative to it; the
 * lead/lag correlations; and the event study around the `eventCount` largest daily odds moves.
 */
export function trumpTrade(
  series: string,
  odds: readonly OddsPoint[],
  fund: readonly PricePoint[],
  benchmark: { symbol: string; points: readonly PricePoint[] } | null,
  eventCount = 0,
): TrumpTradeResult {
  const basis = priceBasis(fund);
  const pairs = alignPairs(logReturns(fund, basis), odds);
  return {
    series,
    basis,
    windows: windowResults(pairs),
    relative: benchmark ? relativeTrumpTrade(odds, fund, benchmark) : null,
    leadLag: leadLag(pairs),
    events: eventStudy(pairs, fund, benchmark?.points ?? null, eventCount),
  };
}
