// Daily closes from the Yahoo Finance chart API (v8) and from price CSV files (yfinance dumps, Yahoo and Nasdaq
// downloads, the demo files).
//
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
// Decisions (CSV):
//   - columns by header name, any order, any case: Date; Close (or Nasdaq's "Close/Last"); optional Adj Close
//     ("Adj Close", "Adj_Close", "adjclose", "Adjusted Close"). Other columns are ignored;
//   - dates 'YYYY-MM-DD', optionally followed by a time and UTC offset as yfinance writes a tz-aware index
//     ('2023-07-17 00:00:00-04:00' is 2023-07-17, taken as written), or 'M/D/YYYY';
//   - rows may run oldest-first or newest-first (Nasdaq); a date that steps against the file's direction is an
//     error naming the line; a date listed twice keeps the later line (counted in the note);
//   - a blank close ('', 'null', 'NaN': pandas' missing value) skips the day; a non-numeric or non-positive one
//     is an error naming the line; the same for Adj Close when that column exists;
//   - without an Adj Close column the series is price-only: figures built on it are price returns.
import { z } from 'zod';
import type { PricePoint } from '../store/prices.js';
import { parseCsv, parseNumberCell, type CsvRow } from './csv.js';
import { fetchJson, joinUrl, looksLikeHtml, SourceError, type FetchOptions } from './http.js';

/** Yahoo answers some scripted user agents with 429; the one yahoo-finance2 sends is accepted. */
export const YAHOO_USER_AGENT = 'Mozilla/5.0 (compatible; zombie-beta/0.1)';

/** What a price source yields: points ascending by date and what was left out or assumed. */
export interface ParsedPrices {
  points: PricePoint[];
  /** True when every point has an adjusted close (total return); false for price-only data. */
  adjusted: boolean;
  /** Human-readable remarks for the snapshot note ("price return", days skipped, ...). */
  notes: string[];
}

/** Which days to ask Yahoo for: a Yahoo range ('1y', '5y', 'max') or dates 'YYYY-MM-DD' (inclusive). */
export type YahooWindow = { range: string } | { from: string; to?: string };

/**
 * Five years, not Yahoo's common 2y: the "Trump trade" needs July–November 2024 and the 1-year return figures a
 * year before that, whatever day the ingest runs.
 */
export const DEFAULT_YAHOO_WINDOW: YahooWindow = { range: '5y' };

const yahooSource = (symbol: string) => `Yahoo chart ${symbol}`;
const csvSource = (symbol: string) => `price CSV ${symbol}`;

// ---------------------------------------------------------------------------------------------------------
// Yahoo chart API

export function yahooChartUrl(baseUrl: string, symbol: string, window: YahooWindow, now = new Date()): string {
  const path = `/v8/finance/chart/${encodeURIComponent(symbol)}`;
  if ('range' in window) return `${joinUrl(baseUrl, path)}?interval=1d&range=${encodeURIComponent(window.range)}`;
  const period1 = Date.parse(`${checkDate(window.from, 'from')}T00:00:00Z`) / 1000;
  const period2 = window.to
    ? Date.parse(`${checkDate(window.to, 'to')}T00:00:00Z`) / 1000 + 86_400
    : Math.floor(now.getTime() / 1000);
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
  for (const [name, series] of [['close', closes], ['adjclose', adjCloses]] as const) {
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

// ---------------------------------------------------------------------------------------------------------
// Price CSV

const CSV_COLUMNS = {
  date: ['date'],
  close: ['close', 'close/last'],
  adjClose: ['adj close', 'adj_close', 'adjclose', 'adjusted close', 'adjusted_close'],
} as const;

interface CsvDay {
  line: number;
  date: string;
  close: number | null;
  adjClose: number | null;
}

/** Parses and validates a whole price CSV of one symbol (see the decisions at the top of this file). */
export function parsePriceCsv(text: string, symbol: string): ParsedPrices {
  const source = csvSource(symbol);
  if (looksLikeHtml(text)) throw new SourceError(source, 'got an HTML page instead of a CSV');
  if (text.trim() === '') throw new SourceError(source, 'empty file');
  const table = parseCsv(text, source);
  const dateColumn = table.column(...CSV_COLUMNS.date);
  const closeColumn = table.column(...CSV_COLUMNS.close);
  const adjColumn = table.column(...CSV_COLUMNS.adjClose);
  const missing = [dateColumn < 0 ? 'Date' : null, closeColumn < 0 ? 'Close' : null].filter(Boolean);
  if (missing.length > 0) {
    throw new SourceError(source, `line 1: no ${missing.join(' or ')} column (header: ${table.header.join(', ')})`);
  }
  const days: CsvDay[] = [];
  for (const row of table.rows) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (row.cells.length !== table.header.length) {
      const found = `expected ${table.header.length} columns, got ${row.cells.length}`;
      throw lineError(source, row.line, `${found} (truncated or malformed row)`);
    }
    days.push({
      line: row.line,
      date: parseCsvDate(row.cells[dateColumn]!, source, row.line),
      close: csvPrice(row, closeColumn, 'Close', source),
      adjClose: adjColumn < 0 ? null : csvPrice(row, adjColumn, 'Adj Close', source),
    });
  }
  const ascending = inAscendingOrder(days, source);
  const complete = ascending.filter((day) => day.close !== null && (adjColumn < 0 || day.adjClose !== null));
  const { points, repeated } = keepLastPerDate(
    complete.map(({ date, close, adjClose }) => ({ date, close: close!, adjClose })),
  );
  if (points.length === 0) throw new SourceError(source, 'no rows with a close');
  const skipped = ascending.length - complete.length;
  const notes: string[] = [];
  if (adjColumn < 0) notes.push('price return');
  if (skipped > 0) notes.push(`${plural(skipped, 'day')} without a close skipped`);
  if (repeated > 0) notes.push(`${plural(repeated, 'repeated date')}: later line kept`);
  return { points, adjusted: adjColumn >= 0, notes };
}

function csvPrice(row: CsvRow, column: number, header: string, source: string): number | null {
  const cell = row.cells[column];
  const value = parseNumberCell(cell);
  if (value === null) return null;
  if (Number.isNaN(value)) throw lineError(source, row.line, `${header} "${cell}" is not a number`);
  if (value <= 0) throw lineError(source, row.line, `${header} ${value} is not positive`);
  return value;
}

/** 'YYYY-MM-DD' (optionally followed by a time and offset, date taken as written) or 'M/D/YYYY'. */
function parseCsvDate(cell: string, source: string, line: number): string {
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  const date = year ? `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}` : '';
  if (!date || !isCalendarDate(date)) throw lineError(source, line, `Date "${cell}" is not YYYY-MM-DD or M/D/YYYY`);
  return date;
}

/** Checks the file runs one way (oldest-first or newest-first) and returns its days oldest-first. */
function inAscendingOrder(days: CsvDay[], source: string): CsvDay[] {
  let direction = 0;
  for (let i = 1; i < days.length; i++) {
    const step = Math.sign(days[i]!.date.localeCompare(days[i - 1]!.date));
    if (step === 0) continue;
    if (direction === 0) direction = step;
    else if (step !== direction) {
      const order = direction > 0 ? 'oldest-first' : 'newest-first';
      const [day, previous] = [days[i]!, days[i - 1]!];
      throw lineError(source, day.line, `date ${day.date} after ${previous.date} breaks the file's ${order} order`);
    }
  }
  return direction < 0 ? [...days].reverse() : days;
}

// ---------------------------------------------------------------------------------------------------------
// Shared

/** Points are ascending; of adjacent points on one date the later is kept. */
function keepLastPerDate(points: PricePoint[]): { points: PricePoint[]; repeated: number } {
  const kept: PricePoint[] = [];
  for (const point of points) {
    if (kept.at(-1)?.date === point.date) kept[kept.length - 1] = point;
    else kept.push(point);
  }
  return { points: kept, repeated: points.length - kept.length };
}

function positive(value: number, source: string, what: string): number {
  if (!(value > 0)) throw new SourceError(source, `${what} is ${value}, not a positive price`);
  return value;
}

function isCalendarDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

function checkDate(date: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isCalendarDate(date)) {
    throw new RangeError(`${what} date "${date}" is not YYYY-MM-DD`);
  }
  return date;
}

function lineError(source: string, line: number, message: string): SourceError {
  return new SourceError(`${source} line ${line}`, message);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : error.message;
}

const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
