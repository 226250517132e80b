// Kalshi market candlesticks as CSV (e.g. PRES-2024-DJT_candlesticks.csv: GET /trade-api/v2/series/S/markets/T/
// candlesticks flattened by pandas, one row per period).
//
// Format: a header row, then one row per candle; columns by header name, any order:
//   - time: `end_period_ts` (unix seconds), else `timestamp` — unix seconds, 'YYYY-MM-DD HH:MM[:SS]' or ISO
//     8601. A time without a zone is UTC: the sample was written by pandas.to_datetime(end_period_ts, unit='s'),
//     which gives naive UTC. It is the END of the candle's period (Kalshi's end_period_ts), so the candle's
//     close is the price at that moment: the 21:00 candle closes at 21:00 UTC and counts for that trading day;
//   - price: `price_close` (else `price.close`, `close`): the last traded Yes price in the period, in CENTS
//     (0–100), stored as a probability (cents / 100). A blank close (no trade in the period) skips the row and
//     is counted; a value outside 0–100 or not a number is an error naming the line.
// A time listed twice keeps the later row.
import type { OddsPoint } from '../store/odds.js';
import { headerText, parseCsv, parseNumberCell } from './csv.js';
import { looksLikeHtml, SourceError } from './http.js';
import { uniqueByTime } from './polymarket/shared.js';

export const KALSHI_CSV_SOURCE = 'Kalshi candlestick CSV';

const TIME_HEADERS = ['end_period_ts', 'timestamp'];
const PRICE_HEADERS = ['price_close', 'price.close', 'close'];

export interface KalshiCsvSeries {
  points: OddsPoint[];
  /** Rows without a close (no trade in the period), skipped. */
  blankRows: number;
  /** The price column's header as read. */
  column: string;
}

/** True when a CSV header names the Kalshi candlestick columns (a close price and a period time). */
export function isKalshiHeader(header: readonly string[]): boolean {
  return header.some((h) => PRICE_HEADERS.includes(h)) && header.some((h) => TIME_HEADERS.includes(h));
}

export function parseKalshiCandlesticksCsv(text: string): KalshiCsvSeries {
  if (looksLikeHtml(text)) throw new SourceError(KALSHI_CSV_SOURCE, 'got an HTML page instead of a CSV');
  if (text.trim() === '') throw new SourceError(KALSHI_CSV_SOURCE, 'empty file');
  const table = parseCsv(text, KALSHI_CSV_SOURCE);
  const timeColumn = table.column(...TIME_HEADERS);
  const priceColumn = table.column(...PRICE_HEADERS);
  if (timeColumn < 0 || priceColumn < 0) {
    const wanted = `needs a time column (${TIME_HEADERS.join(' or ')}) and a close price column (${PRICE_HEADERS.join(' or ')})`;
    throw new SourceError(KALSHI_CSV_SOURCE, `line 1: ${wanted}; header: ${headerText(table)}`);
  }
  const points: OddsPoint[] = [];
  let blankRows = 0;
  for (const row of table.rows) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    const where = `${KALSHI_CSV_SOURCE} line ${row.line}`;
    const cents = parseNumberCell(row.cells[priceColumn]);
    if (cents === null) {
      blankRows++;
      continue;
    }
    if (!(cents >= 0 && cents <= 100))
      throw new SourceError(where, `${table.header[priceColumn]} "${row.cells[priceColumn]}" is not a price in cents 0–100`);
    points.push({ t: periodEnd(row.cells[timeColumn] ?? '', where), p: cents / 100 });
  }
  if (points.length === 0) throw new SourceError(KALSHI_CSV_SOURCE, 'no candle has a close price');
  return { points: uniqueByTime(points), blankRows, column: table.header[priceColumn]! };
}

/** Unix seconds of a candle's time cell: unix seconds, or a date-time (UTC unless it names a zone). */
function periodEnd(cell: string, where: string): number {
  const text = cell.trim();
  if (/^\d{9,10}$/.test(text)) return Number(text);
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const zone = (match?.[4] ?? 'Z').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = match ? Date.parse(`${match[1]}T${match[2]}${zone}`) : Number.NaN;
  if (Number.isNaN(ms)) throw new SourceError(where, `time "${cell}" is neither unix seconds nor 'YYYY-MM-DD HH:MM:SS'`);
  return Math.floor(ms / 1000);
}
