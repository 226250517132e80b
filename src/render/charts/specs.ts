// Chart images for the /zombie views, the ticker card and the digest: turns figures and plain series into a chart
// task (./task.ts) with its file name and alt text, which a worker pool or this process draws.
import { safeFileName } from '../../core/file-name.js';
import type { APIEmbed } from 'discord.js';
import { BusyError } from '../../core/busy.js';
import type { Reply, ReplyFile } from '../../core/reply.js';
import type { PricePoint } from '../../metrics/inputs.js';
import type { TickerChartSeries, TrumpChartSeries } from '../../universe/chart-series.js';
import type { IndexFigures } from '../../universe/figures.js';
import type { History } from '../../universe/history.js';
import type { Universe } from '../../universe/load.js';
import type { ChartTask, DrawChart } from './task.js';
import { averageEventPath } from '../../metrics/event-study.js';
import { netOf, type WeeklyPosition } from '../../metrics/positioning.js';
import { alignPairs, logReturns, relativeLogReturns, rollingCorrelation, utcDate } from '../../metrics/trump-trade.js';
import { NA, formatPct } from '../format.js';
import { TOP_MOVED_UP } from '../history.js';
import { ELECTION_DAY, POSITIONING_SOURCE } from '../futures.js';

/** Dates marked on the Trump-trade chart. */
const EVENTS = [
  { date: '2024-07-15', label: 'Butler (Jul 13)' },
  { date: '2024-07-22', label: 'Biden exits' },
  { date: '2024-11-05', label: 'Election day' },
];

export function chartCaption(f: IndexFigures, source: string): string {
  return `${source} · holdings as of ${f.asOf.holdings ?? 'n/a'}${f.demoData ? ' · demo data: member figures are generated' : ''}`;
}

/** A chart attachment to draw: its file name, alt text and task. */
export interface ChartSpec {
  name: string;
  description: string;
  task: ChartTask;
}

/** The line a reply carries instead of its charts when they cannot be drawn now (the chart queue is full, or the
 * bot is stopping); such a reply is not kept, so the next request draws them. */
export const CHARTS_SKIPPED = 'Charts skipped while the bot is busy: ask again in a moment to see them.';

/** The spec's attachment, drawn by `draw`. */
export async function chartFile(spec: ChartSpec, draw: DrawChart): Promise<ReplyFile> {
  return { name: spec.name, data: await draw(spec.task), description: spec.description };
}

/** Thrown out of a reply's build when its charts cannot be drawn now: carries the reply without them, which the
 * caller gives the member but does not keep (the next request draws them; see withoutCharts). */
export class ChartsSkipped extends Error {
  constructor(readonly reply: Reply) {
    super('charts skipped');
  }
}

/**
 * The embed with its charts: the first in the embed's image, the others as image embeds of their own. When the charts
 * cannot be drawn now (BusyError: the queue is full, or the bot is stopping), throws ChartsSkipped with the embed and
 * `skipped` as its last line, so nothing computed is computed again.
 */
export async function withCharts(embed: APIEmbed, specs: readonly ChartSpec[], draw: DrawChart, skipped = CHARTS_SKIPPED): Promise<Reply> {
  if (specs.length === 0) return { embeds: [embed] };
  let files: ReplyFile[];
  try {
    files = await Promise.all(specs.map((spec) => chartFile(spec, draw)));
  } catch (error) {
    if (!(error instanceof BusyError)) throw error;
    throw new ChartsSkipped({ embeds: [{ ...embed, description: `${embed.description ?? ''}\n-# ${skipped}`.trim() }] });
  }
  const images = files.slice(1).map((file) => ({ color: embed.color, title: file.description, image: { url: `attachment://${file.name}` } }));
  return { embeds: [{ ...embed, image: { url: `attachment://${files[0]!.name}` } }, ...images], files };
}

/** For a kept reply's `.catch`: the reply without charts that ChartsSkipped carries; any other error goes on. */
export function withoutCharts(error: unknown): Reply {
  if (error instanceof ChartsSkipped) return error.reply;
  throw error;
}

export function trumpChartSpec({ series, outcome, odds, iwm: iwmCloses, spy: spyCloses }: TrumpChartSeries, f: IndexFigures): ChartSpec {
  const first = odds[0] ? utcDate(odds[0].t) : null;
  const last = odds.at(-1) ? utcDate(odds.at(-1)!.t) : null;
  const within = (date: string) => first !== null && last !== null && date >= first && date <= last;
  const iwm = iwmCloses.filter((p) => within(p.date));
  const spy = new Map(spyCloses.map((p) => [p.date, p.close]));
  const daily = new Map<string, number>();
  for (const point of odds) daily.set(utcDate(point.t), point.p * 100);
  const window = f.trumpTrade?.windows.all;
  const input = {
    iwm: iwm.map((p) => ({ date: p.date, close: p.close })),
    relative: iwm.flatMap((p) => (spy.get(p.date) ? [{ date: p.date, value: p.close / spy.get(p.date)! }] : [])),
    odds: [...daily.entries()].map(([date, pct]) => ({ date, pct })),
    events: EVENTS,
    title: `IWM vs ${outcome} odds`,
    correlation: { window: 'all', value: window?.correlation ?? null, n: window?.n ?? 0 },
    caption: `Prices: daily closes to ${f.asOf.prices ?? 'n/a'} · odds: ${series ?? 'none stored'}, last point of each UTC day`,
  };
  return { name: 'trump-trade.png', description: 'IWM against the election odds', task: { chart: 'trump', input } };
}

/** Pairs per window of the rolling-correlation chart. */
const ROLLING_WINDOW = 30;

/** The Trump-trade charts: the prices against the odds, the rolling 30-day correlation and the event study. */
export function trumpChartSpecs(plotted: TrumpChartSeries, f: IndexFigures): ChartSpec[] {
  const t = f.trumpTrade;
  const main = trumpChartSpec(plotted, f);
  if (!t) return [main];
  const benchmark = t.relative?.benchmark ?? 'SPY';
  const caption = `Daily closes to ${f.asOf.prices ?? 'n/a'} · odds ${t.series} at 21:00 UTC each trading day`;
  const relativePairs =
    t.relative && benchmark === 'SPY' ? alignPairs(relativeLogReturns(plotted.iwm, plotted.spy, t.relative.basis), plotted.odds) : [];
  const rolling = {
    window: ROLLING_WINDOW,
    iwm: rollingCorrelation(alignPairs(logReturns(plotted.iwm, t.basis), plotted.odds), ROLLING_WINDOW),
    relative: rollingCorrelation(relativePairs, ROLLING_WINDOW),
    benchmark,
    caption,
  };
  const events = { iwm: averageEventPath(t.events, 'iwm'), rel: averageEventPath(t.events, 'rel'), benchmark, events: t.events.length, caption };
  return [
    main,
    {
      name: 'trump-rolling-correlation.png',
      description: `Rolling ${ROLLING_WINDOW}-day correlation of IWM with the odds`,
      task: { chart: 'rolling', input: rolling },
    },
    { name: 'trump-event-study.png', description: 'IWM around the largest daily odds moves', task: { chart: 'events', input: events } },
  ];
}

export function returnsChartSpec(universe: Universe, f: IndexFigures): ChartSpec {
  const returns = universe.members.flatMap((m) => (m.return1y === null ? [] : [m.return1y]));
  const input = { returns, caption: chartCaption(f, `1-year ${f.returnBasis}`) };
  return { name: 'returns.png', description: 'Histogram of 1-year returns', task: { chart: 'returns', input } };
}

export function sectorsChartSpec(f: IndexFigures): ChartSpec {
  const sectors = f.sectors.map((s) => ({
    sector: s.sector,
    members: s.members,
    totalMarketCapUsd: s.avgMarketCap === null ? null : s.avgMarketCap * s.marketCapCovered,
  }));
  const input = { sectors, caption: chartCaption(f, 'iShares holdings; market cap = price × SEC shares outstanding') };
  return { name: 'sectors.png', description: 'Members and market cap by sector', task: { chart: 'sectors', input } };
}

export function seasonalityChartSpec(f: IndexFigures, now: Date): ChartSpec {
  const s = f.seasonality;
  const caption = `Daily closes to ${f.asOf.prices ?? 'n/a'} (${f.returnBasis}); SPY for the relative bars · highlighted: this month and the Nov–Dec Santa window`;
  const input = { months: s?.months ?? [], from: s?.from ?? null, to: s?.to ?? null, currentMonth: now.getUTCMonth() + 1, caption };
  return { name: 'seasonality.png', description: `${f.fund} mean return by calendar month`, task: { chart: 'seasonality', input } };
}

/** The top moved-up names' gains with the eviction counts; the no-data card when there are no two lists. */
export function evictionsChartSpec(f: IndexFigures): ChartSpec {
  const e = f.evictions;
  const caption = `Lists: kept ${f.fund} holdings / imported lists; moved up = in later IWB or IWV holdings (iShares) · price returns${f.demoData ? " · joiners' market caps: demo data" : ''}`;
  const input = {
    fund: f.fund,
    from: e?.from ?? NA,
    to: e?.to ?? NA,
    left: e?.left ?? 0,
    movedUp: e?.movedUp.count ?? null,
    medianReturn: e?.movedUp.medianReturn ?? null,
    dropped: e?.dropped.count ?? null,
    joined: e?.joined.count ?? 0,
    bars: (e?.movedUp.members ?? []).slice(0, TOP_MOVED_UP),
    caption,
  };
  return { name: 'evictions.png', description: 'Gains of the members that moved up out of the index', task: { chart: 'evictions', input } };
}

/** Negative-EPS and BIS-zombie shares by fiscal year for today's members, with the newest snapshot's shares above. */
export function trendChartSpec(f: IndexFigures, history: History): ChartSpec {
  const last = history.snapshots.at(-1);
  const snapshotsLine = last
    ? `Snapshot ${last.asOf}: negative EPS ${formatPct(last.negativeEpsShare)} · zombies ${formatPct(last.zombieShare)}`
    : 'No kept holdings snapshots';
  const caption = `SEC companyfacts annual diluted EPS, operating income / interest expense; FY labels show members reporting EPS${f.demoData ? ' · demo data: member fundamentals are generated' : ''}`;
  const input = { fund: f.fund, years: history.fiscalYears, snapshotsLine, caption };
  return { name: 'trend.png', description: `${f.fund} negative-EPS and zombie shares by fiscal year`, task: { chart: 'trend', input } };
}

/** One year of a member's closes against the fund's, both rebased to 100. */
export function tickerChartSpec({ symbol, fund, end, member, index, demo }: TickerChartSeries): ChartSpec {
  const caption = `Daily closes to ${end}${demo ? ' · demo data: member prices are generated' : ''}`;
  const closes = (points: readonly PricePoint[]) => points.map((p) => ({ date: p.date, close: p.close }));
  const input = { symbol, member: closes(member), index: closes(index), indexSymbol: fund, caption };
  return {
    name: safeFileName(`${symbol.toLowerCase()}-vs-${fund.toLowerCase()}.png`),
    description: `${symbol} against ${fund}, rebased to 100`,
    task: { chart: 'ticker', input },
  };
}

/** The weekly nets of leveraged funds and asset managers with open interest (E-mini equivalents), election day and
 * the member's since date marked. */
export function positioningChartSpec(weeks: readonly WeeklyPosition[], since?: string): ChartSpec {
  const events = [{ date: ELECTION_DAY, label: 'Election day' }, ...(since && since !== ELECTION_DAY ? [{ date: since, label: 'Since' }] : [])];
  const input = {
    weeks: weeks.map((w) => ({
      date: w.reportDate,
      leveraged: netOf(w, 'leveraged'),
      assetManagers: netOf(w, 'assetManagers'),
      openInterest: w.openInterest,
    })),
    events,
    title: 'Russell 2000 futures: who is net long or short',
    caption: `${POSITIONING_SOURCE} · RTY + M2K ÷ 10 (+ ICE mini × 2 to 2018)`,
  };
  return {
    name: 'positioning.png',
    description: "Leveraged funds' and asset managers' weekly net Russell 2000 futures",
    task: { chart: 'positioning', input },
  };
}
