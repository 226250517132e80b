// Polymarket's website "download CSV" export: one outcome column of an event's odds.
// Website CSV — every field quoted; "Date (UTC)" MM-DD-YYYY HH:MM, "Timestamp (UTC)" unix seconds, then one
//   column per outcome in an order that differs between exports (found by header name); a blank cell (before
//   that market existed) is skipped. The timestamp is used; "Date (UTC)" only when there is no timestamp column.
//   A timestamp listed twice keeps the later row (the real hourly export repeats 11-03-2024 05:00 where the
//   US clocks went back, and omits 06:00).
import type { OddsPoint } from '../../store/odds.js';
import { headerText, parseCsv, parseNumberCell } from '../csv.js';
import { looksLikeHtml, SourceError } from '../http.js';
import { POLYMARKET_CSV_SOURCE, probability, uniqueByTime } from './shared.js';

export interface PolymarketCsvSeries {
  /** The outcome column's header as the file writes it. */
  column: string;
  points: OddsPoint[];
  /** Rows whose cell was blank (the market did not exist yet). */
  blankRows: number;
  /** Rows repeating an earlier row's timestamp (the later row is kept). */
  repeatedRows: number;
}

/** Reads one outcome column (found by header name, case-insensitively) of a website CSV export. */
export function parsePolymarketCsv(text: string, column: string): PolymarketCsvSeries {
  if (looksLikeHtml(text)) throw new SourceError(POLYMARKET_CSV_SOURCE, 'got an HTML page instead of a CSV');
  if (text.trim() === '') throw new SourceError(POLYMARKET_CSV_SOURCE, 'empty file');
  const table = parseCsv(text, POLYMARKET_CSV_SOURCE);
  const timestampColumn = table.column('timestamp (utc)');
  const dateColumn = table.column('date (utc)');
  const valueColumn = table.column(column);
  const header = headerText(table);
  if (timestampColumn < 0 && dateColumn < 0) {
    const wanted = 'no "Timestamp (UTC)" or "Date (UTC)" column';
    throw new SourceError(POLYMARKET_CSV_SOURCE, `line 1: ${wanted} (header: ${header})`);
  }
  if (valueColumn < 0) {
    throw new SourceError(POLYMARKET_CSV_SOURCE, `line 1: no column "${column}" (header: ${header})`);
  }
  const points: OddsPoint[] = [];
  let blankRows = 0;
  for (const row of table.rows) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    const where = `${POLYMARKET_CSV_SOURCE} line ${row.line}`;
    if (row.cells.length !== table.header.length) {
      const found = `expected ${table.header.length} fields, got ${row.cells.length}`;
      throw new SourceError(where, `${found} (truncated or malformed row)`);
    }
    const p = parseNumberCell(row.cells[valueColumn]);
    if (p === null) {
      blankRows++;
      continue;
    }
    if (Number.isNaN(p)) throw new SourceError(where, `"${column}" value "${row.cells[valueColumn]}" is not a number`);
    const t = timestampColumn >= 0 ? csvTimestamp(row.cells[timestampColumn]!, where) : csvDate(row.cells[dateColumn]!, where);
    points.push({ t, p: probability(p, where, `"${column}"`) });
  }
  if (points.length === 0) throw new SourceError(POLYMARKET_CSV_SOURCE, `column "${column}" has no values`);
  const unique = uniqueByTime(points);
  return { column: table.header[valueColumn]!, points: unique, blankRows, repeatedRows: points.length - unique.length };
}

function csvTimestamp(cell: string, where: string): number {
  const text = cell.trim();
  if (!/^\d{9,10}$/.test(text)) throw new SourceError(where, `Timestamp (UTC) "${cell}" is not unix seconds`);
  return Number(text);
}

/** "MM-DD-YYYY HH:MM" in UTC. */
function csvDate(cell: string, where: string): number {
  const match = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})$/.exec(cell.trim());
  const ms = match ? Date.UTC(+match[3]!, +match[1]! - 1, +match[2]!, +match[4]!, +match[5]!) : Number.NaN;
  if (!match || new Date(ms).getUTCDate() !== +match[2]!) {
    throw new SourceError(where, `Date (UTC) "${cell}" is not MM-DD-YYYY HH:MM`);
  }
  return ms / 1000;
}
