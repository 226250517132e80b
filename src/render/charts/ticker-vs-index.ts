// One member's price against the index (IWM), both rebased to 100 on the first date they share, with each
// one's change over the period in the subtitle.
import { formatSignedPct } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { closesToPoints, lineSeries, type DatedClose, type Point } from './series.js';
import {
  AXIS_LINE,
  CAPTION_BAND_PX,
  COLORS,
  HEADER_PX,
  SPLIT_LINE,
  AXIS_LABEL,
  formatLongDate,
  frameOption,
  legendOption,
  timeAxisOption,
} from './theme.js';

export interface TickerVsIndexChartInput {
  symbol: string;
  /** The member's daily closes in US dollars (about one year). */
  member: DatedClose[];
  /** The index fund's daily closes over the same period. */
  index: DatedClose[];
  indexSymbol: string;
  caption: string;
}

/** Level both series start from. */
const REBASE_LEVEL = 100;

export function tickerVsIndexChart(input: TickerVsIndexChartInput): ChartImage {
  const title = `${input.symbol} vs ${input.indexSymbol}, rebased to ${REBASE_LEVEL}`;
  const member = closesToPoints(input.member);
  const index = closesToPoints(input.index);
  const missing = noDataMessage(input, member, index);
  if (missing !== null) return renderNoData(title, missing, input.caption);

  const indexByMs = new Map(index);
  const base = member.find(([ms, close]) => close > 0 && (indexByMs.get(ms) ?? 0) > 0);
  if (base === undefined) {
    return renderNoData(title, `No dates with both ${input.symbol} and ${input.indexSymbol} prices`, input.caption);
  }
  const baseMs = base[0];
  const memberRebased = rebase(member, baseMs, base[1]);
  const indexRebased = rebase(index, baseMs, indexByMs.get(baseMs)!);
  return renderChart({
    ...frameOption(title, subtitle(input, memberRebased, indexRebased, baseMs), input.caption),
    legend: legendOption([input.symbol, input.indexSymbol]),
    grid: { left: 70, right: 40, top: HEADER_PX + 22, bottom: CAPTION_BAND_PX + 34 },
    xAxis: { ...timeAxisOption(), min: baseMs, max: Math.max(memberRebased.at(-1)![0], indexRebased.at(-1)![0]) },
    yAxis: {
      type: 'value',
      scale: true,
      splitNumber: 5,
      axisLine: AXIS_LINE,
      splitLine: SPLIT_LINE,
      axisLabel: { ...AXIS_LABEL, formatter: (v: number) => v.toFixed(0) },
    },
    series: [
      lineSeries({
        name: input.indexSymbol,
        data: indexRebased,
        color: COLORS.index,
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: COLORS.axisLabel, type: 'dotted', width: 1.5 },
          data: [{ yAxis: REBASE_LEVEL }],
        },
      }),
      lineSeries({ name: input.symbol, data: memberRebased, color: COLORS.member }),
    ],
  });
}

function noDataMessage(input: TickerVsIndexChartInput, member: readonly Point[], index: readonly Point[]): string | null {
  if (member.length === 0) return `No price data for ${input.symbol}`;
  if (index.length === 0) return `No price data for ${input.indexSymbol}`;
  return null;
}

/** 100 × close / base close, from the base date on. */
function rebase(points: readonly Point[], baseMs: number, baseClose: number): Point[] {
  return points.filter(([ms]) => ms >= baseMs).map(([ms, close]): Point => [ms, (REBASE_LEVEL * close) / baseClose]);
}

/** "ABCD +12.3% · IWM +8.1% since Nov 5, 2024": each series' last rebased level over 100, less one. */
function subtitle(input: TickerVsIndexChartInput, member: readonly Point[], index: readonly Point[], baseMs: number): string {
  const change = (points: readonly Point[]) => formatSignedPct(points.at(-1)![1] / REBASE_LEVEL - 1);
  return `${input.symbol} ${change(member)} · ${input.indexSymbol} ${change(index)} since ${formatLongDate(baseMs)}`;
}
