// Funds side by side: the headline shares (negative EPS, Altman distress, BIS zombies, FCF-positive, SBC > ½ FCF,
// revenue ≤ $500m) as grouped bars, one colour per fund, each bar labelled with its percentage ("n/a" where the fund
// has no coverage for the figure).
import type { BarSeriesOption } from 'echarts/charts';
import { formatPct, NA } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { CAPTION_BAND_PX, categoryAxisOption, COLORS, HEADER_PX, dataLabelStyle, frameOption, legendOption, valueAxisOption } from './theme.js';

/** One fund's bars: its shares in the order of `figures`, null where it has no coverage. */
export interface CompareChartFund {
  fund: string;
  shares: (number | null)[];
}

export interface CompareChartInput {
  /** The figure names under each group of bars ("Negative EPS", ...). */
  figures: string[];
  funds: CompareChartFund[];
  subtitle: string;
  caption: string;
}

export const COMPARE_TITLE = 'Zombie figures side by side';

/** One colour per fund, in the order the funds are given. */
export const FUND_COLORS = [COLORS.index, COLORS.member, COLORS.gain, COLORS.relative, COLORS.odds, COLORS.event] as const;

export function compareChart(input: CompareChartInput): ChartImage {
  if (input.funds.length === 0) return renderNoData(COMPARE_TITLE, 'No fund holdings in the cache', input.caption);
  return renderChart({
    ...frameOption(COMPARE_TITLE, input.subtitle, input.caption),
    legend: legendOption(input.funds.map((f) => f.fund)),
    grid: { left: 70, right: 30, top: HEADER_PX + 38, bottom: CAPTION_BAND_PX + 64 },
    xAxis: categoryAxisOption(input.figures, { hideOverlap: false, lineHeight: 22 }),
    yAxis: { ...valueAxisOption((v) => formatPct(v, 0)), min: 0, max: (extent: { max: number }) => Math.min(1, Math.max(0.1, extent.max * 1.15)) },
    series: input.funds.map((f, i) => bars(f, FUND_COLORS[i % FUND_COLORS.length]!, input.funds.length)),
  });
}

function bars(fund: CompareChartFund, color: string, funds: number): BarSeriesOption {
  return {
    type: 'bar',
    name: fund.fund,
    color,
    barGap: '8%',
    barMaxWidth: 44,
    // A missing share draws no bar but reads "n/a" at the axis.
    data: fund.shares.map((value) => (value === null ? { value: 0, label: { formatter: NA } } : value)),
    label: {
      show: true,
      position: 'top',
      ...dataLabelStyle(COLORS.text),
      // Narrow bars (four or more funds) get a smaller label so neighbours do not run together.
      ...(funds > 3 ? { fontSize: 13 } : {}),
      // Beside two or more other bars, whole percentages, so the labels do not collide.
      formatter: (params: { value: unknown }) => formatPct(Number(params.value), funds > 2 ? 0 : 1),
    },
  };
}
