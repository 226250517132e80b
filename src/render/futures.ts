// The futures side in words: the capital engaged (on /ticker IWM) and /zombie positioning, from IndexFigures and
// the weekly positions only.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { russellFuture } from '../core/futures.js';
import { MAX_LEVEL_AGE_DAYS, daysApart, totalNotional, type CapitalWeek, type FuturesPart } from '../metrics/capital-engaged.js';
import { CHANGE_WEEKS, type GroupPositioning, type Positioning } from '../metrics/positioning.js';
import type { IndexFigures } from '../universe/figures.js';
import { NA, formatCount, formatNumber, formatPct, formatSignedPct, formatUsd } from './format.js';

export const POSITIONING_COLOUR = 0xe67e22;
/** Election day, marked on the positioning chart and offered as the default "since" in the help text. */
export const ELECTION_DAY = '2024-11-05';
export const POSITIONING_SOURCE =
  'CFTC Commitments of Traders, Traders in Financial Futures (futures only): the Tuesday positions, released on the Friday';

const signed = (value: number | null) => (value === null ? NA : `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatCount(Math.abs(value))}`);

/** 0.87 → "87th", 0.01 → "1st", 0.12 → "12th"; n/a when unknown. */
export function formatPercentileRank(fraction: number | null): string {
  if (fraction === null) return NA;
  const n = Math.round(fraction * 100);
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function futuresLine(part: FuturesPart): string {
  const valued =
    part.indexLevel === null
      ? `no index level within ${MAX_LEVEL_AGE_DAYS} days (ingest ^RUT prices)`
      : `${formatNumber(part.indexLevel)} (${part.indexLevelSource})`;
  return `${part.contract} ${formatCount(part.openInterest)} contracts × $${part.multiplier} × ${valued} = ${formatUsd(part.notional)} (COT ${part.reportDate})`;
}

/** Why the total is n/a: the parts' dates too far apart, a part unknown (no net assets, no COT week, no index level); null with a total. */
function noTotalWhy(c: IndexFigures['capitalEngaged']): string | null {
  if (c.total !== null) return null;
  const report = c.futures[0]?.reportDate;
  const reasons: string[] = [];
  if (c.etf.netAssets === null || c.etf.asOf === null) reasons.push(`no net assets in the ${c.etf.fund} holdings`);
  if (report === undefined) reasons.push('no COT report in the cache');
  else if (totalNotional(c.futures) === null) reasons.push(`no index level within ${MAX_LEVEL_AGE_DAYS} days before the COT report of ${report}`);
  if (c.etf.asOf !== null && report !== undefined) {
    const days = daysApart(c.etf.asOf, report);
    if (days > MAX_LEVEL_AGE_DAYS) {
      reasons.unshift(
        `the ${c.etf.fund} holdings (${c.etf.asOf}) and the COT report (${report}) are ${formatCount(days)} days apart; parts at most ${MAX_LEVEL_AGE_DAYS} days apart are added up`,
      );
    }
  }
  return reasons.join('; ') || 'a part is unknown';
}

/** The newest report week whose two parts are both known: "Newest week with both parts: …". */
function newestCompleteWeekLine(fund: string, series: readonly CapitalWeek[]): string {
  const week = series.findLast((w) => w.total !== null);
  if (!week) return `No report week has both parts (a holdings file within ${MAX_LEVEL_AGE_DAYS} days before a COT report)`;
  return `Newest week with both parts: ${formatUsd(week.total)} = ${fund} ${formatUsd(week.etfNetAssets)} (holdings ${week.etfAsOf}) + futures ${formatUsd(week.futuresNotional)} (COT ${week.reportDate})`;
}

/** "Total $128bn (parts dated up to …)", or n/a with why and the newest week with both parts. */
function totalLines(c: IndexFigures['capitalEngaged']): string[] {
  const why = noTotalWhy(c);
  if (why) return [`**Total ${NA}**: ${why}`, newestCompleteWeekLine(c.etf.fund, c.series)];
  return [`**Total ${formatUsd(c.total)}**${c.asOf ? ` (parts dated up to ${c.asOf})` : ''}`];
}

/** The capital engaged lines: the total, each part with its date, and the fund's latest flow. */
export function capitalEngagedLines(f: Pick<IndexFigures, 'capitalEngaged'>): string[] {
  const c = f.capitalEngaged;
  const missing = c.notReported.map((code) => `${russellFuture(code)?.contract ?? code} not reported that week`);
  const flow = c.flows.at(-1);
  return [
    ...totalLines(c),
    `${c.etf.fund} net assets ${formatUsd(c.etf.netAssets)} (holdings ${c.etf.asOf ?? NA})`,
    ...(c.futures.length > 0 ? c.futures.map(futuresLine) : ['Futures: no COT report in the cache (zombie ingest cot)']),
    ...missing,
    flow
      ? `${c.etf.fund} flows ${flow.from} → ${flow.to}: ${signed(flow.sharesChange)} shares, ${flow.flow >= 0 ? '+' : ''}${formatUsd(flow.flow)} at NAV`
      : `${c.etf.fund} flows: n/a (needs two kept holdings files with shares outstanding)`,
  ];
}

/** "Total $128bn: IWM net assets $63.9bn (2024-07-11) + futures $63.8bn (COT 2026-08-04); see /ticker IWM". */
export function capitalSummaryLine(f: Pick<IndexFigures, 'capitalEngaged'>): string {
  const c = f.capitalEngaged;
  const futures = totalNotional(c.futures);
  const report = c.futures[0]?.reportDate ?? NA;
  const why = noTotalWhy(c);
  if (why) return `Total ${NA} (${why}). ${newestCompleteWeekLine(c.etf.fund, c.series)}; details on /ticker ${c.etf.fund}`;
  return `Total ${formatUsd(c.total)}: ${c.etf.fund} net assets ${formatUsd(c.etf.netAssets)} (${c.etf.asOf ?? NA}) + futures ${formatUsd(futures)} (COT ${report}); details on /ticker ${c.etf.fund}`;
}

function groupLines(g: GroupPositioning, since: Positioning['since']): string[] {
  const changes = CHANGE_WEEKS.map((n) => `${n}w ${signed(g.change[n])}`);
  if (since) changes.push(`since ${since.date} (report ${since.reportDate}) ${signed(g.changeSince)}`);
  return [
    `Net **${signed(g.net)}** (${formatSignedPct(g.netShare)} of open interest) · long ${formatCount(g.long)} · short ${formatCount(g.short)}`,
    `Percentile: ${formatPercentileRank(g.pctile1y)} over 1 year (${g.weeks1y} weeks), ${formatPercentileRank(g.pctile3y)} over 3 years (${g.weeks3y} weeks)`,
    `Change: ${changes.join(' · ')}`,
  ];
}

/** /zombie positioning: leveraged funds and asset managers in the Russell 2000 futures. */
export function positioningEmbed(f: Pick<IndexFigures, 'capitalEngaged' | 'positioning' | 'demoData'>): APIEmbed {
  const p = f.positioning;
  const title = 'Russell 2000 futures positioning';
  if (!p) {
    // Legacy weeks value the open interest (capital engaged) but have no leveraged-fund or asset-manager split.
    const legacyOnly = f.capitalEngaged.futures.length > 0;
    const description = legacyOnly
      ? 'No Traders in Financial Futures report weeks in the cache: positioning needs them (the legacy report kept gives open interest only). An admin can run `zombie ingest cot`.'
      : 'No COT report weeks in the cache yet. An admin can run `zombie ingest cot`.';
    return { title, color: POSITIONING_COLOUR, description };
  }
  const microMissing = !p.code.includes('239747') ? ' The micro (M2K) was not reported that week.' : '';
  const field = (name: string, lines: string[]): APIEmbedField => ({ name, value: lines.join('\n') });
  return {
    title: `${title} — report of ${p.reportDate}`,
    color: POSITIONING_COLOUR,
    description: [
      `Open interest ${formatCount(p.openInterest)} E-mini equivalents (RTY + M2K ÷ 10; codes ${p.code}).${microMissing}`,
      'Net = long − short; percentile = rank of the net among the other weekly reports of the past 1 or 3 years (0 = lowest, 100 = highest).',
    ].join('\n'),
    fields: [
      field('Leveraged funds (hedge funds, CTAs)', groupLines(p.leveraged, p.since)),
      field('Asset managers (pension and mutual funds)', groupLines(p.assetManagers, p.since)),
      field('Capital engaged', [capitalSummaryLine(f)]),
    ],
    footer: {
      text: `${POSITIONING_SOURCE} · RTY $50, M2K $5 per index point${f.demoData ? ' · DEMO DATA elsewhere: member figures are generated' : ''}`,
    },
  };
}

/** One line for the digest: the newest report's leveraged and asset-manager nets. */
export function positioningDigestLine(p: Positioning): string {
  return `Report of ${p.reportDate}: leveraged funds net ${signed(p.leveraged.net)} (${formatSignedPct(p.leveraged.netShare)} of OI, ${signed(p.leveraged.change['1'])} on the week), asset managers ${signed(p.assetManagers.net)} (${formatSignedPct(p.assetManagers.netShare)} of OI). See /zombie positioning.`;
}
