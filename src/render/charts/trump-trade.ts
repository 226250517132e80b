// The "Trump trade" chart: IWM's close (and IWM/SPY) on the left axis against the 2024 election odds on the
// right axis, with event dates such as election day marked and the window's correlation in the title.
import type { LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import { formatCount } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { closesToPoints, lineSeries, toPoints, type DatedClose, type DatedValue, type Point } from './series.js';
import {
  AXIS_LINE,
  CAPTION_BAND_PX,
  COLORS,
  HEADER_PX,
  NO_SPLIT_LINE,
  SPLIT_LINE,
  AXIS_LABEL,
  dataLabelStyle,
  dateToUtcMs,
  formatCorrelation,
  formatLongDate,
  formatShortDate,
  frameOption,
  legendOption,
  timeAxisOption,
} from './theme.js';

export interface TrumpTradeChartInput {
  /** IWM daily closes in US dollars. */
  iwm: DatedClose[];
  /** IWM/SPY close ratio; drawn scaled to IWM's close on the first date both have, so it shares the price axis. */
  relative?: DatedValue[];
  /** Trump's win odds in percentage points, 0..100. */
  odds: { date: string; pct: number }[];
  events: { date: string; label: string }[];
  title: string;
  /** The correlation of the chosen window: window is a day count ('60') or a name ('all'). */
  correlation: { window: string; value: number | null; n: number };
  caption: string;
}

export const IWM_SERIES = 'IWM';
export const RELATIVE_SERIES = 'IWM/SPY (scaled)';
export const ODDS_SERIES = 'Trump win odds';

export function trumpTradeChart(input: TrumpTradeChartInput): ChartImage {
  const title = `${input.title} · ${correlationTitle(input.correlation)}`;
  const iwm = closesToPoints(input.iwm);
  const odds = toPoints(input.odds.map((o) => ({ date: o.date, value: o.pct })));
  const missing = [iwm.length === 0 ? 'IWM price' : null, odds.length === 0 ? 'odds' : null].filter((m) => m !== null);
  if (missing.length > 0) return renderNoData(title, `No ${missing.join(' or ')} data for this window`, input.caption);

  const relative = scaledRelative(toPoints(input.relative ?? []), iwm);
  const fromMs = Math.min(iwm[0]![0], odds[0]![0]);
  const toMs = Math.max(iwm.at(-1)![0], odds.at(-1)![0]);
  const series: LineSeriesOption[] = [
    lineSeries({ name: IWM_SERIES, data: iwm, color: COLORS.index, markLine: eventMarkLines(input.events, fromMs, toMs) }),
    ...(relative.length > 0 ? [lineSeries({ name: RELATIVE_SERIES, data: relative, color: COLORS.relative, dashed: true })] : []),
    lineSeries({ name: ODDS_SERIES, data: odds, color: COLORS.odds, yAxisIndex: 1 }),
  ];
  const subtitle = `${formatLongDate(fromMs)} – ${formatLongDate(toMs)} · daily`;
  return renderChart({
    ...frameOption(title, subtitle, input.caption),
    legend: legendOption(series.map((s) => String(s.name))),
    grid: { left: 78, right: 74, top: HEADER_PX + 22, bottom: CAPTION_BAND_PX + 34 },
    xAxis: { ...timeAxisOption(), min: fromMs, max: toMs },
    yAxis: [
      {
        type: 'value',
        scale: true,
        splitNumber: 5,
        axisLine: AXIS_LINE,
        splitLine: SPLIT_LINE,
        axisLabel: { ...AXIS_LABEL, formatter: (v: number) => `$${formatCount(v)}`, color: COLORS.index },
      },
      {
        type: 'value',
        min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10),
        max: (extent: { max: number }) => Math.min(100, Math.ceil(extent.max / 10) * 10),
        splitNumber: 5,
        axisLine: AXIS_LINE,
        splitLine: NO_SPLIT_LINE,
        axisLabel: { ...AXIS_LABEL, formatter: (v: number) => `${formatCount(v)}%`, color: COLORS.odds },
      },
    ],
    series,
  });
}

/** "60-day correlation +0.42 (n = 59)"; the 'all' window reads "full-period correlation …". */
function correlationTitle(correlation: TrumpTradeChartInput['correlation']): string {
  const { window } = correlation;
  const span = /^\d+$/.test(window) ? `${window}-day` : window === 'all' ? 'full-period' : window;
  return `${span} correlation ${formatCorrelation(correlation.value)} (n = ${formatCount(correlation.n)})`;
}

/** The ratio × (IWM close / ratio) at the first date both have; empty when they share no date. */
function scaledRelative(relative: readonly Point[], iwm: readonly Point[]): Point[] {
  const iwmByMs = new Map(iwm);
  const anchor = relative.find(([ms, ratio]) => iwmByMs.has(ms) && ratio !== 0);
  if (anchor === undefined) return [];
  const factor = iwmByMs.get(anchor[0])! / anchor[1];
  return relative.map(([ms, ratio]): Point => [ms, ratio * factor]);
}

/** Vertical dashed lines at the events inside the plotted range, labelled along the line: "Election day · Nov 5". */
export function eventMarkLines(events: TrumpTradeChartInput['events'], fromMs: number, toMs: number): MarkLineComponentOption | undefined {
  const inRange = events.map((e) => ({ ms: dateToUtcMs(e.date), label: e.label })).filter((e) => e.ms >= fromMs && e.ms <= toMs);
  if (inRange.length === 0) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: COLORS.event, type: 'dashed', width: 2 },
    label: {
      ...dataLabelStyle(COLORS.event),
      position: 'insideEndTop',
      backgroundColor: COLORS.background,
      padding: [2, 6],
      borderRadius: 3,
    },
    data: inRange.map((e) => ({ xAxis: e.ms, name: e.label, label: { formatter: `${e.label} · ${formatShortDate(e.ms)}` } })),
  };
}
