// Evictions at reconstitution: the moved-up names' gains between the two lists as horizontal bars (largest
// first, green for a gain, red for a loss), with the counts of who left, moved up, dropped and joined above.
import type { BarSeriesOption } from 'echarts/charts';
import { NA, formatCount, formatSignedPct } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { AXIS_LABEL, CAPTION_BAND_PX, COLORS, HEADER_PX, MARGIN_PX, dataLabelStyle, frameOption } from './theme.js';

export interface EvictionsChartInput {
  fund: string;
  from: string;
  to: string;
  left: number;
  movedUp: number | null;
  medianReturn: number | null;
  dropped: number | null;
  joined: number;
  /** The moved-up names to draw, highest return first (the caller picks how many). */
  bars: { ticker: string; return: number | null }[];
  caption: string;
}

export const EVICTIONS_TITLE = 'Moved up and out of';

const NAMES_PX = 120;
const RIGHT_PX = 110;

export function evictionsChart(input: EvictionsChartInput): ChartImage {
  const title = `${EVICTIONS_TITLE} ${input.fund}: ${input.from} → ${input.to}`;
  if (input.bars.length === 0) return renderNoData(title, 'No moved-up members to show', input.caption);
  const values = input.bars.map((b) => b.return);
  return renderChart({
    ...frameOption(title, subtitle(input), input.caption),
    grid: { left: NAMES_PX, right: RIGHT_PX, top: HEADER_PX + 24, bottom: CAPTION_BAND_PX + 16 },
    xAxis: { type: 'value', show: false, min: (e: { min: number }) => Math.min(0, e.min) },
    yAxis: {
      type: 'category',
      data: input.bars.map((b) => b.ticker),
      inverse: true,
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { ...AXIS_LABEL, hideOverlap: false, margin: MARGIN_PX - 8 },
    },
    series: [bars(values)],
  });
}

/** "324 left · 43 moved up (median +29.6%) · 281 dropped · 524 joined". */
function subtitle(input: EvictionsChartInput): string {
  const movedUp =
    input.movedUp === null ? `moved up ${NA}` : `${formatCount(input.movedUp)} moved up (median ${formatSignedPct(input.medianReturn)})`;
  const dropped = input.dropped === null ? `dropped ${NA}` : `${formatCount(input.dropped)} dropped`;
  return `${formatCount(input.left)} left · ${movedUp} · ${dropped} · ${formatCount(input.joined)} joined`;
}

function bars(values: (number | null)[]): BarSeriesOption {
  return {
    type: 'bar',
    // A missing return draws no bar but still reads "n/a".
    data: values.map((v) =>
      v === null
        ? { value: 0, itemStyle: { color: 'transparent' }, label: { formatter: NA } }
        : { value: v, itemStyle: { color: v >= 0 ? COLORS.gain : COLORS.loss } },
    ),
    barCategoryGap: '28%',
    barMaxWidth: 30,
    label: {
      show: true,
      position: 'right',
      ...dataLabelStyle(COLORS.text),
      formatter: (params: { value: unknown }) => formatSignedPct(Number(params.value)),
    },
  };
}
