// Rolling correlation: the correlation of IWM's daily log return (and IWM/SPY's) with the daily odds change over
// each trailing run of N pairs, through time, on a fixed −1..+1 axis with the ±0.5 levels the alerts watch.
import type { MarkLineComponentOption } from 'echarts/components';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { lineSeries, toPoints } from './series.js';
import {
  CAPTION_BAND_PX,
  COLORS,
  HEADER_PX,
  formatCorrelation,
  formatLongDate,
  frameOption,
  legendOption,
  timeAxisOption,
  valueAxisOption,
} from './theme.js';

export interface RollingCorrelationChartInput {
  /** Pairs per window (30). */
  window: number;
  iwm: { date: string; correlation: number | null }[];
  /** The same for IWM relative to the benchmark; empty when there is none. */
  relative: { date: string; correlation: number | null }[];
  benchmark: string;
  caption: string;
}

export const ROLLING_IWM_SERIES = 'IWM';

/** ±0.5: where a correlation reads as strong (the alert threshold). */
const STRONG = 0.5;

export function rollingCorrelationChart(input: RollingCorrelationChartInput): ChartImage {
  const title = `IWM vs odds changes: rolling ${input.window}-day correlation`;
  const points = (rows: RollingCorrelationChartInput['iwm']) =>
    toPoints(rows.flatMap((r) => (r.correlation === null ? [] : [{ date: r.date, value: r.correlation }])));
  const iwm = points(input.iwm);
  if (iwm.length === 0) return renderNoData(title, `Fewer than ${input.window} days of odds and prices`, input.caption);
  const relative = points(input.relative);
  const relativeName = `IWM/${input.benchmark}`;
  const series = [
    lineSeries({ name: ROLLING_IWM_SERIES, data: iwm, color: COLORS.index, markLine: levels() }),
    ...(relative.length > 0 ? [lineSeries({ name: relativeName, data: relative, color: COLORS.relative, dashed: true })] : []),
  ];
  const latest = iwm.at(-1)!;
  const subtitle = `${formatLongDate(iwm[0]![0])} – ${formatLongDate(latest[0])} · latest ${formatCorrelation(latest[1])}`;
  return renderChart({
    ...frameOption(title, subtitle, input.caption),
    legend: legendOption(series.map((s) => String(s.name))),
    grid: { left: 78, right: 40, top: HEADER_PX + 22, bottom: CAPTION_BAND_PX + 34 },
    xAxis: timeAxisOption(),
    yAxis: { ...valueAxisOption(formatCorrelation), min: -1, max: 1, interval: 0.5 },
    series,
  });
}

/** Dashed lines at −0.5 and +0.5. */
function levels(): MarkLineComponentOption {
  return {
    silent: true,
    symbol: 'none',
    label: { show: false },
    lineStyle: { color: COLORS.event, type: 'dashed', width: 2 },
    data: [{ yAxis: -STRONG }, { yAxis: STRONG }],
  };
}
