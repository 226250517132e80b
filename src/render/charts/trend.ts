// Trends: by fiscal year, the share of today's members with negative annual EPS and the share that were BIS
// zombies, as two lines with their values labelled (survivors only: members that left earlier are not in it).
import type { LineSeriesOption } from 'echarts/charts';
import { NA, formatPct } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import {
  AXIS_LABEL,
  AXIS_LINE,
  CAPTION_BAND_PX,
  categoryAxisOption,
  COLORS,
  HEADER_PX,
  SPLIT_LINE,
  dataLabelStyle,
  frameOption,
  legendOption,
} from './theme.js';

export interface TrendChartInput {
  fund: string;
  years: { fy: number; covered: number; negativeEpsShare: number | null; zombieShare: number | null }[];
  /** One line on the kept snapshots, e.g. "Negative EPS 41.2% (2024-07-11, 1 kept snapshot)". */
  snapshotsLine: string;
  caption: string;
}

export const TREND_TITLE = "by fiscal year, today's members (survivors only)";
export const NEGATIVE_EPS_SERIES = 'Negative EPS';
export const ZOMBIE_SERIES = 'BIS zombie';

export function trendChart(input: TrendChartInput): ChartImage {
  const title = `${input.fund} ${TREND_TITLE}`;
  if (input.years.length === 0) return renderNoData(title, 'No fiscal-year history in the cache', input.caption);
  return renderChart({
    ...frameOption(title, input.snapshotsLine, input.caption),
    legend: legendOption([NEGATIVE_EPS_SERIES, ZOMBIE_SERIES]),
    grid: { left: 78, right: 40, top: HEADER_PX + 38, bottom: CAPTION_BAND_PX + 56 },
    xAxis: categoryAxisOption(
      input.years.map((y) => `FY${y.fy}\n${y.covered.toLocaleString('en-US')}`),
      { hideOverlap: false, lineHeight: 22 },
    ),
    yAxis: {
      type: 'value',
      min: 0,
      axisLine: AXIS_LINE,
      splitLine: SPLIT_LINE,
      axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPct(v, 0) },
    },
    series: [
      line(
        NEGATIVE_EPS_SERIES,
        input.years.map((y) => y.negativeEpsShare),
        COLORS.loss,
      ),
      line(
        ZOMBIE_SERIES,
        input.years.map((y) => y.zombieShare),
        COLORS.member,
      ),
    ],
  });
}

function line(name: string, values: (number | null)[], color: string): LineSeriesOption {
  return {
    type: 'line',
    name,
    data: values,
    color,
    symbolSize: 9,
    lineStyle: { width: 3 },
    connectNulls: false,
    label: {
      show: true,
      position: 'top',
      ...dataLabelStyle(color),
      formatter: (p: { value: unknown }) => (p.value === null ? NA : formatPct(Number(p.value), 0)),
    },
  };
}
