// Daily closes from the Yahoo Finance chart API (v8).
// Yahoo chart JSON — GET {YAHOO_CHART_URL}/v8/finance/chart/SYMBOL?interval=1d&range=5y (or period1/period2):
//   chart.result[0].timestamp[]                        bar times, unix seconds (09:30 local for US listings)
//   chart.result[0].indicators.quote[0].close[]        close, split-adjusted (Yahoo's "Close")
//   chart.result[0].indicators.adjclose[0].adjclose[]  close adjusted for splits and distributions ("Adj Close")
//   chart.result[0].meta.exchangeTimezoneName, .gmtoffset, .currentTradingPeriod.regular {start, end}
//   chart.error {code, description}                    set instead of a result on failure
// Decisions (Yahoo):
//   - a bar's date is its timestamp's calendar day in the exchange's time zone: the IANA name, or meta.gmtoffset
//     (the offset in force when fetched) only when the name is missing or unknown — never the UTC day;
//   - a bar whose close, or adjclose when that series exists, is null is skipped and counted in the note;
//   - two bars on one day (the live bar repeating the last one) keep the later;
//   - bars of a session still open (fetched before currentTradingPeriod.regular.end) are dropped: their close
//     is a live price;
//   - without an adjclose series the result is price-only.
import { z } from 'zod';
import { plural } from '../../core/text.js';
import type { PricePoint } from '../../store/prices.js';
import { fetchJson, joinUrl, SourceError, type FetchOptions } from '../http.js';
import { type ParsedPrices, YAHOO_USER_AGENT, type YahooWindow, checkDate, firstIssue, keepLastPerDate, positive, yahooSource } from './shared.js';

export function yahooChartUrl(baseUrl: string, symbol: string, window: YahooWindow, now = new Date()): string {
  const path = `/v8/finance/chart/${encodeURIComponent(symbol)}`;
  if ('range' in window) return `${joinUrl(baseUrl, path)}?interval=1d&range=${encodeURIComponent(window.range)}`;
  const period1 = Date.parse(`${checkDate(window.from, 'from')}T00:00:00Z`) / 1000;
  const period2 = window.to ? Date.parse(`${checkDate(window.to, 'to')}T00:00:00Z`) / 1000 + 86_400 : Math.floor(now.getTime() / 1000);
  return `${joinUrl(baseUrl, path)}?interval=1d&period1=${period1}&period2=${period2}`;
}

/** GETs one symbol's daily chart and parses it; the points are cut to the window's dates when it has them. */
export async function fetchYahooPrices(
  baseUrl: string,
  symbol: string,
  window: YahooWindow,
  request: Omit<FetchOptions, 'source'>,
  now = new Date(),
): Promise<{ url: string; prices: ParsedPrices }> {
  const url = yahooChartUrl(baseUrl, symbol, window, now);
  const source = yahooSource(symbol);
  const json = await fetchJson(url, {
    ...request,
    source,
    allowNotFound: true,
    headers: { 'User-Agent': YAHOO_USER_AGENT, Accept: 'application/json' },
  });
  if (json === null) throw new SourceError(source, 'unknown symbol (HTTP 404: no data found, symbol may be delisted)');
  const prices = parseYahooChart(json, symbol, now);
  if ('range' in window) return { url, prices };
  const inWindow = prices.points.filter((p) => p.date >= window.from && (!window.to || p.date <= window.to));
  if (inWindow.length === 0) {
    throw new SourceError(source, `no daily closes between ${window.from} and ${window.to ?? 'today'}`);
  }
  return { url, prices: { ...prices, points: inWindow } };
}

const nullableNumbers = z.array(z.number().nullable());

const metaSchema = z.object({
  exchangeTimezoneName: z.string().optional(),
  gmtoffset: z.number().optional(),
  currentTradingPeriod: z.object({ regular: z.object({ start: z.number(), end: z.number() }) }).optional(),
});

const chartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: metaSchema,
          timestamp: z.array(z.number().int()).optional(),
          indicators: z.object({
            quote: z.array(z.object({ close: nullableNumbers.optional() })),
            adjclose: z.array(z.object({ adjclose: nullableNumbers.optional() })).optional(),
          }),
        }),
      )
      .nullable()
      .optional(),
    error: z.object({ code: z.string().optional(), description: z.string().optional() }).nullable().optional(),
  }),
});

type ChartMeta = z.infer<typeof metaSchema>;

interface ChartSeries {
  times: number[];
  closes: (number | null)[];
  /** null when the response has no adjclose series (price-only). */
  adjCloses: (number | null)[] | null;
  meta: ChartMeta;
}

/** Validates a chart response and turns it into daily points (see the decisions at the top of this file). */
export function parseYahooChart(json: unknown, symbol: string, now = new Date()): ParsedPrices {
  const source = yahooSource(symbol);
  const { times, closes, adjCloses, meta } = readChart(json, source);
  const dateOf = exchangeDate(meta, source);
  const session = meta.currentTradingPeriod?.regular;
  const liveFrom = session && now.getTime() / 1000 < session.end ? session.start : Infinity;
  const bars: { t: number; point: PricePoint }[] = [];
  let skipped = 0;
  let live = 0;
  times.forEach((t, i) => {
    const close = closes[i] ?? null;
    const adjClose = adjCloses ? (adjCloses[i] ?? null) : null;
    if (t >= liveFrom) live++;
    else if (close === null || (adjCloses && adjClose === null)) skipped++;
    else {
      const date = dateOf(t);
      const adjusted = adjClose === null ? null : positive(adjClose, source, `adjclose on ${date}`);
      bars.push({ t, point: { date, close: positive(close, source, `close on ${date}`), adjClose: adjusted } });
    }
  });
  bars.sort((a, b) => a.t - b.t);
  const { points, repeated } = keepLastPerDate(bars.map((bar) => bar.point));
  if (points.length === 0) throw new SourceError(source, `no daily closes (${plural(skipped, 'bar')} without a close)`);
  const notes: string[] = [];
  if (!adjCloses) notes.push('price return');
  if (skipped > 0) notes.push(`${plural(skipped, 'day')} without a close skipped`);
  if (repeated > 0) notes.push(`${plural(repeated, 'repeated day')}: later bar kept`);
  if (live > 0) notes.push("the open session's live bar dropped");
  return { points, adjusted: adjCloses !== null, notes };
}

/** The zod-checked arrays of the first result; chart.error and shape problems become errors naming the symbol. */
function readChart(json: unknown, source: string): ChartSeries {
  const parsed = chartSchema.safeParse(json);
  if (!parsed.success) throw new SourceError(source, `unexpected response: ${firstIssue(parsed.error)}`);
  const { result, error } = parsed.data.chart;
  if (error) {
    const code = error.code ? ` ${error.code}` : '';
    throw new SourceError(source, `Yahoo error${code}: ${error.description ?? 'no description'}`);
  }
  const chart = result?.[0];
  if (!chart) throw new SourceError(source, 'response has neither a result nor an error');
  const times = chart.timestamp ?? [];
  if (times.length === 0) throw new SourceError(source, 'no daily bars in the requested range');
  const closes = chart.indicators.quote[0]?.close;
  if (!closes) throw new SourceError(source, 'indicators.quote[0].close is missing');
  const adjCloses = chart.indicators.adjclose?.[0]?.adjclose ?? null;
  for (const [name, series] of [
    ['close', closes],
    ['adjclose', adjCloses],
  ] as const) {
    if (series && series.length !== times.length) {
      throw new SourceError(source, `${name} has ${series.length} values for ${times.length} timestamps`);
    }
  }
  return { times, closes, adjCloses, meta: chart.meta };
}

/** Converts a bar's unix time to the exchange-local 'YYYY-MM-DD'. */
function exchangeDate(meta: ChartMeta, source: string): (t: number) => string {
  const zone = meta.exchangeTimezoneName;
  if (zone) {
    try {
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      return (t) => {
        const parts = format.formatToParts(new Date(t * 1000));
        const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
        return `${part('year')}-${part('month')}-${part('day')}`;
      };
    } catch {
      // An unknown zone name falls through to the fixed offset.
    }
  }
  const offsetSeconds = meta.gmtoffset;
  if (offsetSeconds === undefined) throw new SourceError(source, 'meta has neither exchangeTimezoneName nor gmtoffset');
  return (t) => new Date((t + offsetSeconds) * 1000).toISOString().slice(0, 10);
}
