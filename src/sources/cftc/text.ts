// The CFTC's yearly Commitments of Traders text files: the Traders in Financial Futures file (`FinFutYY.txt` in
// `fut_fin_txt_YYYY.zip`: `Market_and_Exchange_Names`, `Report_Date_as_YYYY-MM-DD`, `CFTC_Contract_Market_Code`,
// `Open_Interest_All`, `Lev_Money_Positions_Long_All`, …) and the legacy futures-only file (`annual.txt` in
// `deacotYYYY.zip`: `As of Date in Form YYYY-MM-DD`, `Noncommercial Positions-Long (All)`, …). Comma-separated,
// names quoted, numbers right-aligned with spaces, '.' for a change that cannot be computed; columns by header name.
// Complete or nothing: every line must have the header's number of cells (a file cut inside a line is refused
// wherever the cut falls), and a Russell row whose required figure is unreadable refuses the file.
import { parseCsv } from '../csv.js';
import { looksLikeHtml, SourceError } from '../http.js';
import type { CotLayout, CotRow } from '../../store/cot.js';
import { RUSSELL_CODES } from '../../core/futures.js';
import { locateFields, readCotRow, uniqueRows } from './records.js';

export interface ParsedCot {
  layout: CotLayout;
  /** The Russell contracts' rows, oldest week first. */
  rows: CotRow[];
  /** Rows of other markets, skipped. */
  otherRows: number;
}

export function parseCotText(text: string, source: string): ParsedCot {
  const body = text.replace(/^\uFEFF/, '');
  if (looksLikeHtml(body)) throw new SourceError(source, 'got an HTML page instead of a COT text file');
  if (body.trim() === '') throw new SourceError(source, 'empty file');
  const table = parseCsv(body, source);
  const { layout, at } = locateFields(
    table.header.map((name, index) => [index, name] as [number, string]),
    `${source} line 1`,
  );
  const rows: CotRow[] = [];
  let otherRows = 0;
  for (const line of table.rows) {
    if (line.cells.every((cell) => cell.trim() === '')) continue;
    if (line.cells.length !== table.header.length) {
      throw new SourceError(
        `${source} line ${line.line}`,
        `expected ${table.header.length} columns, got ${line.cells.length} (file cut short?); nothing stored`,
      );
    }
    const row = readCotRow(layout, at, (index) => line.cells[index], `${source} line ${line.line}`);
    if (row === null) otherRows++;
    else rows.push(row);
  }
  return { layout, rows: checkedRows(rows, source), otherRows };
}

/** The rows deduplicated; refuses an input with none of the Russell contracts. */
export function checkedRows(rows: readonly CotRow[], source: string): CotRow[] {
  if (rows.length === 0) throw new SourceError(source, `no rows for the Russell 2000 contracts (codes ${RUSSELL_CODES.join(', ')})`);
  return uniqueRows(rows, source);
}
