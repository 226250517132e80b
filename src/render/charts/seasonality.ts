// Seasonality: IWM's mean return and its mean return relative to SPY for each calendar month, as paired bars;
// each month's hit rate under its name, the current month's bars outlined in the event colour and the Nov–Dec
// "Santa" window shaded.
import type { BarSeriesOption } from 'echarts/charts';
import type { MarkAreaComponentOption } from 'echarts/components';
import { SANTA_MONTHS, type CalendarMonthFigures } from '../../metrics/seasonality.js';
import { formatPct, MONTH_NAMES } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { CAPTION_BAND_PX, categoryAxisOption, COLORS, HEADER_PX, dataLabelStyle, frameOption, legendOption, valueAxisOption } from './theme.js';

export interface SeasonalityChartInput {
  months: CalendarMonthFigures[];
  /** 'YYYY-MM' of the first and last month counted. */
  from: string | null;
  to: string | null;
  /** The month to highlight (1–12), usually today's. */
  currentMonth: number;
  caption: string;
}

export const SEASONALITY_TITLE = 'IWM by calendar month';
export const MEAN_SERIES = 'IWM mean return';
export const RELATIVE_SERIES = 'IWM − SPY';
export const SANTA_LABEL = 'Santa window';

export function seasonalityChart(input: SeasonalityChartInput): ChartImage {
  if (input.months.every((m) => m.n === 0)) return renderNoData(SEASONALITY_TITLE, 'No complete months of IWM prices', input.caption);
  const labels = input.months.map((m) => `${MONTH_NAMES[m.month - 1]}\n${m.iwmHitRate === null ? 'n/a' : formatPct(m.iwmHitRate, 0)}`);
  const years = Math.max(...input.months.map((m) => m.n));
  const subtitle = `Mean monthly return ${input.from} – ${input.to} (${years} yrs) · % = up months`;
  return renderChart({
    ...frameOption(SEASONALITY_TITLE, subtitle, input.caption),
    legend: legendOption([MEAN_SERIES, RELATIVE_SERIES]),
    grid: { left: 78, right: 30, top: HEADER_PX + 38, bottom: CAPTION_BAND_PX + 56 },
    xAxis: categoryAxisOption(labels, { hideOverlap: false, lineHeight: 22 }),
    yAxis: valueAxisOption((v) => formatPct(v, 1)),
    series: [
      bars(
        MEAN_SERIES,
        input.months.map((m) => m.iwmMean),
        COLORS.index,
        input.currentMonth,
        santaArea(labels),
      ),
      bars(
        RELATIVE_SERIES,
        input.months.map((m) => m.relMean),
        COLORS.relative,
        input.currentMonth,
      ),
    ],
  });
}

/** One bar per month; the current month's bar outlined in the event colour. */
function bars(name: string, values: (number | null)[], color: string, currentMonth: number, markArea?: MarkAreaComponentOption): BarSeriesOption {
  return {
    type: 'bar',
    name,
    color,
    barGap: '10%',
    data: values.map((value, k) =>
      k + 1 === currentMonth
        ? { value: value ?? '-', itemStyle: { color, borderColor: COLORS.event, borderWidth: 3 } }
        : { value: value ?? '-', itemStyle: { color } },
    ),
    ...(markArea ? { markArea } : {}),
  };
}

/** The Nov–Dec band, labelled at its top. */
function santaArea(labels: string[]): MarkAreaComponentOption {
  return {
    silent: true,
    itemStyle: { color: 'rgba(255,209,102,0.10)' },
    label: { ...dataLabelStyle(COLORS.event), position: 'insideTop' },
    data: [[{ xAxis: labels[SANTA_MONTHS[0]! - 1], name: SANTA_LABEL }, { xAxis: labels[SANTA_MONTHS.at(-1)! - 1] }]],
  };
}
