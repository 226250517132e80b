// Daily closes from price CSV files (yfinance dumps, Yahoo and Nasdaq downloads, the demo files).
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
import { headerText, parseCsv, parseNumberCell, type CsvRow } from '../csv.js';
import { looksLikeHtml, SourceError } from '../http.js';
import { plural } from '../../core/text.js';
import { type ParsedPrices, csvSource, isCalendarDate, keepLastPerDate, lineError } from './shared.js';

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
    throw new SourceError(source, `line 1: no ${missing.join(' or ')} column (header: ${headerText(table)})`);
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
  const { points, repeated } = keepLastPerDate(complete.map(({ date, close, adjClose }) => ({ date, close: close!, adjClose })));
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
