// Sector composition: two horizontal-bar panels sharing the sector names, members on the left and total market
// cap on the right, largest market cap first, each bar labelled with its value.
import type { BarSeriesOption } from 'echarts/charts';
import type { GraphicComponentOption } from 'echarts/components';
import { compareText } from '../../metrics/stats.js';
import { NA, formatCount, formatUsd } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import {
  CAPTION_BAND_PX,
  CHART_WIDTH_PX,
  COLORS,
  FONT_FAMILY,
  FONT_SIZE_PX,
  HEADER_PX,
  MARGIN_PX,
  AXIS_LABEL,
  dataLabelStyle,
  frameOption,
} from './theme.js';

export interface SectorRow {
  sector: string;
  members: number;
  /** Sum of members' market caps in US dollars; null when none of them has one. */
  totalMarketCapUsd: number | null;
}

export interface SectorsChartInput {
  sectors: SectorRow[];
  caption: string;
}

export const SECTORS_TITLE = 'IWM members by sector';
export const MEMBERS_SERIES = 'Members';
export const MARKET_CAP_SERIES = 'Total market cap';

/** Horizontal layout in pixels: sector names, then the members panel, a gap, the market-cap panel. */
const NAMES_PX = 256;
const GAP_PX = 70;
const RIGHT_PX = 24;
const PANEL_PX = (CHART_WIDTH_PX - NAMES_PX - GAP_PX - RIGHT_PX) / 2;
const PANEL_TOP_PX = HEADER_PX + 44;
/** Room past the longest bar for its value label. */
const LABEL_HEADROOM = 1.3;

export function sectorsChart(input: SectorsChartInput): ChartImage {
  if (input.sectors.length === 0) return renderNoData(SECTORS_TITLE, 'No sector data', input.caption);
  const rows = [...input.sectors].sort((a, b) => (b.totalMarketCapUsd ?? -1) - (a.totalMarketCapUsd ?? -1) || compareText(a.sector, b.sector));
  const names = rows.map((r) => r.sector);
  const grid = (left: number) => ({ left, width: PANEL_PX, top: PANEL_TOP_PX, bottom: CAPTION_BAND_PX + 12 });
  const valueAxis = (gridIndex: number) => ({
    type: 'value' as const,
    gridIndex,
    show: false,
    max: (extent: { max: number }) => extent.max * LABEL_HEADROOM,
  });
  const categoryAxis = (gridIndex: number, showNames: boolean) => ({
    type: 'category' as const,
    gridIndex,
    data: names,
    inverse: true,
    axisLine: { show: false },
    axisTick: { show: false },
    axisLabel: {
      ...AXIS_LABEL,
      show: showNames,
      hideOverlap: false,
      width: NAMES_PX - MARGIN_PX - 14,
      overflow: 'truncate' as const,
    },
  });
  return renderChart({
    ...frameOption(SECTORS_TITLE, subtitle(rows), input.caption, [
      panelHeading(MEMBERS_SERIES, NAMES_PX, COLORS.index),
      panelHeading(MARKET_CAP_SERIES, NAMES_PX + PANEL_PX + GAP_PX, COLORS.marketCap),
    ]),
    grid: [grid(NAMES_PX), grid(NAMES_PX + PANEL_PX + GAP_PX)],
    xAxis: [valueAxis(0), valueAxis(1)],
    yAxis: [categoryAxis(0, true), categoryAxis(1, false)],
    series: [
      barSeries(
        MEMBERS_SERIES,
        0,
        rows.map((r) => r.members),
        COLORS.index,
        (v) => formatCount(v),
      ),
      barSeries(
        MARKET_CAP_SERIES,
        1,
        rows.map((r) => r.totalMarketCapUsd),
        COLORS.marketCap,
        (v) => formatUsd(v),
      ),
    ],
  });
}

/** "1,962 members · $2.1tn total market cap · 11 sectors". */
function subtitle(rows: readonly SectorRow[]): string {
  const members = rows.reduce((total, r) => total + r.members, 0);
  const caps = rows.map((r) => r.totalMarketCapUsd).filter((v): v is number => v !== null);
  const marketCap = caps.length > 0 ? caps.reduce((total, v) => total + v, 0) : null;
  return `${formatCount(members)} members · ${formatUsd(marketCap)} total market cap · ${formatCount(rows.length)} sectors`;
}

function panelHeading(text: string, left: number, color: string): GraphicComponentOption {
  return {
    type: 'text',
    left,
    top: PANEL_TOP_PX - 30,
    silent: true,
    style: { text, fill: color, fontFamily: FONT_FAMILY, fontSize: FONT_SIZE_PX.legend },
  };
}

function barSeries(name: string, axisIndex: number, values: (number | null)[], color: string, format: (value: number) => string): BarSeriesOption {
  return {
    type: 'bar',
    name,
    xAxisIndex: axisIndex,
    yAxisIndex: axisIndex,
    // A missing value draws no bar but still reads "n/a" at the axis.
    data: values.map((v) => (v === null ? { value: 0, itemStyle: { color: 'transparent' }, label: { formatter: NA } } : v)),
    color,
    barCategoryGap: '28%',
    barMaxWidth: 34,
    itemStyle: { borderRadius: [0, 3, 3, 0] },
    label: {
      show: true,
      position: 'right',
      ...dataLabelStyle(COLORS.text),
      formatter: (params: { value: unknown }) => format(Number(params.value)),
    },
  };
}
