// Dated inputs turned into time-axis points, and the line series the time charts draw them with.
import type { LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import { dateToUtcMs } from './theme.js';

export interface DatedClose {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Closing price in US dollars. */
  close: number;
}

export interface DatedValue {
  date: string;
  value: number;
}

/** [UTC milliseconds, value]. */
export type Point = [number, number];

/** Finite values as points, sorted by date. */
export function toPoints(rows: readonly DatedValue[]): Point[] {
  return rows
    .filter((r) => Number.isFinite(r.value))
    .map((r): Point => [dateToUtcMs(r.date), r.value])
    .sort((a, b) => a[0] - b[0]);
}

export function closesToPoints(closes: readonly DatedClose[]): Point[] {
  return toPoints(closes.map((c) => ({ date: c.date, value: c.close })));
}

export interface LineSpec {
  name: string;
  data: Point[];
  color: string;
  yAxisIndex?: number;
  dashed?: boolean;
  markLine?: MarkLineComponentOption;
}

export function lineSeries(spec: LineSpec): LineSeriesOption {
  return {
    type: 'line',
    name: spec.name,
    data: spec.data,
    yAxisIndex: spec.yAxisIndex ?? 0,
    color: spec.color,
    showSymbol: false,
    lineStyle: { width: 2.5, color: spec.color, type: spec.dashed === true ? 'dashed' : 'solid' },
    ...(spec.markLine === undefined ? {} : { markLine: spec.markLine }),
  };
}
