// The positioning chart: leveraged funds' and asset managers' weekly net contracts in the Russell 2000 futures
// (E-mini equivalents) on the left axis, open interest on the right, election day (and a member's since date) marked.
import { formatCount } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { lineSeries, toPoints, type Point } from './series.js';
import {
  AXIS_LABEL,
  AXIS_LINE,
  CAPTION_BAND_PX,
  COLORS,
  HEADER_PX,
  NO_SPLIT_LINE,
  SPLIT_LINE,
  formatLongDate,
  frameOption,
  legendOption,
  timeAxisOption,
} from './theme.js';
import { eventMarkLines } from './trump-trade.js';

export interface PositioningChartInput {
  /** Report weeks oldest first; contracts in E-mini equivalents. */
  weeks: { date: string; leveraged: number; assetManagers: number; openInterest: number }[];
  events: { date: string; label: string }[];
  title: string;
  caption: string;
}

export const LEVERAGED_SERIES = 'Leveraged net';
export const ASSET_MANAGERS_SERIES = 'Asset mgr net';
export const OPEN_INTEREST_SERIES = 'Open interest';
/** Reports further apart than this are not joined by a line (weeks missing from the cache). */
const GAP_DAYS = 21;

/** "-54.6k", "1.2m": contracts on a narrow axis. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1).replace(/\.0$/, '')}m`;
  if (abs >= 1e3) return `${formatCount(Math.round(value / 1e3))}k`;
  return formatCount(value);
}

/** A point of no value between two reports more than GAP_DAYS apart, so the line breaks there. */
function withGaps(points: readonly Point[]): Point[] {
  return points.flatMap((point, i) => {
    const before = points[i - 1];
    return before !== undefined && point[0] - before[0] > GAP_DAYS * 86_400_000
      ? [[(before[0] + point[0]) / 2, Number.NaN] as Point, point]
      : [point];
  });
}

export function positioningChart(input: PositioningChartInput): ChartImage {
  if (input.weeks.length === 0) return renderNoData(input.title, 'No COT report weeks in the cache', input.caption);
  const points = (value: (week: PositioningChartInput['weeks'][number]) => number) =>
    withGaps(toPoints(input.weeks.map((w) => ({ date: w.date, value: value(w) }))));
  const leveraged = points((w) => w.leveraged);
  const assetManagers = points((w) => w.assetManagers);
  const openInterest = points((w) => w.openInterest);
  const fromMs = leveraged[0]![0];
  const toMs = leveraged.at(-1)![0];
  const series = [
    lineSeries({ name: LEVERAGED_SERIES, data: leveraged, color: COLORS.loss, markLine: eventMarkLines(input.events, fromMs, toMs) }),
    lineSeries({ name: ASSET_MANAGERS_SERIES, data: assetManagers, color: COLORS.gain }),
    lineSeries({ name: OPEN_INTEREST_SERIES, data: openInterest, color: COLORS.index, yAxisIndex: 1, dashed: true }),
  ];
  return renderChart({
    ...frameOption(input.title, `${formatLongDate(fromMs)} – ${formatLongDate(toMs)} · E-mini equivalents`, input.caption),
    legend: legendOption(series.map((s) => String(s.name))),
    grid: { left: 78, right: 78, top: HEADER_PX + 22, bottom: CAPTION_BAND_PX + 34 },
    xAxis: { ...timeAxisOption(), min: fromMs, max: toMs },
    yAxis: [
      { type: 'value', scale: true, splitNumber: 5, axisLine: AXIS_LINE, splitLine: SPLIT_LINE, axisLabel: { ...AXIS_LABEL, formatter: compact } },
      {
        type: 'value',
        min: 0,
        splitNumber: 5,
        axisLine: AXIS_LINE,
        splitLine: NO_SPLIT_LINE,
        axisLabel: { ...AXIS_LABEL, formatter: compact, color: COLORS.index },
      },
    ],
    series,
  });
}
