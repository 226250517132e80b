// Event study: the average path of IWM and of IWM − SPY from D−5 to D+5 around the largest daily odds moves,
// each event signed by its jump (falls negated), as cumulative percentage moves from the close of D−6, with the
// event day marked.
import { formatSignedPct } from '../format.js';
import { renderChart, renderNoData, type ChartImage } from './render.js';
import { CAPTION_BAND_PX, categoryAxisOption, COLORS, HEADER_PX, dataLabelStyle, frameOption, legendOption, valueAxisOption } from './theme.js';

export interface EventStudyChartInput {
  /** Average cumulative log moves at offsets D−5 .. D+5 (11 values; null where no event has one). */
  iwm: (number | null)[];
  rel: (number | null)[];
  benchmark: string;
  /** How many events were averaged. */
  events: number;
  caption: string;
}

export const EVENT_IWM_SERIES = 'IWM';
export const EVENT_DAY_LABEL = 'D';

/** "D−5" … "D" … "D+5". */
export function offsetLabels(half: number): string[] {
  return Array.from({ length: 2 * half + 1 }, (_, k) => (k === half ? EVENT_DAY_LABEL : k < half ? `D−${half - k}` : `D+${k - half}`));
}

export function eventStudyChart(input: EventStudyChartInput): ChartImage {
  const title = `IWM around the ${input.events} largest daily odds moves`;
  if (input.events === 0 || input.iwm.every((v) => v === null)) return renderNoData(title, 'No odds moves with prices around them', input.caption);
  const labels = offsetLabels((input.iwm.length - 1) / 2);
  const asPct = (values: (number | null)[]) => values.map((v) => (v === null ? '-' : Math.expm1(v)));
  const relName = `IWM − ${input.benchmark}`;
  const line = (name: string, values: (number | null)[], color: string, dashed: boolean) => ({
    type: 'line' as const,
    name,
    data: asPct(values),
    color,
    symbolSize: 8,
    lineStyle: { width: 2.5, color, type: dashed ? ('dashed' as const) : ('solid' as const) },
  });
  return renderChart({
    ...frameOption(title, 'From the close of D−6, averaged; falls in the odds negated', input.caption),
    legend: legendOption([EVENT_IWM_SERIES, relName]),
    grid: { left: 90, right: 40, top: HEADER_PX + 38, bottom: CAPTION_BAND_PX + 34 },
    xAxis: { ...categoryAxisOption(labels), boundaryGap: false },
    yAxis: valueAxisOption((v) => formatSignedPct(v, 1)),
    series: [
      {
        ...line(EVENT_IWM_SERIES, input.iwm, COLORS.index, false),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: COLORS.event, type: 'dashed', width: 2 },
          label: { ...dataLabelStyle(COLORS.event), formatter: 'odds move', position: 'insideEndTop' },
          data: [{ xAxis: EVENT_DAY_LABEL }],
        },
      },
      line(relName, input.rel, COLORS.relative, true),
    ],
  });
}
