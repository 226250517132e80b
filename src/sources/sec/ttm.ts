// Period arithmetic on companyfacts facts of ONE concept in ONE unit: which value belongs to which period,
// trailing twelve months, fiscal years and balance-sheet instants. Periods are told apart by their start/end
// dates only — fy/fp in companyfacts describe the filing, and a 10-K repeats earlier years as comparatives.
import type { Fact } from './companyfacts.js';

/** A fact with a duration (income-statement and cash-flow items). */
export interface DurationFact extends Fact {
  start: string;
}

/** A trailing-twelve-month value and the period it covers. */
export interface TrailingValue {
  value: number;
  start: string;
  end: string;
  /** 'fiscal-year': the latest period is a whole fiscal year; 'year-to-date': FY + YTD − prior-year YTD. */
  basis: 'fiscal-year' | 'year-to-date';
  /** Per-share only: the factor the fiscal-year figure was put on the latest share basis with (stock split), else 1. */
  splitFactor: number;
}

export type TrailingResult = { kind: 'value'; ttm: TrailingValue } | { kind: 'missing'; reason: string };

const DAY_MS = 86_400_000;

/** Days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** end − start in days: 364/365 for a 12-month year (Feb 1 → Jan 31), 363 or 370 for 52/53-week years. */
const lengthDays = (fact: DurationFact): number => daysBetween(fact.start, fact.end);

/** A fiscal year: 12 months or 52/53 weeks (end − start between 350 and 380 days). */
export const isFiscalYear = (fact: DurationFact): boolean => lengthDays(fact) >= 350 && lengthDays(fact) <= 380;

/** Slack, in days, when matching period boundaries (52/53-week calendars drift by a few days). */
export const BOUNDARY_SLACK_DAYS = 7;

export const isDuration = (fact: Fact): fact is DurationFact => fact.start !== null;

const isAmendment = (fact: Fact): boolean => /\/A$/i.test(fact.form);

/** Whether `a` replaces `b` (same period): filed later; on the same day an amendment (…/A), then the higher accession. */
function supersedes(a: Fact, b: Fact): boolean {
  if (a.filed !== b.filed) return a.filed > b.filed;
  if (isAmendment(a) !== isAmendment(b)) return isAmendment(a);
  return a.accn > b.accn;
}

/**
 * One fact per period (same start and end): the latest filed, so an amendment (10-K/A, 10-Q/A) or a later
 * restatement replaces the earlier figure. Ordered by end date, then start date.
 */
export function latestPerPeriod<T extends Fact>(facts: readonly T[]): T[] {
  const byPeriod = new Map<string, T>();
  for (const fact of facts) {
    const key = `${fact.start ?? ''}/${fact.end}`;
    const held = byPeriod.get(key);
    if (held === undefined || supersedes(fact, held)) byPeriod.set(key, fact);
  }
  return [...byPeriod.values()].sort((a, b) => a.end.localeCompare(b.end) || (a.start ?? '').localeCompare(b.start ?? ''));
}

const latestEnd = (facts: readonly Fact[]): string | null =>
  facts.reduce<string | null>((latest, f) => (latest === null || f.end > latest ? f.end : latest), null);

/** The latest day any duration fact of a concept covers; null when it has none. */
export const latestDurationEnd = (facts: readonly Fact[]): string | null => latestEnd(facts.filter(isDuration));

/** The latest instant (balance-sheet date) of a concept; null when it has none. */
export const latestInstantEnd = (facts: readonly Fact[]): string | null => latestEnd(facts.filter((f) => !isDuration(f)));

/** The value of an instant concept at `date` (latest filed), or null when not reported for that date. */
export function instantAt(facts: readonly Fact[], date: string): Fact | null {
  return latestPerPeriod(facts.filter((f) => !isDuration(f) && f.end === date))[0] ?? null;
}

/** Fiscal-year periods of a concept (one fact each, latest filed), newest first. */
export function fiscalYears(facts: readonly Fact[]): DurationFact[] {
  return latestPerPeriod(facts.filter(isDuration).filter(isFiscalYear)).reverse();
}

/** The fiscal year ending within the slack of `end`, if the concept reports it. */
export function fiscalYearEnding(facts: readonly Fact[], end: string): DurationFact | null {
  return fiscalYears(facts).find((f) => Math.abs(daysBetween(f.end, end)) <= BOUNDARY_SLACK_DAYS) ?? null;
}

/**
 * The company's own number for a fiscal-year period. A filing's `fy` names the filing's fiscal year (the
 * latest year it reports), so a period reported as a comparative is that many years earlier. Falls back to the
 * calendar year of the period end when `fy` is missing or implausible.
 */
export function fiscalYearNumber(period: DurationFact, facts: readonly Fact[]): number {
  const endYear = Number(period.end.slice(0, 4));
  if (period.fy === null) return endYear;
  const filingYearEnd = facts
    .filter((f): f is DurationFact => isDuration(f) && f.accn === period.accn && isFiscalYear(f))
    // biome-ignore lint/complexity/useMathMinMax: the latest of YYYY-MM-DD strings, not numbers
    .reduce((latest, f) => (f.end > latest ? f.end : latest), period.end);
  const fiscalYear = period.fy - Math.round(daysBetween(period.end, filingYearEnd) / 365.25);
  return Math.abs(fiscalYear - endYear) <= 1 ? fiscalYear : endYear;
}

/** Decimal places of a reported value (per-share figures carry cents; sums must not show float noise). */
function decimals(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : text.length - dot - 1;
}

/** a + b − c, rounded to the reported inputs' precision (−3.86 + −1.29 − −0.95 = −4.2, not −4.199999…). */
function combine(a: number, b: number, c: number, aDecimals = decimals(a)): number {
  const places = Math.max(aDecimals, decimals(b), decimals(c));
  return Number((a + b - c).toFixed(places));
}

/**
 * Trailing twelve months of a duration concept (revenue, net income, EPS, cash flows...).
 * TTM = last fiscal year + current year-to-date − prior-year same year-to-date, e.g. FY Feb 2024–Jan 2025
 * + Feb–Apr 2025 − Feb–Apr 2024; when the latest period is itself a fiscal year, TTM = that year.
 * (10-Q cash-flow statements report year-to-date only, so quarters are reached this way for every item.
 * Source: SEC Regulation S-X Art. 10-01(c) — interim statements give the year-to-date and the same period of
 * the preceding year.) For a per-share concept pass the weighted-average share counts: the fiscal year is then
 * put on the share basis of the year-to-date first (see splitFactor).
 */
export function trailingTwelveMonths(facts: readonly Fact[], shareCounts: readonly Fact[] | null = null): TrailingResult {
  const periods = latestPerPeriod(facts.filter(isDuration));
  const year = fiscalYears(periods)[0];
  if (year === undefined) return { kind: 'missing', reason: 'no fiscal-year period reported' };
  const current = currentYearToDate(periods, year);
  if (current === null) {
    const ttm: TrailingValue = { value: year.val, start: year.start, end: year.end, basis: 'fiscal-year', splitFactor: 1 };
    return { kind: 'value', ttm };
  }
  const prior = priorYearToDate(periods, year, current);
  if (prior === null) {
    return { kind: 'missing', reason: `no prior-year period to match year-to-date ${current.start}..${current.end}` };
  }
  const factor = shareCounts === null ? 1 : splitFactor(shareCounts.filter(isDuration), year, prior);
  if (factor === null) {
    const reason = `share counts restated since the 10-K (stock split?), 10-K share count for ${year.end} missing`;
    return { kind: 'missing', reason };
  }
  const value = combine(year.val * factor, current.val, prior.val, decimals(year.val));
  return {
    kind: 'value',
    ttm: { value, start: daysAfter(prior.end, 1), end: current.end, basis: 'year-to-date', splitFactor: factor },
  };
}

/** A restated share count this many times larger or smaller than first reported is a stock split (2:1, 1:10...). */
const SPLIT_RATIO = 1.5;

/**
 * A stock split after the 10-K restates per-share figures and share counts in later 10-Qs, so the fiscal year
 * (old basis) and the year-to-date (new basis) cannot be added as they are. When the weighted-average share
 * count of the prior-year YTD was restated by a split-like ratio, and the 10-K's share count for the fiscal
 * year is on the old basis (nearer the first-reported count), the fiscal-year per-share figure is multiplied by
 * first-reported ÷ restated shares (per-share × old shares ÷ new shares). Returns 1 when no split shows, null
 * when the 10-K's basis cannot be told.
 */
function splitFactor(shareCounts: readonly DurationFact[], year: DurationFact, prior: DurationFact): number | null {
  const versions = shareCounts.filter((f) => f.start === prior.start && f.end === prior.end);
  const restated = latestPerPeriod(versions)[0];
  const first = versions.reduce<DurationFact | undefined>(
    (earliest, f) => (earliest === undefined || supersedes(earliest, f) ? f : earliest),
    undefined,
  );
  if (first === undefined || restated === undefined || first.val <= 0 || restated.val <= 0) return 1;
  const ratio = first.val / restated.val;
  if (ratio < SPLIT_RATIO && ratio > 1 / SPLIT_RATIO) return 1;
  const yearShares = shareCounts.find((f) => f.start === year.start && f.end === year.end && f.accn === year.accn);
  if (yearShares === undefined || yearShares.val <= 0) return null;
  const distance = (count: number) => Math.abs(Math.log(yearShares.val / count));
  return distance(first.val) < distance(restated.val) ? ratio : 1;
}

/** The longest-running year-to-date period that starts the day after the fiscal year ends. */
function currentYearToDate(periods: readonly DurationFact[], year: DurationFact): DurationFact | null {
  const candidates = periods.filter(
    (p) => p.end > year.end && !isFiscalYear(p) && Math.abs(daysBetween(year.end, p.start) - 1) <= BOUNDARY_SLACK_DAYS,
  );
  return candidates.reduce<DurationFact | null>((best, p) => (best === null || p.end > best.end ? p : best), null);
}

/** The period of the fiscal year that starts with it and runs as long as the current year-to-date. */
function priorYearToDate(periods: readonly DurationFact[], year: DurationFact, current: DurationFact): DurationFact | null {
  const distance = (p: DurationFact) => Math.abs(daysBetween(year.start, p.start)) + Math.abs(lengthDays(p) - lengthDays(current));
  const candidates = periods.filter(
    (p) =>
      p.end < current.start &&
      Math.abs(daysBetween(year.start, p.start)) <= BOUNDARY_SLACK_DAYS &&
      Math.abs(lengthDays(p) - lengthDays(current)) <= BOUNDARY_SLACK_DAYS,
  );
  return candidates.reduce<DurationFact | null>((best, p) => (best === null || distance(p) < distance(best) ? p : best), null);
}

function daysAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
