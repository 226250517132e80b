// Capital engaged with the Russell 2000: the ETF's net assets plus the notional value of the futures' open
// interest, each part with its own date; and the same week by week.
import { russellFuture } from '../core/futures.js';
import type { CotRow } from './inputs.js';

/** An index level of a date and where it comes from, e.g. a ^RUT close or the RTY futures price in a holdings file. */
export interface IndexLevel {
  date: string;
  level: number;
  source: string;
}

/** A level (or a holdings file) this many days away from the report date is too far to value (or add to) its open interest. */
export const MAX_LEVEL_AGE_DAYS = 7;

/**
 * The level that values a report: the newest candidate dated on or before `date` and at most 7 days before it (on
 * one date the first candidate given wins); `levels` oldest first. Null when there is none.
 */
export function indexLevelAt(levels: readonly IndexLevel[], date: string): IndexLevel | null {
  return newestWithin(levels, (level) => level.date, date);
}

/** The item with the newest date on or before `date` and at most 7 days before it (the first of equals); null if none. */
function newestWithin<T>(items: readonly T[], dateOf: (item: T) => string, date: string): T | null {
  const oldest = new Date(Date.parse(`${date}T00:00:00Z`) - MAX_LEVEL_AGE_DAYS * 86_400_000).toISOString().slice(0, 10);
  let best: T | null = null;
  for (const item of items) {
    const at = dateOf(item);
    if (at > date || at < oldest) continue;
    if (best === null || at > dateOf(best)) best = item;
  }
  return best;
}

/** Notional value in US dollars = open interest (contracts) × multiplier ($ per index point) × index level. */
export const futuresNotional = (openInterest: number, multiplier: number, level: number): number => openInterest * multiplier * level;

export interface FuturesPart {
  code: string;
  contract: string;
  multiplier: number;
  openInterest: number;
  indexLevel: number | null;
  /** e.g. "^RUT close 2026-09-08 (Yahoo)"; null without a level. */
  indexLevelSource: string | null;
  notional: number | null;
  reportDate: string;
}

export interface EtfPart {
  fund: string;
  netAssets: number | null;
  asOf: string | null;
}

export interface CapitalEngaged {
  /** The newest date of the parts (each part keeps its own). */
  asOf: string | null;
  etf: EtfPart;
  futures: FuturesPart[];
  /** ETF net assets + Σ futures notional; null when a part is unknown. */
  total: number | null;
}

/** The futures part of one report week: each code's open interest valued at the index level of that date. */
export function futuresParts(week: readonly CotRow[], levels: readonly IndexLevel[]): FuturesPart[] {
  return week.flatMap((row) => {
    const future = russellFuture(row.code);
    if (!future) return [];
    const level = indexLevelAt(levels, row.reportDate);
    return [
      {
        code: row.code,
        contract: future.contract,
        multiplier: future.multiplier,
        openInterest: row.openInterest,
        indexLevel: level?.level ?? null,
        indexLevelSource: level ? `${level.source} ${level.date}` : null,
        notional: level ? futuresNotional(row.openInterest, future.multiplier, level.level) : null,
        reportDate: row.reportDate,
      },
    ];
  });
}

/** Σ notional of the parts; null when any is unknown or there is none. */
export function totalNotional(parts: readonly FuturesPart[]): number | null {
  if (parts.length === 0 || parts.some((part) => part.notional === null)) return null;
  return parts.reduce((sum, part) => sum + part.notional!, 0);
}

/** Days between two YYYY-MM-DD dates, whichever comes first. */
export const daysApart = (a: string, b: string): number => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;

/**
 * ETF net assets + the futures notional of its report week, each with its date. The total is null when a part is
 * unknown, or when the holdings date and the report date lie more than 7 days apart (a sum of two dates is no figure).
 */
export function capitalEngaged(etf: EtfPart, futures: FuturesPart[]): CapitalEngaged {
  const notional = futures.length === 0 ? 0 : totalNotional(futures);
  const dates = [etf.netAssets === null ? null : etf.asOf, ...futures.map((part) => part.reportDate)].filter((d): d is string => d !== null);
  const report = futures[0]?.reportDate;
  const apart = etf.asOf === null || report === undefined ? true : daysApart(etf.asOf, report) > MAX_LEVEL_AGE_DAYS;
  return {
    asOf: dates.sort().at(-1) ?? null,
    etf,
    futures,
    total: etf.netAssets === null || notional === null || apart ? null : etf.netAssets + notional,
  };
}

/** One week of the series: the futures notional of the report, the ETF's net assets from its newest holdings within 7 days before. */
export interface CapitalWeek {
  reportDate: string;
  futuresNotional: number | null;
  etfNetAssets: number | null;
  etfAsOf: string | null;
  total: number | null;
}

/** The ETF's net assets of the newest kept holdings file dated on or before `date`, at most 7 days before it. */
export function etfAt<T extends { asOf: string; netAssets: number | null }>(snapshots: readonly T[], date: string): T | null {
  return newestWithin(snapshots, (snapshot) => snapshot.asOf, date);
}

/** The capital engaged report week by report week (weeks oldest first, each its rows). */
export function capitalSeries(
  weeks: readonly CotRow[][],
  levels: readonly IndexLevel[],
  etfSnapshots: readonly { asOf: string; netAssets: number | null }[],
): CapitalWeek[] {
  return weeks.map((week) => {
    const reportDate = week[0]!.reportDate;
    const futuresNotional = totalNotional(futuresParts(week, levels));
    const etf = etfAt(etfSnapshots, reportDate);
    const etfNetAssets = etf?.netAssets ?? null;
    return {
      reportDate,
      futuresNotional,
      etfNetAssets,
      etfAsOf: etf?.asOf ?? null,
      total: futuresNotional === null || etfNetAssets === null ? null : futuresNotional + etfNetAssets,
    };
  });
}
