// The look shared by every chart: a dark card that reads on Discord's dark theme and survives being shrunk to
// a phone's width (large type, few ticks, high-contrast colours), plus the title, caption and axis pieces.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GraphicComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
} from 'echarts/components';
import { MONTH_NAMES } from '../format.js';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | LineSeriesOption
  | GraphicComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

/** Output size in pixels: about the width Discord shows an image at, doubled for sharpness. */
export const CHART_WIDTH_PX = 1000;
export const CHART_HEIGHT_PX = 560;

/** The one bundled font (assets/fonts/Inter-Regular.ttf); every text element names it. */
export const FONT_FAMILY = 'Inter';

export const COLORS = {
  /** A shade darker than Discord's embed (#2b2d31) so the chart reads as a card. */
  background: '#1f2024',
  text: '#eceef1',
  axisLabel: '#c4c8ce',
  caption: '#a3a9b1',
  /** Captions that mention demo data are drawn in this warning colour. */
  demo: '#ffd166',
  gridLine: '#383a40',
  axisLine: '#5c5f66',
  index: '#5ab0ff',
  member: '#ffb347',
  odds: '#ff6b6b',
  relative: '#c9a0ff',
  event: '#ffd166',
  loss: '#ff6b6b',
  gain: '#57d9a3',
  marketCap: '#57d9a3',
} as const;

export const FONT_SIZE_PX = {
  title: 26,
  subtitle: 18,
  legend: 18,
  axisLabel: 18,
  dataLabel: 16,
  caption: 16,
  noData: 28,
} as const;

/** Left/right padding of the card, and the band at the bottom kept for the caption (two lines). */
export const MARGIN_PX = 24;
export const CAPTION_BAND_PX = 48;
/** Height taken by the title and subtitle at the top. */
export const HEADER_PX = 78;

/** Milliseconds since the epoch of a 'YYYY-MM-DD' date at 00:00 UTC. */
export function dateToUtcMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new Error(`chart: '${date}' is not a YYYY-MM-DD date`);
  return ms;
}

/** A UTC date for axis labels and notes: "Nov 5". */
export function formatShortDate(ms: number): string {
  const date = new Date(ms);
  return `${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

/** A UTC date with its year: "Nov 5, 2024". */
export function formatLongDate(ms: number): string {
  return `${formatShortDate(ms)}, ${new Date(ms).getUTCFullYear()}`;
}

/** A correlation coefficient with its sign: 0.4213 → "+0.42"; null → "n/a". */
export function formatCorrelation(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}`;
}

/** A fraction as a whole-percent axis label with its sign: -0.5 → "−50%", 1 → "+100%", 0 → "0%". */
export function formatSignedWholePct(fraction: number): string {
  const points = Math.round(fraction * 100);
  return `${points > 0 ? '+' : points < 0 ? '−' : ''}${Math.abs(points)}%`;
}

/** Title, optional subtitle, background, font and the caption line every chart carries (plus any extra graphics). */
export function frameOption(title: string, subtitle: string | null, caption: string, graphics: GraphicComponentOption[] = []): ChartOption {
  return {
    animation: false,
    useUTC: true,
    backgroundColor: COLORS.background,
    textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text },
    title: {
      text: title,
      subtext: subtitle ?? undefined,
      left: MARGIN_PX - 5,
      top: 10,
      itemGap: 6,
      textStyle: {
        fontFamily: FONT_FAMILY,
        fontSize: FONT_SIZE_PX.title,
        lineHeight: FONT_SIZE_PX.title + 6,
        fontWeight: 'normal',
        color: COLORS.text,
        width: CHART_WIDTH_PX - 2 * MARGIN_PX,
        overflow: 'truncate',
      },
      subtextStyle: {
        fontFamily: FONT_FAMILY,
        fontSize: FONT_SIZE_PX.subtitle,
        lineHeight: FONT_SIZE_PX.subtitle + 4,
        color: COLORS.axisLabel,
      },
    },
    graphic: [captionGraphic(caption), ...graphics],
  };
}

/** The source / as-of line at the bottom, wrapped onto a second line when long. */
function captionGraphic(caption: string): GraphicComponentOption {
  const isDemo = /demo data/i.test(caption);
  return {
    type: 'text',
    left: MARGIN_PX,
    bottom: 10,
    silent: true,
    style: {
      text: caption,
      width: CHART_WIDTH_PX - 2 * MARGIN_PX,
      overflow: 'break',
      lineHeight: FONT_SIZE_PX.caption + 4,
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE_PX.caption,
      fill: isDemo ? COLORS.demo : COLORS.caption,
    },
  };
}

/** A legend at the right, level with the subtitle. */
export function legendOption(names: string[]): LegendComponentOption {
  return {
    data: names,
    right: MARGIN_PX,
    top: 52,
    itemWidth: 26,
    itemHeight: 12,
    itemGap: 18,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE_PX.legend, color: COLORS.text },
  };
}

/** Axis label text style; each axis adds a formatter for "$210", "45%", "Nov 5". */
export const AXIS_LABEL = {
  color: COLORS.axisLabel,
  fontFamily: FONT_FAMILY,
  fontSize: FONT_SIZE_PX.axisLabel,
  hideOverlap: true,
} as const;

export const AXIS_LINE = { show: true, lineStyle: { color: COLORS.axisLine } } as const;
export const SPLIT_LINE = { show: true, lineStyle: { color: COLORS.gridLine } } as const;
export const NO_SPLIT_LINE = { show: false } as const;

/** A value axis with grid lines, labelled by `formatter` ("+1.5%", "−0.50"). */
export function valueAxisOption(formatter: (value: number) => string) {
  return { type: 'value' as const, axisLine: AXIS_LINE, splitLine: SPLIT_LINE, axisLabel: { ...AXIS_LABEL, formatter } };
}

/** A category x-axis that shows every label, without ticks (months, fiscal years, days around an event). Two-line
 * labels pass `{ hideOverlap: false, lineHeight: 22 }` as `label`. */
export function categoryAxisOption(labels: string[], label: { hideOverlap?: boolean; lineHeight?: number } = {}) {
  return {
    type: 'category' as const,
    data: labels,
    axisLine: AXIS_LINE,
    axisTick: { show: false },
    axisLabel: { ...AXIS_LABEL, interval: 0, ...label },
  };
}

/** A time x-axis labelled in UTC: years as "2024", months as "Nov", days as "Nov 5". */
export function timeAxisOption() {
  return {
    type: 'time' as const,
    axisLine: AXIS_LINE,
    axisTick: { show: false },
    splitLine: { show: false },
    splitNumber: 6,
    axisLabel: { ...AXIS_LABEL, formatter: { year: '{yyyy}', month: '{MMM}', day: '{MMM} {d}', hour: '{MMM} {d}' } },
  };
}

/** Text style of data labels and markLine labels. */
export function dataLabelStyle(color: string) {
  return { color, fontFamily: FONT_FAMILY, fontSize: FONT_SIZE_PX.dataLabel };
}
