// Positioning in the Russell 2000 futures: leveraged funds' and asset managers' net contracts from the CFTC Traders in
// Financial Futures report, summed over the contracts reported each week in E-mini equivalents.
import { EMINI_MULTIPLIER, russellFuture } from '../core/futures.js';
import type { CotRow } from './inputs.js';
import { yearsBefore } from './returns.js';
import { percentileRank } from './stats.js';

/** One report week, every position in E-mini equivalents (contracts × multiplier ÷ $50: M2K ÷ 10, ICE mini × 2). */
export interface WeeklyPosition {
  reportDate: string;
  /** The codes reported that week (a micro below the reporting threshold is absent). */
  codes: string[];
  openInterest: number;
  leveraged: { long: number; short: number };
  assetManagers: { long: number; short: number };
}

/** E-mini equivalents = contracts × the contract's multiplier ÷ the E-mini's $50. */
export const eminiEquivalents = (contracts: number, multiplier: number): number => (contracts * multiplier) / EMINI_MULTIPLIER;

/** E-mini equivalents are whole tenths (the micro ÷ 10): sums and differences are rounded to 0.1 to drop float noise. */
const tenths = (value: number): number => Math.round(value * 10) / 10;

/** TFF rows grouped by report week, summed over the followed codes in E-mini equivalents, oldest first. */
export function weeklyPositions(rows: readonly CotRow[]): WeeklyPosition[] {
  const weeks = new Map<string, WeeklyPosition>();
  for (const row of rows) {
    const future = russellFuture(row.code);
    if (!future || row.levLong === null || row.levShort === null || row.assetMgrLong === null || row.assetMgrShort === null) continue;
    const e = (contracts: number) => eminiEquivalents(contracts, future.multiplier);
    const week = weeks.get(row.reportDate) ?? {
      reportDate: row.reportDate,
      codes: [],
      openInterest: 0,
      leveraged: { long: 0, short: 0 },
      assetManagers: { long: 0, short: 0 },
    };
    week.codes.push(row.code);
    week.openInterest = tenths(week.openInterest + e(row.openInterest));
    week.leveraged.long = tenths(week.leveraged.long + e(row.levLong));
    week.leveraged.short = tenths(week.leveraged.short + e(row.levShort));
    week.assetManagers.long = tenths(week.assetManagers.long + e(row.assetMgrLong));
    week.assetManagers.short = tenths(week.assetManagers.short + e(row.assetMgrShort));
    weeks.set(row.reportDate, week);
  }
  return [...weeks.values()].sort((a, b) => a.reportDate.localeCompare(b.reportDate));
}

export type TraderGroup = 'leveraged' | 'assetManagers';
export const CHANGE_WEEKS = ['1', '4', '13', '52'] as const;
export type ChangeWeeks = (typeof CHANGE_WEEKS)[number];

export interface GroupPositioning {
  long: number;
  short: number;
  /** long − short, E-mini equivalents. */
  net: number;
  /** net ÷ open interest (a fraction). */
  netShare: number;
  /** Percentile rank of the net among the other weeks reported within 1 (3) years before it: 0 = lowest, 1 = highest. */
  pctile1y: number | null;
  pctile3y: number | null;
  /** Weeks compared with for each percentile (the window's reports other than this one). */
  weeks1y: number;
  weeks3y: number;
  /** net − the net of the report 1, 4, 13, 52 weeks earlier (within 3 days of that date); null when not reported. */
  change: Record<ChangeWeeks, number | null>;
  /** net − the net of the `since` report; null without one. */
  changeSince: number | null;
}

export interface Positioning {
  reportDate: string;
  /** The codes summed, joined by '+', e.g. "239742+239747". */
  code: string;
  /** Open interest in E-mini equivalents. */
  openInterest: number;
  leveraged: GroupPositioning;
  assetManagers: GroupPositioning;
  /** The report the `since` changes count from: the newest on or before the date asked for. */
  since: { date: string; reportDate: string } | null;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** The date `days` days before a YYYY-MM-DD date. */
const daysBefore = (date: string, days: number) => new Date((dayNumber(date) - days) * DAY_MS).toISOString().slice(0, 10);
/** A report within this many days of a target date stands for it (holiday weeks report on a Monday or Wednesday). */
const DATE_TOLERANCE_DAYS = 3;

export const netOf = (week: WeeklyPosition, group: TraderGroup): number => tenths(week[group].long - week[group].short);

/** The report nearest to `date` within 3 days (the earlier on a tie), or null. */
export function reportNear(weeks: readonly WeeklyPosition[], date: string): WeeklyPosition | null {
  const target = dayNumber(date);
  let best: WeeklyPosition | null = null;
  for (const week of weeks) {
    const distance = Math.abs(dayNumber(week.reportDate) - target);
    if (distance <= DATE_TOLERANCE_DAYS && (best === null || distance < Math.abs(dayNumber(best.reportDate) - target))) best = week;
  }
  return best;
}

/** The newest report dated on or before `date`, or null. */
export function reportOnOrBefore(weeks: readonly WeeklyPosition[], date: string): WeeklyPosition | null {
  return weeks.findLast((week) => week.reportDate <= date) ?? null;
}

function group(weeks: readonly WeeklyPosition[], index: number, name: TraderGroup, since: WeeklyPosition | null): GroupPositioning {
  const week = weeks[index]!;
  const net = netOf(week, name);
  // The window: reports dated after the same day 1 (3) years earlier (29 Feb → 28 Feb, as every yearly window of the
  // metrics), up to this one; this week itself excluded.
  const others = (years: number) => {
    const from = yearsBefore(week.reportDate, years);
    return weeks
      .slice(0, index)
      .filter((w) => w.reportDate > from)
      .map((w) => netOf(w, name));
  };
  const [year, threeYears] = [others(1), others(3)];
  const changeOver = (n: number) => {
    const then = reportNear(weeks.slice(0, index), daysBefore(week.reportDate, 7 * n));
    return then === null ? null : tenths(net - netOf(then, name));
  };
  return {
    long: week[name].long,
    short: week[name].short,
    net,
    netShare: week.openInterest > 0 ? net / week.openInterest : 0,
    pctile1y: percentileRank(net, year),
    pctile3y: percentileRank(net, threeYears),
    weeks1y: year.length,
    weeks3y: threeYears.length,
    change: Object.fromEntries(CHANGE_WEEKS.map((n) => [n, changeOver(Number(n))])) as Record<ChangeWeeks, number | null>,
    changeSince: since === null ? null : tenths(net - netOf(since, name)),
  };
}

/**
 * The positioning of the newest week (or of the newest on or before `asOf`), with changes since the report on or
 * before `since` (YYYY-MM-DD) when given; null without weeks.
 */
export function positioning(weeks: readonly WeeklyPosition[], options: { since?: string; asOf?: string } = {}): Positioning | null {
  const shown = options.asOf === undefined ? weeks : weeks.filter((w) => w.reportDate <= options.asOf!);
  const index = shown.length - 1;
  const week = shown[index];
  if (week === undefined) return null;
  const since = options.since === undefined ? null : reportOnOrBefore(shown, options.since);
  return {
    reportDate: week.reportDate,
    code: week.codes.join('+'),
    openInterest: week.openInterest,
    leveraged: group(shown, index, 'leveraged', since),
    assetManagers: group(shown, index, 'assetManagers', since),
    since: since === null || options.since === undefined ? null : { date: options.since, reportDate: since.reportDate },
  };
}

/**
 * The newest report's move of leveraged funds' net against the report a week before it (within 3 days), as a share
 * of its open interest: (net − previous net) ÷ OI. Null when that report is not kept (a move over a gap in the
 * weeks is no move in one report).
 */
export function leveragedMoveShare(
  weeks: readonly WeeklyPosition[],
): { reportDate: string; previousDate: string; move: number; share: number } | null {
  const last = weeks.at(-1);
  const previous = last === undefined ? null : reportNear(weeks.slice(0, -1), daysBefore(last.reportDate, 7));
  if (previous === null || last === undefined || last.openInterest <= 0) return null;
  const move = tenths(netOf(last, 'leveraged') - netOf(previous, 'leveraged'));
  return { reportDate: last.reportDate, previousDate: previous.reportDate, move, share: move / last.openInterest };
}
