// Parses a screener export CSV (Koyfin, Morningstar, Finviz-like: one row per ticker, one column per figure).
// Columns are mapped by header name through SCREEN_COLUMNS, the one table of accepted headers and units;
// unknown columns are ignored and only a ticker column is required.
//
// Header matching: case-insensitive, spaces collapsed, after removing a unit marker in parentheses —
// "($K)"/"(K)"/"(thousands)" ×1e3, "($M)"/"(M)"/"(mil)"/"(millions)" ×1e6, "($B)"/"(B)"/"(billions)" ×1e9,
// "($)"/"(USD)" ×1 — or a percent marker "(%)" / trailing "%". So "Market Cap ($M)" is Market Cap in millions.
// When several headers of a field are present, the one listed first in SCREEN_COLUMNS wins.
//
// Cells: "N/A", "-", "" are null; "1,234.5" and "$12" are numbers; money cells may carry a K/M/B/T suffix
// ("1.2B"). Dividend yield is stored as a fraction: a cell written "1.36%" is percent; a header with a percent
// marker makes the column percent; otherwise the column is percent when any of its values exceeds 1 (no
// stock yields over 100 %) and a fraction when none does — the Zaki171 Russell 2000 export writes
// "Dividend Yield" 0.0136 for 1.36 % (= Dividends Per Share / Price), other tools write 1.36.
// A P/E or market cap of exactly 0 is how exports write "not meaningful"/"missing" and becomes null.
import { basename } from 'node:path';
import { z } from 'zod';
import type { ScreenRow } from '../store/screen.js';
import { headerText, normaliseHeader, parseCsv, parseNumberCell, type CsvRow } from './csv.js';
import { looksLikeHtml, SourceError } from './http.js';

/** How a column's cells are read. */
export type ScreenKind = 'ticker' | 'text' | 'usd' | 'number' | 'yield';

export interface ScreenColumn {
  field: keyof ScreenRow;
  /** Accepted headers (without unit marker), in priority order. */
  headers: readonly string[];
  kind: ScreenKind;
  /** A 0 is how exports write "missing" or "not meaningful" for this figure (it cannot truly be 0): null. */
  zeroIsMissing?: true;
  /** How values are read and stored, for the README. */
  unit: string;
}

const MONEY_UNIT = 'US dollars; a header unit marker ($K)/($M)/($B) or a cell suffix K/M/B/T scales it';

export const SCREEN_COLUMNS: readonly ScreenColumn[] = [
  { field: 'ticker', kind: 'ticker', headers: ['Ticker', 'Symbol', 'Ticker Symbol'], unit: 'upper-cased; required' },
  { field: 'name', kind: 'text', headers: ['Name', 'Company Name', 'Company', 'Security Name'], unit: 'text' },
  { field: 'sector', kind: 'text', headers: ['Sector', 'GICS Sector', 'Morningstar Sector'], unit: 'text as exported' },
  {
    field: 'marketCapUsd',
    kind: 'usd',
    headers: ['Market Cap', 'Market Capitalization', 'Mkt Cap'],
    zeroIsMissing: true,
    unit: `${MONEY_UNIT}; 0 (missing) → null`,
  },
  {
    field: 'trailingPe',
    kind: 'number',
    zeroIsMissing: true,
    headers: ['Trailing P/E Ratio', 'Trailing P/E', 'P/E (TTM)', 'P/E Ratio (TTM)', 'PE Ratio (TTM)', 'P/E Ratio', 'P/E'],
    unit: 'price / trailing-12-month EPS; 0 (not meaningful) → null',
  },
  {
    field: 'forwardPe',
    kind: 'number',
    zeroIsMissing: true,
    headers: ['Forward P/E', 'Forward P/E Ratio', 'P/E (Forward)', 'P/E (FWD)', 'Fwd P/E', 'P/E (NTM)', 'P/E - NTM', 'Forward PE'],
    unit: 'price / next-12-month EPS estimate; 0 (not meaningful) → null',
  },
  {
    field: 'dividendYield',
    kind: 'yield',
    headers: ['Dividend Yield', 'Dividend Yield (TTM)', 'Trailing Dividend Yield', 'Div Yield'],
    unit: 'fraction; "1.36%" cells and "(%)" headers are percent, else percent when any value exceeds 1',
  },
  {
    field: 'epsDiluted',
    kind: 'number',
    headers: ['EPS (Diluted)', 'Diluted EPS', 'EPS Diluted', 'Diluted EPS (TTM)', 'EPS Diluted (TTM)', 'EPS (TTM)', 'EPS'],
    unit: 'US dollars per share, trailing twelve months',
  },
  {
    field: 'revenueUsd',
    kind: 'usd',
    headers: ['Revenue', 'Revenue (TTM)', 'Total Revenue', 'Revenues', 'Sales', 'Sales (TTM)'],
    unit: MONEY_UNIT,
  },
  {
    field: 'freeCashFlowUsd',
    kind: 'usd',
    headers: ['Free Cash Flow', 'Free Cash Flow (TTM)', 'FCF', 'Levered Free Cash Flow'],
    unit: MONEY_UNIT,
  },
  {
    field: 'priceUsd',
    kind: 'number',
    headers: ['Price', 'Last Price', 'Share Price', 'Current Price', 'Last Close'],
    unit: 'US dollars per share',
  },
  { field: 'beta', kind: 'number', headers: ['Beta', 'Beta (5Y)', 'Beta (5Y Monthly)', 'Beta (5 Year)'], unit: 'plain number' },
];

export interface ScreenFile {
  /** The export's file name, recorded as the source of its values. */
  source: string;
  rows: ScreenRow[];
  /** Which header each recognised field was read from. */
  mapped: { field: keyof ScreenRow; header: string }[];
  /** How dividend yields were read, or null without a yield column. */
  dividendYieldUnit: 'percent' | 'fraction' | null;
  /** Rows without a ticker, not kept. */
  rowsWithoutTicker: number;
  /** Tickers listed again after their first row; the first row is kept. */
  duplicateTickers: string[];
  note: string | null;
}

/** The file name an export is recorded under: the last path segment of a path or URL. */
export function screenFileName(location: string): string {
  if (!/^(https?|file):/i.test(location)) return basename(location);
  const segments = new URL(location).pathname.split('/').filter((s) => s !== '');
  return decodeURIComponent(segments.at(-1) ?? new URL(location).hostname);
}

interface Unit {
  base: string;
  scale: number;
  percent: boolean;
}

const UNIT_MARKERS: { pattern: RegExp; scale: number; percent: boolean }[] = [
  { pattern: /\(\s*(?:\$|usd)?\s*(?:in\s+)?(?:k|000s|thousands?)\s*\)/, scale: 1e3, percent: false },
  { pattern: /\(\s*(?:\$|usd)?\s*(?:in\s+)?(?:m|mm|mil|mln|millions?)\s*\)/, scale: 1e6, percent: false },
  { pattern: /\(\s*(?:\$|usd)?\s*(?:in\s+)?(?:b|bn|bil|billions?)\s*\)/, scale: 1e9, percent: false },
  { pattern: /\(\s*(?:\$|usd)\s*\)/, scale: 1, percent: false },
  { pattern: /\(\s*%\s*\)|\s*%$/, scale: 1, percent: true },
];

/** Splits a normalised header into its name and unit marker. */
export function headerUnit(header: string): Unit {
  const normalised = normaliseHeader(header);
  for (const marker of UNIT_MARKERS) {
    if (marker.pattern.test(normalised)) {
      const base = normalised.replace(marker.pattern, ' ').replace(/\s+/g, ' ').trim();
      return { base, scale: marker.scale, percent: marker.percent };
    }
  }
  return { base: normalised, scale: 1, percent: false };
}

interface MappedColumn {
  spec: ScreenColumn;
  index: number;
  header: string;
  unit: Unit;
}

function mapColumns(header: readonly string[]): MappedColumn[] {
  const units = header.map(headerUnit);
  const mapped: MappedColumn[] = [];
  for (const spec of SCREEN_COLUMNS) {
    for (const name of spec.headers) {
      const index = units.findIndex((unit) => unit.base === normaliseHeader(name));
      if (index >= 0) {
        mapped.push({ spec, index, header: header[index]!, unit: units[index]! });
        break;
      }
    }
  }
  return mapped;
}

const number = z.number().nullable();
const screenRowSchema = z.object({
  ticker: z.string().regex(/^[A-Z0-9][A-Z0-9.\-/:^]{0,24}$/, 'not a ticker symbol'),
  name: z.string().min(1).nullable(),
  sector: z.string().min(1).nullable(),
  marketCapUsd: z.number().nonnegative().nullable(),
  trailingPe: number,
  forwardPe: number,
  dividendYield: z.number().nonnegative().nullable(),
  epsDiluted: number,
  revenueUsd: number,
  freeCashFlowUsd: number,
  priceUsd: z.number().nonnegative().nullable(),
  beta: number,
}) satisfies z.ZodType<ScreenRow>;

const BLANK_TEXT = /^(|-|--|n\/?a|null|none)$/i;
const SUFFIX_SCALE: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/** Parses and validates a whole export; throws a SourceError naming the file and line on anything unexpected. */
export function parseScreenExport(text: string, fileName: string): ScreenFile {
  const source = `screener export ${fileName}`;
  if (looksLikeHtml(text)) throw new SourceError(source, 'got an HTML page instead of the CSV');
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new SourceError(source, 'empty file');
  const table = parseCsv(text, source);
  const mapped = mapColumns(table.header);
  if (!mapped.some((column) => column.spec.kind === 'ticker')) {
    const accepted = SCREEN_COLUMNS[0]!.headers.join(' or ');
    throw new SourceError(`${source} line 1`, `no ticker column (${accepted}); header: ${headerText(table)}`);
  }
  const dataRows = table.rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const yieldColumn = mapped.find((column) => column.spec.kind === 'yield');
  const dividendYieldUnit = yieldColumn ? yieldUnit(yieldColumn, dataRows) : null;
  const rows: ScreenRow[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let rowsWithoutTicker = 0;
  for (const row of dataRows) {
    const parsed = readRow(row, table.header.length, mapped, dividendYieldUnit === 'percent', source);
    if (parsed === null) rowsWithoutTicker++;
    else if (seen.has(parsed.ticker)) duplicates.add(parsed.ticker);
    else {
      seen.add(parsed.ticker);
      rows.push(parsed);
    }
  }
  if (rows.length === 0) throw new SourceError(source, 'no rows with a ticker');
  const duplicateTickers = [...duplicates].sort();
  return {
    source: fileName,
    rows,
    mapped: mapped.map(({ spec, header }) => ({ field: spec.field, header })),
    dividendYieldUnit,
    rowsWithoutTicker,
    duplicateTickers,
    note: describe(dividendYieldUnit, yieldColumn?.header, rowsWithoutTicker, duplicateTickers),
  };
}

/** Whether the yield column holds percent (1.36 = 1.36 %) or fractions (0.0136); see the module comment. */
function yieldUnit(column: MappedColumn, rows: readonly CsvRow[]): 'percent' | 'fraction' {
  if (column.unit.percent) return 'percent';
  const exceedsOne = rows.some((row) => {
    const value = parseNumberCell(row.cells[column.index]);
    return value !== null && Math.abs(value) > 1;
  });
  return exceedsOne ? 'percent' : 'fraction';
}

/** One data row as a validated ScreenRow, or null when it has no ticker. */
function readRow(row: CsvRow, width: number, mapped: readonly MappedColumn[], yieldInPercent: boolean, source: string): ScreenRow | null {
  const where = `${source} line ${row.line}`;
  if (row.cells.length !== width) throw new SourceError(where, `expected ${width} columns, got ${row.cells.length}`);
  const values: Record<string, string | number | null> = Object.fromEntries(SCREEN_COLUMNS.map((spec) => [spec.field, null]));
  for (const column of mapped) {
    const cell = (row.cells[column.index] ?? '').trim();
    const value = readCell(cell, column, yieldInPercent);
    if (Number.isNaN(value)) throw new SourceError(where, `${column.header} '${cell}' is not a number`);
    values[column.spec.field] = value;
  }
  if (values.ticker === null) return null;
  const parsed = screenRowSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const column = mapped.find((c) => c.spec.field === issue.path[0]);
  const cell = column ? row.cells[column.index] : '';
  throw new SourceError(where, `${column?.header ?? String(issue.path[0])} '${cell}': ${issue.message}`);
}

function readCell(cell: string, column: MappedColumn, yieldInPercent: boolean): string | number | null {
  const { kind, zeroIsMissing } = column.spec;
  if (kind === 'ticker') return BLANK_TEXT.test(cell) ? null : cell.toUpperCase();
  if (kind === 'text') return BLANK_TEXT.test(cell) ? null : cell;
  const value = kind === 'usd' ? readMoney(cell, column.unit.scale) : parseNumberCell(cell);
  if (value === null || (zeroIsMissing && value === 0)) return null;
  if (kind === 'yield' && (yieldInPercent || cell.includes('%'))) return value / 100; // percent → fraction
  return value;
}

/** "1,234.5" × header scale, or "1.2B" with its own suffix; null when blank, NaN when not a number. */
function readMoney(cell: string, headerScale: number): number | null {
  const suffixed = /^(.*\d)\s*([KMBT])$/i.exec(cell);
  if (suffixed) {
    const value = parseNumberCell(suffixed[1]);
    return value === null ? Number.NaN : value * SUFFIX_SCALE[suffixed[2]!.toUpperCase()]!;
  }
  const value = parseNumberCell(cell);
  return value === null ? null : value * headerScale;
}

function describe(
  unit: 'percent' | 'fraction' | null,
  yieldHeader: string | undefined,
  rowsWithoutTicker: number,
  duplicateTickers: readonly string[],
): string | null {
  const notes: string[] = [];
  if (unit) notes.push(`'${yieldHeader}' read as ${unit === 'percent' ? 'percent' : 'a fraction'}`);
  if (rowsWithoutTicker > 0) notes.push(`${rowsWithoutTicker} rows without a ticker skipped`);
  if (duplicateTickers.length > 0) notes.push(`repeated tickers (first row kept): ${duplicateTickers.join(', ')}`);
  return notes.length > 0 ? notes.join('; ') : null;
}
