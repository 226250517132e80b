// The alert kinds, their adjustable thresholds, and pure rule evaluation: an AlertState plus what the server saw at
// its previous check in, findings out. Each finding carries its deduplication subject and period, chosen from the
// data (as-of dates, ingest times), so re-running a check or an ingest yields the same keys.
import { formatNumber, formatPct, formatSignedPct } from '../render/format.js';
import type { AlertState } from './state.js';
import type { AltmanZone, RuleMemory } from '../store/alerts/memory.js';
import { ALERT_KINDS, type AlertKind, type KindSetting } from '../store/alerts/rules.js';
import type { OddsPoint } from '../store/odds.js';

/** The kinds evaluated against the data (the digest is scheduled instead). */
export type RuleKind = Exclude<AlertKind, 'digest'>;

export interface KindSpec {
  label: string;
  /** The unit of the threshold; null when the kind has none. */
  unit: string | null;
  defaultThreshold: number | null;
  /** Accepted threshold range, inclusive. */
  range: [number, number] | null;
  /** One line saying when the kind posts. */
  explain(threshold: number | null): string;
  /** The span the rule looks at (a move within 24 hours, a daily close): with FRESHNESS_GRACE_MS, how old the data
   * point of a finding may be for it to be posted. Null: the finding is about now (stale data) or not a rule. */
  windowMs: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How late a finding's data may reach the cache and still be news: the sources are refreshed once a day and a
 * weekend lies between Friday's close and Monday's check, so 48 hours beyond the rule's own window. */
export const FRESHNESS_GRACE_MS = 48 * HOUR_MS;

export const KIND_SPECS: Record<AlertKind, KindSpec> = {
  digest: {
    label: 'Daily digest',
    unit: null,
    defaultThreshold: null,
    range: null,
    explain: () => 'the summary and what changed, on weekdays at the digest time',
    windowMs: null,
  },
  'odds-move': {
    label: 'Election odds move',
    unit: 'points',
    defaultThreshold: 5,
    range: [0.5, 50],
    explain: (t) => `the odds moved by at least ${t} percentage points within 24 hours`,
    windowMs: DAY_MS,
  },
  'iwm-move': {
    label: 'IWM move',
    unit: '%',
    defaultThreshold: 2,
    range: [0.25, 25],
    explain: (t) => `IWM closed at least ${t}% up or down on the day`,
    windowMs: DAY_MS,
  },
  correlation: {
    label: 'Trump-trade correlation',
    unit: 'correlation level',
    defaultThreshold: 0.5,
    range: [0.05, 0.95],
    explain: (t) => `the 30-day IWM/odds correlation crossed ±${t} or changed sign`,
    windowMs: DAY_MS,
  },
  distress: {
    label: 'Entered distress zone',
    unit: null,
    defaultThreshold: null,
    range: null,
    explain: () => "a member's Altman Z score fell into the distress zone (from grey or safe)",
    windowMs: DAY_MS,
  },
  positioning: {
    label: 'Futures positioning move',
    unit: '% of open interest',
    defaultThreshold: 5,
    range: [0.5, 50],
    explain: (t) => `leveraged funds' net Russell 2000 futures moved by at least ${t}% of open interest in one weekly COT report`,
    windowMs: 7 * DAY_MS,
  },
  stale: {
    label: 'Stale data',
    unit: 'hours',
    defaultThreshold: 30,
    range: [1, 720],
    explain: (t) => `a data source had no successful ingest for ${t} hours`,
    windowMs: null,
  },
};

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value);
}

export function isRuleKind(value: string): value is RuleKind {
  return value !== 'digest' && isAlertKind(value);
}

/** Every kind, in catalogue order, with the server's overrides applied (no override: enabled, default threshold). */
export function effectiveSettings(overrides: readonly KindSetting[]): KindSetting[] {
  return ALERT_KINDS.map((kind) => {
    const override = overrides.find((setting) => setting.kind === kind);
    return {
      kind,
      enabled: override?.enabled ?? true,
      threshold: override?.threshold ?? KIND_SPECS[kind].defaultThreshold,
      pausedReason: override?.pausedReason ?? null,
    };
  });
}

/** The kinds that post now: enabled and not paused. */
export function activeKinds(settings: readonly KindSetting[]): KindSetting[] {
  return settings.filter((setting) => setting.enabled && setting.pausedReason === null);
}

export interface Finding {
  rule: RuleKind;
  /** With rule and period, the deduplication key of the post (the server is added by the caller). */
  subject: string;
  period: string;
  title: string;
  detail: string;
  /** When the data point it announces was current (ISO 8601; a daily value counts until the end of its UTC day);
   * null when undated or about now. */
  dataAt: string | null;
}

const DAY_SECONDS = 86_400;
/** Thresholds compare with this tolerance so 4.9999999 (floating point) counts as 5. */
const EPSILON = 1e-9;
const CORRELATION_SUBJECT = 'iwm-vs-odds-30d';
const UNDATED = 'undated';

/** Findings of the active rule kinds (digest excluded) on the state, against the server's previous check. */
export function evaluateRules(state: AlertState, active: readonly KindSetting[], memory: RuleMemory, now: Date): Finding[] {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every kind (the compiler checks it)
  return active.flatMap((setting): Finding[] => {
    switch (setting.kind) {
      case 'odds-move':
        return oddsMove(state, thresholdOf(setting));
      case 'iwm-move':
        return iwmMove(state, thresholdOf(setting));
      case 'correlation':
        return correlationCross(state, thresholdOf(setting), memory.correlation);
      case 'distress':
        return enteredDistress(state, memory.zones);
      case 'stale':
        return staleSources(state, thresholdOf(setting), now);
      case 'positioning':
        return positioningMove(state, thresholdOf(setting));
      case 'digest':
        return [];
    }
  });
}

/** The memory after this check: current zones and correlation, keeping the previous ones when now unknown. */
export function nextRuleMemory(state: AlertState, memory: RuleMemory): RuleMemory {
  const known = state.members.filter((member): member is typeof member & { zone: AltmanZone } => member.zone !== null);
  return {
    zones: known.length > 0 ? Object.fromEntries(known.map((member) => [member.ticker, member.zone])) : memory.zones,
    correlation: state.trumpTradeCorrelation30d.now ?? memory.correlation,
  };
}

function thresholdOf(setting: KindSetting): number {
  const threshold = setting.threshold ?? KIND_SPECS[setting.kind].defaultThreshold;
  if (threshold === null) throw new Error(`alert kind ${setting.kind} has no threshold`);
  return threshold;
}

const reached = (value: number, threshold: number) => Math.abs(value) + EPSILON >= threshold;

function oddsMove(state: AlertState, thresholdPoints: number): Finding[] {
  const points = [...state.odds.points].sort((a, b) => a.t - b.t);
  const last = points.at(-1);
  if (last === undefined) return [];
  const before = latestAtOrBefore(points, last.t - DAY_SECONDS);
  if (before === undefined) return [];
  // Move in percentage points: (p_now − p_24h_earlier) × 100.
  const movePoints = (last.p - before.p) * 100;
  if (!reached(movePoints, thresholdPoints)) return [];
  return [
    {
      rule: 'odds-move',
      subject: state.odds.series,
      period: utcDate(last.t),
      dataAt: new Date(last.t * 1000).toISOString(),
      title: `Election odds ${movePoints > 0 ? 'rose' : 'fell'} ${formatNumber(Math.abs(movePoints), 1)} points in 24 hours`,
      detail:
        `${state.odds.series}: ${formatPct(before.p)} at ${utcMinute(before.t)} → ${formatPct(last.p)} at ${utcMinute(last.t)} ` +
        `(alert at ${thresholdPoints} points).`,
    },
  ];
}

function latestAtOrBefore(points: readonly OddsPoint[], t: number): OddsPoint | undefined {
  return points.findLast((point) => point.t <= t);
}

function iwmMove(state: AlertState, thresholdPct: number): Finding[] {
  const day = lastDailyReturn(state.iwmCloses);
  if (day === null || !reached(day.return * 100, thresholdPct)) return [];
  const spy = lastDailyReturn(state.spyCloses);
  const sameDay = spy !== null && spy.date === day.date && spy.previousDate === day.previousDate;
  // Relative move in percentage points: IWM daily return − SPY daily return.
  const versusSpy = sameDay ? ` SPY ${formatSignedPct(spy.return)}; IWM − SPY ${formatSignedPoints(day.return - spy.return)}.` : '';
  return [
    {
      rule: 'iwm-move',
      subject: 'IWM',
      period: day.date,
      dataAt: endOfDay(day.date),
      title: `IWM closed ${formatSignedPct(day.return)} on ${day.date}`,
      detail:
        `$${formatNumber(day.previousClose)} (${day.previousDate}) → $${formatNumber(day.close)} (${day.date}).${versusSpy} ` +
        `Alert at ±${thresholdPct}%.`,
    },
  ];
}

interface DailyReturn {
  date: string;
  previousDate: string;
  close: number;
  previousClose: number;
  /** Simple return as a fraction. */
  return: number;
}

/** The latest close-to-close return: close_t / close_{t−1} − 1. */
function lastDailyReturn(closes: AlertState['iwmCloses']): DailyReturn | null {
  const sorted = [...closes].sort((a, b) => a.date.localeCompare(b.date));
  const last = sorted.at(-1);
  const previous = sorted.at(-2);
  if (last === undefined || previous === undefined || previous.close <= 0) return null;
  return {
    date: last.date,
    previousDate: previous.date,
    close: last.close,
    previousClose: previous.close,
    return: last.close / previous.close - 1,
  };
}

function correlationCross(state: AlertState, level: number, seen: number | null): Finding[] {
  const { now, previous, asOfDate } = state.trumpTradeCorrelation30d;
  const before = seen ?? previous;
  if (now === null || before === null) return [];
  const strongNow = reached(now, level);
  const strongBefore = reached(before, level);
  const signChanged = now * before < 0;
  if (strongNow === strongBefore && !signChanged) return [];
  const what = strongNow !== strongBefore ? `${strongNow ? 'strengthened past' : 'weakened below'} ±${formatNumber(level)}` : 'changed sign';
  const alsoSign = strongNow !== strongBefore && signChanged ? ' and changed sign' : '';
  return [
    {
      rule: 'correlation',
      subject: CORRELATION_SUBJECT,
      period: asOfDate ?? state.asOf.prices ?? UNDATED,
      dataAt: endOfDay(asOfDate ?? state.asOf.prices),
      title: `Trump-trade correlation ${what}${alsoSign}`,
      detail: `30-day correlation of IWM with the election odds: ${formatNumber(before)} → ${formatNumber(now)}${
        asOfDate === null ? '' : ` (as of ${asOfDate})`
      }.`,
    },
  ];
}

/** Members in the distress zone now whose zone at the previous check was grey or safe. */
function enteredDistress(state: AlertState, zones: RuleMemory['zones']): Finding[] {
  if (zones === null) return [];
  const asOf = state.asOf.fundamentals;
  return state.members
    .filter((member) => member.zone === 'distress' && (zones[member.ticker] === 'grey' || zones[member.ticker] === 'safe'))
    .map((member) => ({
      rule: 'distress' as const,
      subject: member.ticker,
      period: asOf ?? UNDATED,
      dataAt: endOfDay(asOf),
      title: `${member.name} (${member.ticker}) entered the Altman distress zone`,
      detail: `Altman zone: ${zones[member.ticker]} → distress${asOf === null ? '' : ` (fundamentals as of ${asOf})`}.`,
    }));
}

function staleSources(state: AlertState, thresholdHours: number, now: Date): Finding[] {
  return Object.entries(state.lastIngestAt)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([source, lastAt]) => {
      const ageHours = (now.getTime() - Date.parse(lastAt)) / 3_600_000;
      if (!Number.isFinite(ageHours) || !reached(ageHours, thresholdHours) || ageHours < 0) return [];
      return [
        {
          rule: 'stale' as const,
          subject: source,
          period: lastAt,
          dataAt: null,
          title: `No successful ${source} ingest for ${Math.floor(ageHours)} hours`,
          detail: `The last ${source} ingest completed at ${lastAt}; figures built on it may be out of date ` + `(alert at ${thresholdHours} hours).`,
        },
      ];
    });
}

/** Leveraged funds' net moved by at least the threshold (% of open interest) between the two newest reports. */
function positioningMove(state: AlertState, thresholdPct: number): Finding[] {
  const move = state.leveragedMove;
  if (!move || !reached(move.share * 100, thresholdPct)) return [];
  const net = state.positioning?.reportDate === move.reportDate ? state.positioning.leveraged.net : null;
  return [
    {
      rule: 'positioning',
      subject: 'leveraged-funds',
      period: move.reportDate,
      dataAt: endOfDay(move.reportDate),
      title: `Leveraged funds' net Russell 2000 futures moved ${formatSignedPct(move.share)} of open interest (report of ${move.reportDate})`,
      detail:
        `Net ${move.move > 0 ? '+' : '−'}${formatNumber(Math.abs(move.move), 0)} E-mini equivalents since the report of ${move.previousDate}` +
        `${net === null ? '' : `, to ${formatNumber(net, 0)}`} (CFTC COT, RTY + M2K ÷ 10). Alert at ±${thresholdPct}% of open interest. See /zombie positioning.`,
    },
  ];
}

/** How old a finding's data is when it is too old to announce (its rule's window plus FRESHNESS_GRACE_MS); null
 * when it is news (or undated, or about now). Old findings are not posted; `zombie alerts run --dry` lists them. */
export function tooOld(finding: Finding, now: Date): { ageMs: number; limitMs: number } | null {
  const windowMs = KIND_SPECS[finding.rule].windowMs;
  if (windowMs === null || finding.dataAt === null) return null;
  const ageMs = now.getTime() - Date.parse(finding.dataAt);
  const limitMs = windowMs + FRESHNESS_GRACE_MS;
  return ageMs > limitMs ? { ageMs, limitMs } : null;
}

/** The end of a YYYY-MM-DD day (UTC), until which a daily value is current; null for no date. */
function endOfDay(date: string | null): string | null {
  return date === null ? null : new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString();
}

/** A difference of two fractions in percentage points: 0.033 → "+3.3 pts". */
export function formatSignedPoints(fraction: number): string {
  const points = fraction * 100;
  return `${points > 0 ? '+' : ''}${formatNumber(points, 1)} pts`;
}

function utcDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function utcMinute(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
