// Renders each chart N times on realistic sizes (500 trading days, 2,000 returns, 11 sectors) and prints the
// median milliseconds per render. Usage: npx tsx scripts/bench-charts.ts [N=20]
import { median } from '../src/metrics/stats.js';
import type { ChartImage } from '../src/render/charts/render.js';
import { returnsHistogramChart } from '../src/render/charts/returns-histogram.js';
import { sectorsChart } from '../src/render/charts/sectors.js';
import type { DatedClose } from '../src/render/charts/series.js';
import { tickerVsIndexChart } from '../src/render/charts/ticker-vs-index.js';
import { trumpTradeChart } from '../src/render/charts/trump-trade.js';

const TARGET_MS = 150;
const runs = Number(process.argv[2] ?? 20);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench-charts: run count must be a positive integer, got '${process.argv[2]}'`);

/** Deterministic uniform numbers in (0, 1) (Park–Miller), so every run benches the same data. */
function uniformSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}
const uniform = uniformSource(20241105);

/** Weekdays from `from` on, as 'YYYY-MM-DD'. */
function tradingDays(from: string, count: number): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); days.length < count; ms += 86_400_000) {
    const day = new Date(ms);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/** A random walk of closes with daily moves up to ±dailyRange/2. */
function walk(days: readonly string[], start: number, dailyRange: number): DatedClose[] {
  let close = start;
  return days.map((date) => {
    close *= 1 + (uniform() - 0.5) * dailyRange;
    return { date, close };
  });
}

const days = tradingDays('2023-11-01', 500);
const iwm = walk(days, 180, 0.03);
const spy = walk(days, 420, 0.02);
let oddsPct = 45;
const odds = days.map((date) => {
  oddsPct = Math.min(99, Math.max(1, oddsPct + (uniform() - 0.5) * 4));
  return { date, pct: oddsPct };
});
const returns = Array.from({ length: 2000 }, () => Math.exp((uniform() - 0.5) * 1.8) - 1);
const sectorNames = [
  'Health Care',
  'Financials',
  'Industrials',
  'Information Technology',
  'Consumer Discretionary',
  'Real Estate',
  'Energy',
  'Materials',
  'Communication Services',
  'Utilities',
  'Consumer Staples',
];

const charts: Record<string, () => ChartImage> = {
  trumpTrade: () =>
    trumpTradeChart({
      iwm,
      relative: iwm.map((c, k) => ({ date: c.date, value: c.close / spy[k]!.close })),
      odds,
      events: [{ date: '2024-11-05', label: 'Election day' }],
      title: 'Trump trade: IWM vs election odds',
      correlation: { window: '60', value: 0.42, n: 60 },
      caption: 'Sources: Yahoo Finance, Polymarket · bench data',
    }),
  returnsHistogram: () => returnsHistogramChart({ returns, caption: 'Source: bench data' }),
  sectors: () =>
    sectorsChart({
      sectors: sectorNames.map((sector, k) => ({ sector, members: 40 + 30 * k, totalMarketCapUsd: (50 + 40 * k) * 1e9 })),
      caption: 'Source: bench data',
    }),
  tickerVsIndex: () =>
    tickerVsIndexChart({
      symbol: 'ABCD',
      member: walk(days.slice(-252), 14, 0.06),
      index: iwm.slice(-252),
      indexSymbol: 'IWM',
      caption: 'Source: bench data',
    }),
};

function medianMs(render: () => ChartImage): number {
  render();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    render();
    times.push(performance.now() - start);
  }
  return median(times)!;
}

console.log(`chart render, median of ${runs} runs after one warm-up (target ≤ ${TARGET_MS} ms)`);
for (const [name, render] of Object.entries(charts)) {
  const ms = medianMs(render);
  console.log(`${name.padEnd(18)} ${ms.toFixed(1).padStart(7)} ms${ms > TARGET_MS ? '  OVER TARGET' : ''}`);
}
