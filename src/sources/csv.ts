// CSV reading shared by every CSV source: csv-parse for quoting, then columns found by header name
// (case-insensitive, trimmed, BOM and NO-BREAK SPACE stripped) so column order never matters.
import { parse } from 'csv-parse/sync';
import { quoted } from '../core/text.js';
import { SourceError } from './http.js';

export interface CsvRow {
  /** 1-based line number in the original text, for error messages. */
  line: number;
  /** Raw cell text by column index. */
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  /** The index of the first column whose normalised header equals one of `names`, or -1. */
  column(...names: string[]): number;
}

/** A header line as an error shows it: quoted, at most 40 characters, unprintable bytes escaped. */
export function headerText(table: CsvTable): string {
  return quoted(table.header.join(', '), 40);
}

export function normaliseHeader(name: string): string {
  return name
    .replace(/[\uFEFF\u00A0]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * Parses CSV text whose header is on line `headerLine` (1-based; default 1). Rows keep their line numbers.
 * Ragged rows are allowed here; callers check the columns they need.
 */
export function parseCsv(text: string, source: string, headerLine = 1): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      from_line: headerLine,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new SourceError(source, `malformed CSV (${(error as Error).message})`);
  }
  const [head, ...body] = records;
  if (!head) throw new SourceError(source, 'empty file: no header line');
  const header = head.record.map(normaliseHeader);
  return {
    header,
    rows: body.map(({ record, info }) => ({ line: info.lines, cells: record })),
    column: (...names) => {
      const wanted = names.map(normaliseHeader);
      return header.findIndex((h) => wanted.includes(h));
    },
  };
}

/** One line's cells (RFC 4180 quoting); the line as one cell when it is no well-formed CSV. */
export function csvLineCells(line: string): string[] {
  try {
    return (parse(line, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    return [line];
  }
}

/** Parses a number as exports write it: "1,234.56", "-", "N/A", "", "12.5%" → 12.5; null when blank. */
export function parseNumberCell(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const text = cell.replace(/[\u00A0\s$,%]/g, '');
  if (text === '' || text === '-' || text === '--' || /^(n\/?a|nan|null|none)$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}
