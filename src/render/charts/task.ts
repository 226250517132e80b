// A chart to draw as plain data (what crosses into a worker process) and the function that draws it.
import { compareChart, type CompareChartInput } from './compare.js';
import { eventStudyChart, type EventStudyChartInput } from './event-study.js';
import { evictionsChart, type EvictionsChartInput } from './evictions.js';
import { positioningChart, type PositioningChartInput } from './positioning.js';
import { trendChart, type TrendChartInput } from './trend.js';
import { returnsHistogramChart, type ReturnsHistogramChartInput } from './returns-histogram.js';
import { rollingCorrelationChart, type RollingCorrelationChartInput } from './rolling-correlation.js';
import { seasonalityChart, type SeasonalityChartInput } from './seasonality.js';
import { sectorsChart, type SectorsChartInput } from './sectors.js';
import { tickerVsIndexChart, type TickerVsIndexChartInput } from './ticker-vs-index.js';
import { trumpTradeChart, type TrumpTradeChartInput } from './trump-trade.js';

/** One chart to draw: its kind and the plain data its chart function takes. */
export type ChartTask =
  | { chart: 'trump'; input: TrumpTradeChartInput }
  | { chart: 'rolling'; input: RollingCorrelationChartInput }
  | { chart: 'events'; input: EventStudyChartInput }
  | { chart: 'returns'; input: ReturnsHistogramChartInput }
  | { chart: 'sectors'; input: SectorsChartInput }
  | { chart: 'seasonality'; input: SeasonalityChartInput }
  | { chart: 'ticker'; input: TickerVsIndexChartInput }
  | { chart: 'evictions'; input: EvictionsChartInput }
  | { chart: 'trend'; input: TrendChartInput }
  | { chart: 'positioning'; input: PositioningChartInput }
  | { chart: 'compare'; input: CompareChartInput };

/** Turns a task into its PNG: the bot's worker pool, or `drawInProcess` for the terminal and tests. */
export type DrawChart = (task: ChartTask) => Promise<Buffer>;

/** Draws the task's chart in this process (blocks the event loop for the render). */
export function drawChart(task: ChartTask): Buffer {
  switch (task.chart) {
    case 'trump':
      return trumpTradeChart(task.input).png;
    case 'rolling':
      return rollingCorrelationChart(task.input).png;
    case 'events':
      return eventStudyChart(task.input).png;
    case 'returns':
      return returnsHistogramChart(task.input).png;
    case 'sectors':
      return sectorsChart(task.input).png;
    case 'seasonality':
      return seasonalityChart(task.input).png;
    case 'ticker':
      return tickerVsIndexChart(task.input).png;
    case 'evictions':
      return evictionsChart(task.input).png;
    case 'trend':
      return trendChart(task.input).png;
    case 'positioning':
      return positioningChart(task.input).png;
    case 'compare':
      return compareChart(task.input).png;
  }
}

export const drawInProcess: DrawChart = async (task) => drawChart(task);
