// Histogram of members' 1-year total returns in 10-point bins, with the −50% and +100% lines marked, the tails
// beyond them tinted, and how many members lie beyond each line written on the chart.
import type { CustomSeriesRenderItem } from 'echarts';
import type { CustomSeriesOption } from 'echarts/charts';
import type { MarkAreaComponentOption, MarkLineComponentOption } from 'echarts/components';
import { median } from '../../metrics/stats.js';
import { formatCount, formatPct, formatSignedPct } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { AXIS_LINE, CAPTION_BAND_PX, COLORS, HEADER_PX, SPLIT_LINE, AXIS_LABEL, dataLabelStyle, formatSignedWholePct, frameOption } from './theme.js';

export interface ReturnsHistogramChartInput {
  /** 1-year total returns as fractions (0.12 = +12%). */
  returns: number[];
  caption: string;
}

export const HISTOGRAM_TITLE = '1-year total returns of IWM members';
export const HISTOGRAM_SERIES = 'Members';
/** Returns below this fraction are the "down more than half" tail. */
export const LOSS_LINE = -0.5;
/** Returns above this fraction are the "more than doubled" tail. */
export const GAIN_LINE = 1;

/** Bin width in percentage points, and the x-axis range limits (fractions) for the upper edge. */
const BIN_POINTS = 10;
const MIN_UPPER_EDGE = 1.5;
const MAX_UPPER_EDGE = 4;

interface Bin {
  /** Lower and upper edges as fractions; a return r is in the bin when lower ≤ r < upper. */
  lower: number;
  upper: number;
  count: number;
}

export function returnsHistogramChart(input: ReturnsHistogramChartInput): ChartImage {
  const returns = input.returns.filter(Number.isFinite);
  if (returns.length === 0) return renderNoData(HISTOGRAM_TITLE, 'No 1-year return data', input.caption);

  const lowerEdge = Math.min(-1, binFloor(returns.reduce((low, r) => Math.min(low, r), Infinity)));
  const upperEdge = upperAxisEdge(returns);
  const bins = histogram(returns, lowerEdge, upperEdge);
  const below = returns.filter((r) => r < LOSS_LINE).length;
  const above = returns.filter((r) => r > GAIN_LINE).length;
  const offScale = returns.filter((r) => r >= upperEdge).length;
  const maxCount = bins.reduce((high, b) => Math.max(high, b.count), 0);
  return renderChart({
    ...frameOption(HISTOGRAM_TITLE, subtitle(returns, upperEdge, offScale), input.caption),
    grid: { left: 78, right: 40, top: HEADER_PX + 38, bottom: CAPTION_BAND_PX + 34 },
    xAxis: {
      type: 'value',
      min: lowerEdge,
      max: upperEdge,
      interval: 0.5,
      axisLine: AXIS_LINE,
      splitLine: { show: false },
      axisLabel: { ...AXIS_LABEL, formatter: formatSignedWholePct },
    },
    yAxis: {
      type: 'value',
      ...countAxisScale(maxCount),
      axisLine: AXIS_LINE,
      splitLine: SPLIT_LINE,
      axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatCount(v) },
    },
    series: [histogramSeries(bins, tailLines(returns.length, below, above))],
  });
}

/** "1,962 members · median +3.1% · 10-point bins", noting any returns past the right edge. */
function subtitle(returns: readonly number[], upperEdge: number, offScale: number): string {
  const parts = [`${formatCount(returns.length)} members`, `median ${formatSignedPct(median(returns))}`, `${BIN_POINTS}-point bins`];
  if (offScale > 0) parts.push(`${formatCount(offScale)} at ${formatSignedWholePct(upperEdge)} or more not drawn`);
  return parts.join(' · ');
}

/** A count axis of four or five round steps (1, 2 or 5 × 10^k) reaching above the tallest bar. */
function countAxisScale(maxCount: number): { max: number; interval: number } {
  const rough = Math.max(1, maxCount / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const interval = [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= rough)!;
  return { max: Math.max(interval, Math.ceil(maxCount / interval) * interval), interval };
}

/** Index of the bin holding a return, in whole bins from 0% (rounded first so 0.3 lands in [30%, 40%)). */
function binIndex(fraction: number): number {
  return Math.floor(Math.round(fraction * 1e6) / (BIN_POINTS * 1e4));
}

function binFloor(fraction: number): number {
  return (binIndex(fraction) * BIN_POINTS) / 100;
}

/** Right edge of the axis: the 99th percentile rounded up to a 50-point tick, kept between +150% and +400%. */
function upperAxisEdge(returns: readonly number[]): number {
  const sorted = [...returns].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
  const rounded = Math.ceil(p99 / 0.5) * 0.5 + 0.5;
  return Math.min(MAX_UPPER_EDGE, Math.max(MIN_UPPER_EDGE, rounded));
}

/** Counts per bin from lowerEdge up to (not including) upperEdge; returns at or past upperEdge are left out. */
function histogram(returns: readonly number[], lowerEdge: number, upperEdge: number): Bin[] {
  const first = binIndex(lowerEdge);
  const binCount = binIndex(upperEdge) - first;
  const counts = new Array<number>(binCount).fill(0);
  for (const r of returns) {
    const k = binIndex(r) - first;
    if (k >= 0 && k < binCount) counts[k]! += 1;
  }
  return counts.map((count, k) => ({
    lower: ((first + k) * BIN_POINTS) / 100,
    upper: ((first + k + 1) * BIN_POINTS) / 100,
    count,
  }));
}

/** A bin's colour: red wholly below −50%, green wholly above +100%, blue otherwise. */
function binColor(bin: Bin): string {
  if (bin.upper <= LOSS_LINE) return COLORS.loss;
  if (bin.lower >= GAIN_LINE) return COLORS.gain;
  return COLORS.index;
}

const renderBin: CustomSeriesRenderItem = (_params, api) => {
  const [x0, y0] = api.coord([api.value(0), 0]) as [number, number];
  const [x1, y1] = api.coord([api.value(1), api.value(2)]) as [number, number];
  return {
    type: 'rect',
    shape: { x: x0 + 1, y: y1, width: Math.max(1, x1 - x0 - 2), height: y0 - y1 },
    style: { fill: String(api.value(3)) },
  };
};

function histogramSeries(bins: readonly Bin[], markLine: MarkLineComponentOption): CustomSeriesOption {
  return {
    type: 'custom',
    name: HISTOGRAM_SERIES,
    renderItem: renderBin,
    encode: { x: [0, 1], y: 2 },
    data: bins.map((b) => [b.lower, b.upper, b.count, binColor(b)]),
    markArea: TAIL_AREAS,
    markLine,
  };
}

/** The tails beyond the lines, tinted red and green. */
const TAIL_AREAS: MarkAreaComponentOption = {
  silent: true,
  data: [
    [{ xAxis: -Infinity, itemStyle: { color: 'rgba(255,107,107,0.10)' } }, { xAxis: LOSS_LINE }],
    [{ xAxis: GAIN_LINE, itemStyle: { color: 'rgba(87,217,163,0.10)' } }, { xAxis: Infinity }],
  ],
};

/** The −50% and +100% lines, each labelled above the plot with the count beyond it: "190 below −50% (9.5%)". */
function tailLines(total: number, below: number, above: number): MarkLineComponentOption {
  const line = (fraction: number, side: string, count: number, color: string) => ({
    xAxis: fraction,
    lineStyle: { color },
    label: {
      ...dataLabelStyle(color),
      formatter: `${formatCount(count)} ${side} ${formatSignedWholePct(fraction)} (${formatPct(count / total)})`,
    },
  });
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed', width: 2 },
    label: { position: 'end', distance: 8 },
    data: [line(LOSS_LINE, 'below', below, COLORS.loss), line(GAIN_LINE, 'above', above, COLORS.gain)],
  };
}
