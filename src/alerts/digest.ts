// The daily digest: the /zombie summary embed, then what changed since the server's previous digest (odds move,
// IWM and SPY moves and their difference, members new in the distress zone, zone counts, alerts posted), with the
// chart attached when one is given. The figures it shows are returned so the next digest can compare with them.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply } from '../core/reply.js';
import { NA, formatCount, formatNumber, formatPct, formatSignedPct } from '../render/format.js';
import { evictionLines } from '../render/history.js';
import { positioningDigestLine } from '../render/futures.js';
import { KIND_SPECS, formatSignedPoints, type RuleKind } from './rules.js';
import type { AlertState } from './state.js';
import type { AltmanZone, DailyClose, DigestFigures } from '../store/alerts/memory.js';
import type { OddsPoint } from '../store/odds.js';

export interface DigestInput {
  summary: APIEmbed;
  state: AlertState;
  /** The server's previous digest; null for its first. */
  previous: DigestFigures | null;
  /** Alerts posted to the server since the previous digest, by kind. */
  alertCounts: Partial<Record<RuleKind, number>>;
  chartPng: Buffer | null;
  at: Date;
  localDate: string;
  timezone: string;
}

export const DIGEST_CHART_NAME = 'zombie-digest.png';
/** Members listed by name under "New in the distress zone" before "and N more". */
const MAX_LISTED_MEMBERS = 15;
const CHANGES_COLOR = 0x2f3136;

export function digestFigures(state: AlertState, at: Date, localDate: string): DigestFigures {
  const zoneCounts: Record<AltmanZone, number> = { distress: 0, grey: 0, safe: 0 };
  let known = 0;
  for (const member of state.members) {
    if (member.zone === null) continue;
    zoneCounts[member.zone] += 1;
    known += 1;
  }
  return {
    at: at.toISOString(),
    localDate,
    odds: latestBy(state.odds.points, (point) => point.t),
    iwm: latestBy(state.iwmCloses, (close) => close.date),
    spy: latestBy(state.spyCloses, (close) => close.date),
    distressTickers:
      known > 0
        ? state.members
            .filter((member) => member.zone === 'distress')
            .map((member) => member.ticker)
            .sort()
        : null,
    zoneCounts: known > 0 ? zoneCounts : null,
    reconstitution: state.reconstitution ? { from: state.reconstitution.from, to: state.reconstitution.to } : null,
    cotReport: state.positioning?.reportDate ?? null,
  };
}

export function buildDigest(input: DigestInput): { reply: Reply; figures: DigestFigures } {
  const figures = digestFigures(input.state, input.at, input.localDate);
  const changes = changesEmbed(input, figures);
  if (input.chartPng !== null) changes.image = { url: `attachment://${DIGEST_CHART_NAME}` };
  const reply: Reply = {
    content: `Zombie beta digest for ${input.localDate}`,
    embeds: [input.summary, changes],
    ...(input.chartPng !== null && {
      files: [{ name: DIGEST_CHART_NAME, data: input.chartPng, description: 'Zombie beta chart for the digest' }],
    }),
  };
  return { reply, figures };
}

function changesEmbed(input: DigestInput, now: DigestFigures): APIEmbed {
  const footer = { text: `Digest for ${input.localDate} (${input.timezone}) · weekdays` };
  const { previous } = input;
  const news = [reconstitutionField(input.state, previous), positioningField(input.state, previous)].filter((f) => f !== null);
  if (previous === null) {
    return {
      title: 'What changed since the previous digest',
      description: "This is the server's first digest; changes are shown from the next one on.",
      color: CHANGES_COLOR,
      ...(news.length > 0 && { fields: news }),
      footer,
    };
  }
  const fields: APIEmbedField[] = [
    { name: `Election odds (${input.state.odds.series})`, value: oddsChange(previous.odds, now.odds) },
    { name: 'IWM', value: closeChange(previous.iwm, now.iwm), inline: true },
    { name: 'SPY', value: closeChange(previous.spy, now.spy), inline: true },
    { name: 'IWM vs SPY', value: relativeMove(previous, now), inline: true },
    { name: 'New in the distress zone', value: newInDistress(input.state, previous, now) },
    { name: 'Altman zones', value: zoneCounts(previous.zoneCounts, now.zoneCounts) },
    { name: 'Alerts since the previous digest', value: alertCounts(input.alertCounts) },
    ...news,
  ];
  return {
    title: 'What changed since the previous digest',
    description: `Compared with the digest of ${previous.localDate}.`,
    color: CHANGES_COLOR,
    fields,
    footer,
  };
}

/** A reconstitution seen in the kept lists and not yet reported in this server's previous digest. */
function reconstitutionField(state: AlertState, previous: DigestFigures | null): APIEmbedField | null {
  const seen = state.reconstitution;
  if (!seen || previous?.reconstitution?.to === seen.to) return null;
  return { name: `Reconstitution seen: ${seen.from} → ${seen.to}`, value: `${evictionLines(seen).join('\n')}\nSee /zombie evictions.` };
}

/** A COT report newer than the one this server's previous digest mentioned: once a week. */
function positioningField(state: AlertState, previous: DigestFigures | null): APIEmbedField | null {
  const p = state.positioning;
  if (!p || previous?.cotReport === p.reportDate) return null;
  return { name: 'Futures positioning: new COT report', value: positioningDigestLine(p) };
}

function oddsChange(before: OddsPoint | null, after: OddsPoint | null): string {
  if (before === null || after === null) return NA;
  return `${formatPct(before.p)} → ${formatPct(after.p)} (${formatSignedPoints(after.p - before.p)})`;
}

/** Simple return between two closes: close_after / close_before − 1; null when not comparable. */
function periodReturn(before: DailyClose | null, after: DailyClose | null): number | null {
  if (before === null || after === null || before.close <= 0 || after.date <= before.date) return null;
  return after.close / before.close - 1;
}

function closeChange(before: DailyClose | null, after: DailyClose | null): string {
  if (after === null) return NA;
  if (before !== null && after.date === before.date) return `$${formatNumber(after.close)} (no new close since ${after.date})`;
  const change = periodReturn(before, after);
  if (before === null || change === null) return `$${formatNumber(after.close)} (${after.date})`;
  return `$${formatNumber(before.close)} → $${formatNumber(after.close)} (${formatSignedPct(change)}, ${before.date} → ${after.date})`;
}

function relativeMove(previous: DigestFigures, now: DigestFigures): string {
  const iwm = periodReturn(previous.iwm, now.iwm);
  const spy = periodReturn(previous.spy, now.spy);
  const sameSpan = previous.iwm?.date === previous.spy?.date && now.iwm?.date === now.spy?.date;
  // Relative move in percentage points: IWM return − SPY return over the same dates.
  return iwm === null || spy === null || !sameSpan ? NA : formatSignedPoints(iwm - spy);
}

function newInDistress(state: AlertState, previous: DigestFigures, now: DigestFigures): string {
  if (previous.distressTickers === null || now.distressTickers === null) return NA;
  const before = new Set(previous.distressTickers);
  const names = new Map(state.members.map((member) => [member.ticker, member.name]));
  const entered = now.distressTickers.filter((ticker) => !before.has(ticker));
  if (entered.length === 0) return 'none';
  const listed = entered.slice(0, MAX_LISTED_MEMBERS).map((ticker) => `${ticker} (${names.get(ticker) ?? ticker})`);
  const more = entered.length - listed.length;
  return `${listed.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}`;
}

function zoneCounts(before: DigestFigures['zoneCounts'], after: DigestFigures['zoneCounts']): string {
  if (after === null) return NA;
  const zones: AltmanZone[] = ['distress', 'grey', 'safe'];
  return zones
    .map((zone) => {
      if (before === null) return `${zone} ${formatCount(after[zone])}`;
      const delta = after[zone] - before[zone];
      return `${zone} ${formatCount(after[zone])} (${delta > 0 ? '+' : ''}${formatCount(delta)})`;
    })
    .join(' · ');
}

function alertCounts(counts: Partial<Record<RuleKind, number>>): string {
  const parts = Object.entries(counts)
    .filter((entry): entry is [RuleKind, number] => (entry[1] ?? 0) > 0)
    .map(([kind, count]) => `${KIND_SPECS[kind].label} ×${formatCount(count)}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

function latestBy<T>(items: readonly T[], key: (item: T) => number | string): T | null {
  let latest: T | null = null;
  for (const item of items) if (latest === null || key(item) > key(latest)) latest = item;
  return latest;
}
