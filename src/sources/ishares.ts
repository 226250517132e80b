// Parses the iShares holdings CSV (the "Detailed Holdings and Analytics" download, e.g. IWM_holdings.csv).
//
// Format (2021–2025 vintages, see test/fixtures/SOURCES.md):
//   - optional UTF-8 BOM;
//   - optional preamble: line 1 the fund name, line 2 `Fund Holdings as of,"Jul 11, 2024"`, more metadata,
//     then a line holding only a NO-BREAK SPACE (or nothing). Some saved copies have the preamble stripped;
//   - the header line, found as the first line with both a `Ticker` and a `Name` column; columns are then
//     read by header name, so the old layout with CUSIP/ISIN/SEDOL and the quantity column being `Shares`
//     (2024 and earlier) or `Quantity` (2025+) all parse the same way;
//   - two weight layouts: `Weight (%)` (every layout until funds held swaps), or the swap layout of 2026 (IJR,
//     IJH), which has a `Type` column (EQUITY, SWAP, WARRANT, CASH, INDEX, COLLATERAL, STIF) and, instead of
//     `Weight (%)`, `Market Weight` (Market Value over net assets: swaps and futures have `-`, so it adds up to
//     about 100 over the rows without them) and `Notional Weight` (Notional Value over the fund's exposure: with
//     the swaps and futures, it adds up to about 100). Layouts differ between funds on the same day, and a fund
//     changes layout when it starts holding swaps;
//   - data rows (quoted or not, thousands separators, "-" for blank), each with exactly as many cells as the
//     header, up to the first blank line (nothing but NO-BREAK SPACEs, spaces or empty cells); anything after that
//     is the BlackRock
//     disclaimer footer (one quoted cell over many lines). Without such a line the rows run to the end of the
//     file (the 2021 layout, preamble stripped, has no end marker);
//   - a copy re-saved by a spreadsheet (Excel) pads every preamble line with empty cells to the header's width
//     (`Fund Holdings as of,"Nov 06, 2020",,,,`), ends the table with a line of empty cells (` ,,,,`), drops the
//     quotes and may write the date as `13-Apr-26`: the preamble is read cell by cell, so it reads the same.
//
// Completeness (a file cut short never replaces a good snapshot):
//   - a file with the preamble must end its table: a NO-BREAK-SPACE line (or, in a re-saved copy, a truly empty
//     line) with nothing or a whole disclaimer footer after it (downloads of 2019–2020 end at the NO-BREAK-SPACE
//     line; later ones add the footer); and its weight column, over every row (cash and futures too), must add up
//     to 100 ± 2: `Weight (%)`, else the column members' weights come from (`Notional Weight`, else `Market
//     Weight`), so a table that lost rows is refused wherever it was cut;
//   - a preamble-stripped file cannot show it is complete nor say its date: it needs --fund and --as-of;
//   - whatever follows the end marker must be a whole footer (an odd number of quotes means it was cut).
//
// Decisions:
//   - only rows whose Asset Class is `Equity` are read (cash, money market, futures and collateral are not);
//   - of those, only index members are kept, by the member rule of src/core/members.ts (indexMember, which
//     reads the `Type` too): rights, warrants, CVRs, escrows, private vesting lines, lines of another type and
//     lines without a ticker are skipped and counted in the note, as are odd lines (a ticker that is no symbol,
//     a value that is no number), whose line numbers the note gives; none of these refuses the file;
//   - weight is stored as a fraction: "Weight (%)" 0.55 → 0.0055 (the file rounds it to 0.01 %). In the swap
//     layout a member's weight is its exposure: the `Notional Weight` of its EQUITY and SWAP lines summed (an
//     EQUITY line's notional weight is its market weight over the exposure), else `Market Weight` when the file
//     has no `Notional Weight`; its market value is likewise its exposure: Market Value of its EQUITY lines plus
//     Notional Value of its SWAP lines (a swap's Market Value is its unrealised gain, 0.00 in the files seen);
//   - a SWAP line adds to the member of its ticker, so a stock held both ways is one member; a stock held only
//     through a swap is a member of its own (counted in the note); a weight of "-" (under 0.005 %) is unknown;
//   - a member ticker listed twice becomes one holding: market value, weight and shares are summed; name,
//     sector, price and exchange are those of the line with the largest market value;
//   - the as-of date comes from the `Fund Holdings as of` line; a caller's asOf is required when the file
//     has none, and contradicting it is an error. An as-of of "-" is iShares' answer for a fund without
//     holdings data and is an error, never an empty snapshot;
//   - the fund symbol is the caller's `fund`, else looked up from the fund name (src/sources/ishares-funds.ts);
//   - market value and price are in the fund's currency (the `Currency` column); only USD funds are accepted.
import { z } from 'zod';
import type { FuturesLine } from '../store/fund-futures.js';
import type { FundTotals, Holding } from '../store/holdings.js';
import { csvLineCells, headerText, parseCsv, parseNumberCell, type CsvRow, type CsvTable } from './csv.js';
import { looksLikeHtml, SourceError } from './http.js';
import { indexMember, type NonMemberReason } from '../core/members.js';
import { plural, quoted } from '../core/text.js';
import { fundSymbolFor, ISHARES_FUNDS } from './ishares-funds.js';

export const ISHARES_SOURCE = 'iShares holdings CSV';

export interface HoldingsOptions {
  /** Fund symbol (e.g. IWM); required when the file's fund name is missing or not in ISHARES_FUNDS. */
  fund?: string;
  /** YYYY-MM-DD, used only when the file has no `Fund Holdings as of` line. */
  asOf?: string;
}

export interface HoldingsFile {
  fund: string;
  /** Line 1 of the download, when the preamble is present. */
  fundName: string | null;
  /** YYYY-MM-DD, from the file or the caller. */
  asOf: string;
  holdings: Holding[];
  /** Equity lines that are no index member, by reason ("odd": unreadable values); reasons with none absent. */
  skipped: Partial<Record<SkipReason, number>>;
  /** 1-based line numbers of the odd lines (ticker no symbol, value no number), for the note. */
  oddLines: number[];
  /** Tickers listed more than once, each aggregated into one holding. */
  aggregatedTickers: string[];
  /** SWAP lines added to the member of their ticker (swap layout; 0 in the others). */
  swapLines: number;
  /** Members held only through a swap (no EQUITY line has the ticker), alphabetically. */
  swapOnlyTickers: string[];
  /** Rows of other asset classes (cash, futures, money market, collateral), not kept as holdings. */
  nonEquityRows: number;
  /** The `Futures` lines (e.g. the fund's RTY contracts): their price is an index level of the holdings date. */
  futures: FuturesLine[];
  /** The column the completeness check added up (and members' weights come from). */
  weightColumn: WeightColumn;
  /** Sum of that column over every row of the table, in percent. */
  weightSumPct: number;
  /** The fund's totals: Σ Market Value of every row, and the preamble's shares outstanding and NAV per share. */
  totals: FundTotals;
  /** One human-readable line on what was skipped, or null. */
  note: string | null;
}

/** Why an Equity line was not kept: the member rule's reasons, or a value that is no number. */
export type SkipReason = NonMemberReason | 'unreadable';

/** How far the weight column of a file with the preamble may add up from 100. */
export const WEIGHT_SUM_TOLERANCE_PCT = 2;

/** The weight columns, in the order they are preferred (see the header comment). */
const WEIGHT_COLUMNS = ['weight (%)', 'notional weight', 'market weight'] as const;
export type WeightColumn = (typeof WEIGHT_COLUMNS)[number];

/** Header names (normalised: lower case, single spaces) of the columns read; the first present one is used. */
const COLUMNS = {
  ticker: { headers: ['ticker'], required: true },
  name: { headers: ['name'], required: true },
  type: { headers: ['type'], required: false },
  sector: { headers: ['sector'], required: false },
  assetClass: { headers: ['asset class'], required: true },
  marketValue: { headers: ['market value'], required: true },
  notionalValue: { headers: ['notional value'], required: false },
  weight: { headers: WEIGHT_COLUMNS, required: true },
  shares: { headers: ['shares', 'quantity'], required: true },
  price: { headers: ['price'], required: true },
  exchange: { headers: ['exchange'], required: false },
  currency: { headers: ['currency'], required: false },
} as const;

type ColumnKey = keyof typeof COLUMNS;
type ColumnIndex = Record<ColumnKey, number>;

const holdingSchema = z.object({
  ticker: z.string(),
  name: z.string().min(1, 'is empty'),
  sector: z.string().min(1).nullable(),
  assetClass: z.literal('Equity'),
  marketValueUsd: z.number().nullable(),
  weight: z.number().min(-1).max(1).nullable(),
  sharesHeld: z.number().nullable(),
  priceUsd: z.number().nonnegative().nullable(),
  exchange: z.string().min(1).nullable(),
}) satisfies z.ZodType<Holding>;

/**
 * Parses and validates a whole download; throws a SourceError naming the line when the text is not a holdings
 * file or is incomplete (see the header comment). Lines that are no index member are skipped and counted.
 */
export function parseIsharesHoldings(text: string, options: HoldingsOptions = {}): HoldingsFile {
  const body = text.replace(/^\uFEFF/, '');
  if (looksLikeHtml(body)) {
    throw new SourceError(ISHARES_SOURCE, 'got an HTML page instead of the CSV (blocked, or the download URL moved)');
  }
  if (body.trim() === '') throw new SourceError(ISHARES_SOURCE, 'empty response');
  const lines = body.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop(); // the newline that ends the last line starts no blank line
  const fileAsOf = readFileAsOf(lines);
  const headerIndex = findHeaderIndex(lines);
  const hasPreamble = headerIndex > 0;
  const fundName = hasPreamble ? preambleCells(lines[0] ?? '').join(', ') || null : null;
  const fund = resolveFund(fundName, options.fund);
  const asOf = resolveAsOf(fileAsOf, options.asOf);
  const end = findTableEnd(lines, headerIndex);
  checkTableEnd(lines, end, hasPreamble);
  const table = parseCsv(lines.slice(0, end).join('\n'), ISHARES_SOURCE, headerIndex + 1);
  const { columns, weightColumn } = locateColumns(table, headerIndex + 1);
  const skipped: Partial<Record<SkipReason, number>> = {};
  const oddLines: number[] = [];
  let nonEquityRows = 0;
  const futures: FuturesLine[] = [];
  let weightSumPct = 0;
  let marketValueUsd: number | null = null;
  const memberLines: MemberLine[] = [];
  for (const row of table.rows) {
    const read = readRow(row, table.header.length, columns);
    weightSumPct += read.weightPct ?? 0;
    if (read.marketValueUsd !== null) marketValueUsd = (marketValueUsd ?? 0) + read.marketValueUsd;
    if (read.futures) futures.push(read.futures);
    if (read.kept === 'non-equity') nonEquityRows++;
    else if ('skip' in read.kept) {
      skipped[read.kept.skip] = (skipped[read.kept.skip] ?? 0) + 1;
      if (read.kept.skip === 'unreadable' || read.kept.skip === 'odd ticker') oddLines.push(row.line);
    } else memberLines.push(read.kept);
  }
  if (memberLines.length === 0) {
    throw new SourceError(ISHARES_SOURCE, `no index members between the header (line ${headerIndex + 1}) and line ${end}`);
  }
  if (hasPreamble) checkWeightSum(weightSumPct, weightColumn);
  const { holdings, ...merged } = aggregateLines(memberLines);
  const parts = { skipped, oddLines, ...merged, nonEquityRows };
  const totals: FundTotals = { marketValueUsd, ...readPreambleTotals(lines.slice(0, Math.max(0, headerIndex))) };
  return { fund, fundName, asOf, holdings, ...parts, futures, weightColumn, weightSumPct, totals, note: describe(parts) };
}

/** Refuses a table that ends without its end marker (preamble files) or with a footer cut inside its quotes. */
function checkTableEnd(lines: readonly string[], end: number, hasPreamble: boolean): void {
  const cut = (message: string) => new SourceError(ISHARES_SOURCE, `incomplete file: ${message}; nothing stored`);
  if (end === lines.length) {
    if (hasPreamble) throw cut(`the holdings table runs to the last line (${lines.length}) with no blank line and disclaimer after it`);
    return;
  }
  const footer = lines.slice(end + 1).join('\n');
  // Downloads of 2019–2020 end at the NO-BREAK-SPACE line; later ones add the disclaimer, which must be whole.
  if (footer.trim() === '') return;
  if ((footer.match(/"/g) ?? []).length % 2 !== 0) throw cut(`the disclaimer footer from line ${end + 2} stops inside its quotes`);
}

/** Refuses a file whose weight column does not add up to about 100 (rows are missing). */
function checkWeightSum(weightSumPct: number, column: WeightColumn): void {
  if (Math.abs(weightSumPct - 100) > WEIGHT_SUM_TOLERANCE_PCT) {
    throw new SourceError(
      ISHARES_SOURCE,
      `incomplete file: its weights ('${column}') add up to ${weightSumPct.toFixed(2)} %, not 100 ± ${WEIGHT_SUM_TOLERANCE_PCT} %; nothing stored`,
    );
  }
}

function lineError(line: number, message: string): SourceError {
  return new SourceError(`${ISHARES_SOURCE} line ${line}`, message);
}

/** A preamble line's cells, unquoted and trimmed (NO-BREAK SPACE too), without the empty cells a re-saved copy pads it with. */
function preambleCells(line: string): string[] {
  const cells = csvLineCells(line).map((cell) => cell.replace(/^[\s\u00A0]+|[\s\u00A0]+$/g, ''));
  while (cells.at(-1) === '') cells.pop();
  return cells;
}

/** The `Fund Holdings as of` value of the preamble as {line, text}, or null when there is no such line. */
function readFileAsOf(lines: readonly string[]): { line: number; date: string } | null {
  const limit = Math.min(lines.length, 20);
  for (let index = 0; index < limit; index++) {
    const [key, value = ''] = preambleCells(lines[index] ?? '');
    if (key?.toLowerCase() !== 'fund holdings as of') continue;
    if (value === '-' || value === '') throw new SourceError(ISHARES_SOURCE, `no holdings (as-of '${value}')`);
    const date = parseAsOfDate(value);
    if (!date) throw lineError(index + 1, `cannot read the as-of date '${value}' (expected like "Jul 11, 2024")`);
    return { line: index + 1, date };
  }
  return null;
}

/** Preamble labels (lower case) of the shares outstanding and of the NAV per share. */
const SHARES_OUTSTANDING_KEYS = ['shares outstanding'];
const NAV_KEYS = ['nav', 'nav per share', 'net asset value', 'net asset value per share'];

/** The preamble's shares outstanding and NAV per share (`Label,"1,234.00"` lines); null when absent or "-". */
function readPreambleTotals(preamble: readonly string[]): Omit<FundTotals, 'marketValueUsd'> {
  const values = new Map<string, number | null>();
  for (const line of preamble) {
    const [key, cell] = preambleCells(line);
    if (key === undefined || cell === undefined) continue;
    const value = parseNumberCell(cell);
    values.set(key.toLowerCase(), value !== null && Number.isFinite(value) && value > 0 ? value : null);
  }
  const first = (keys: string[]) => keys.map((key) => values.get(key) ?? null).find((v) => v !== null) ?? null;
  return { sharesOutstanding: first(SHARES_OUTSTANDING_KEYS), navPerShareUsd: first(NAV_KEYS) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * "Jul 11, 2024" / "July 11 2024" / "2024-07-11" / "11-Jul-24" (a spreadsheet's re-save; 20YY) → "2024-07-11"; null
 * when not a real calendar date.
 */
export function parseAsOfDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const named = /^([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(text.trim());
  const dayFirst = /^(\d{1,2})-([A-Za-z]{3})[A-Za-z]*-(\d{2}|\d{4})$/.exec(text.trim());
  let year: number;
  let month: number;
  let day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (named) [year, month, day] = [Number(named[3]), MONTHS.indexOf(named[1]!.toLowerCase()) + 1, Number(named[2])];
  else if (dayFirst) {
    const yy = Number(dayFirst[3]);
    [year, month, day] = [yy < 100 ? 2000 + yy : yy, MONTHS.indexOf(dayFirst[2]!.toLowerCase()) + 1, Number(dayFirst[1])];
  } else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function resolveAsOf(file: { line: number; date: string } | null, given: string | undefined): string {
  if (given === undefined) {
    if (file) return file.date;
    throw new SourceError(ISHARES_SOURCE, "the file has no 'Fund Holdings as of' line (preamble stripped); pass --as-of YYYY-MM-DD with --fund");
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(given) ? parseAsOfDate(given) : null;
  if (!date) {
    throw new SourceError(ISHARES_SOURCE, `--as-of '${given}' is not a YYYY-MM-DD date`);
  }
  if (file && file.date !== date) {
    throw lineError(file.line, `the file is as of ${file.date} but --as-of says ${date}`);
  }
  return date;
}

function resolveFund(fundName: string | null, given: string | undefined): string {
  const inferred = fundName ? fundSymbolFor(fundName) : null;
  if (given !== undefined) {
    const fund = given.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(fund)) throw new SourceError(ISHARES_SOURCE, `--fund '${given}' is not a fund symbol`);
    if (inferred && inferred !== fund) {
      throw lineError(1, `the file is for ${fundName} (${inferred}) but --fund says ${fund}`);
    }
    return fund;
  }
  if (inferred) return inferred;
  throw new SourceError(
    ISHARES_SOURCE,
    fundName
      ? `cannot tell the fund symbol of ${quoted(fundName, 60)} (known: ${Object.values(ISHARES_FUNDS).join(', ')}); pass --fund`
      : 'the file has no fund name line (preamble stripped); pass --fund',
  );
}

const HEADER_SEARCH_LINES = 40;

/** 0-based index of the first line with both a Ticker and a Name column. */
function findHeaderIndex(lines: readonly string[]): number {
  const limit = Math.min(lines.length, HEADER_SEARCH_LINES);
  for (let index = 0; index < limit; index++) {
    const line = lines[index] ?? '';
    if (!/ticker/i.test(line)) continue;
    const { header } = parseCsv(line, ISHARES_SOURCE);
    if (header.includes('ticker') && header.includes('name')) return index;
  }
  throw new SourceError(
    ISHARES_SOURCE,
    `no header line with Ticker and Name columns in the first ${HEADER_SEARCH_LINES} lines (not a holdings CSV?)`,
  );
}

/** 0-based index of the first blank line after the header (NO-BREAK SPACEs, spaces, empty cells), else the line count. */
function findTableEnd(lines: readonly string[], headerIndex: number): number {
  for (let index = headerIndex + 1; index < lines.length; index++) {
    if ((lines[index] ?? '').replace(/[\s\u00A0,"]/g, '') === '') return index;
  }
  return lines.length;
}

/** The columns' indexes (-1 when absent), and which weight column the file has (the first of WEIGHT_COLUMNS). */
function locateColumns(table: CsvTable, headerLine: number): { columns: ColumnIndex; weightColumn: WeightColumn } {
  const index = {} as ColumnIndex;
  const weightColumn = WEIGHT_COLUMNS.find((name) => table.column(name) >= 0);
  for (const [key, spec] of Object.entries(COLUMNS) as [ColumnKey, (typeof COLUMNS)[ColumnKey]][]) {
    index[key] = key === 'weight' ? (weightColumn === undefined ? -1 : table.column(weightColumn)) : table.column(...spec.headers);
    if (spec.required && index[key] < 0) {
      const wanted = spec.headers.map((name) => `'${name}'`).join(' or ');
      throw lineError(headerLine, `header lacks the required column ${wanted} (found: ${headerText(table)})`);
    }
  }
  return { columns: index, weightColumn: weightColumn! };
}

/** A member's line: its holding (weight and value being the line's own) and whether it is a SWAP line. */
interface MemberLine {
  holding: Holding;
  swap: boolean;
}

interface ReadRow {
  /** The row's weight cell, for the completeness check; null when blank or no number. */
  weightPct: number | null;
  kept: MemberLine | 'non-equity' | { skip: SkipReason };
  /** The row's Market Value (any asset class), null when blank or not a number. */
  marketValueUsd: number | null;
  /** The line itself when its Asset Class is Futures. */
  futures?: FuturesLine;
}

/** A cell as a finite number; null when blank, "-" or no number. */
function finiteNumber(cell: string): number | null {
  const value = parseNumberCell(cell);
  return value !== null && Number.isFinite(value) ? value : null;
}

/** One data row: a validated member line, or why it is not kept. */
function readRow(row: CsvRow, width: number, columns: ColumnIndex): ReadRow {
  if (row.cells.length !== width) throw lineError(row.line, `expected ${width} columns, got ${row.cells.length}`);
  const cell = (key: ColumnKey): string => (columns[key] < 0 ? '' : (row.cells[columns[key]] ?? '').trim());
  const text = (key: ColumnKey): string | null => (cell(key) === '' || cell(key) === '-' ? null : cell(key));
  const weightCell = parseNumberCell(cell('weight'));
  const weightPct = finiteNumber(cell('weight'));
  const marketValueUsd = finiteNumber(cell('marketValue'));
  const assetClass = cell('assetClass').toLowerCase();
  if (assetClass === 'futures') return { weightPct, marketValueUsd, kept: 'non-equity', futures: futuresLine(cell) };
  if (assetClass !== 'equity') return { weightPct, marketValueUsd, kept: 'non-equity' };
  const verdict = indexMember({ ticker: cell('ticker'), name: cell('name'), type: cell('type') });
  if (!verdict.member) return { weightPct, marketValueUsd, kept: { skip: verdict.reason } };
  const currency = text('currency');
  if (currency !== null && currency.toUpperCase() !== 'USD') {
    throw lineError(row.line, `values are in ${currency}; only US-dollar funds are supported`);
  }
  const swap = verdict.swap === true;
  const candidate = {
    ticker: verdict.ticker,
    name: cell('name'),
    sector: text('sector'),
    assetClass: 'Equity',
    // A swap's exposure is its notional value (its market value is only the swap's unrealised gain).
    marketValueUsd: parseNumberCell(cell(swap ? 'notionalValue' : 'marketValue')),
    weight: weightCell === null ? null : weightCell / 100, // "Weight (%)" (or notional weight) → fraction
    sharesHeld: parseNumberCell(cell('shares')),
    priceUsd: parseNumberCell(cell('price')),
    exchange: text('exchange'),
  };
  const parsed = holdingSchema.safeParse(candidate);
  return { weightPct, marketValueUsd, kept: parsed.success ? { holding: parsed.data, swap } : { skip: 'unreadable' } };
}

/** A futures line's figures; a value that is no number is null. */
function futuresLine(cell: (key: ColumnKey) => string): FuturesLine {
  return {
    ticker: cell('ticker').toUpperCase(),
    name: cell('name'),
    quantity: finiteNumber(cell('shares')),
    priceUsd: finiteNumber(cell('price')),
    notionalUsd: finiteNumber(cell('notionalValue')),
  };
}

const sumOrNull = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

/** One holding per ticker, what the merge did, for the note. */
interface MergedLines {
  holdings: Holding[];
  /** Tickers with more than one stock line. */
  aggregatedTickers: string[];
  /** SWAP lines added to a member that has a stock line. */
  swapLines: number;
  /** Members with SWAP lines only. */
  swapOnlyTickers: string[];
}

/**
 * Merges the lines that share a ticker, SWAP lines into the stock of their ticker: value (exposure), weight and
 * shares are summed; the largest position gives the descriptive fields.
 */
function aggregateLines(lines: readonly MemberLine[]): MergedLines {
  const byTicker = new Map<string, { holding: Holding; stockLines: number; swapLines: number }>();
  for (const { holding, swap } of lines) {
    const seen = byTicker.get(holding.ticker);
    const counts = { stockLines: (seen?.stockLines ?? 0) + (swap ? 0 : 1), swapLines: (seen?.swapLines ?? 0) + (swap ? 1 : 0) };
    if (!seen) {
      byTicker.set(holding.ticker, { holding, ...counts });
      continue;
    }
    const largest = (holding.marketValueUsd ?? -Infinity) > (seen.holding.marketValueUsd ?? -Infinity) ? holding : seen.holding;
    const merged = {
      ...largest,
      marketValueUsd: sumOrNull(seen.holding.marketValueUsd, holding.marketValueUsd),
      weight: sumOrNull(seen.holding.weight, holding.weight),
      sharesHeld: sumOrNull(seen.holding.sharesHeld, holding.sharesHeld),
    };
    byTicker.set(holding.ticker, { holding: merged, ...counts });
  }
  const entries = [...byTicker.values()];
  const tickers = (test: (e: (typeof entries)[number]) => boolean) =>
    entries
      .filter(test)
      .map((e) => e.holding.ticker)
      .sort();
  return {
    holdings: entries.map((e) => e.holding),
    aggregatedTickers: tickers((e) => e.stockLines > 1),
    swapLines: entries.reduce((n, e) => n + (e.stockLines > 0 ? e.swapLines : 0), 0),
    swapOnlyTickers: tickers((e) => e.stockLines === 0),
  };
}

const REASON_LABELS: Record<SkipReason, [one: string, many: string]> = {
  'no ticker': ['without a ticker', 'without a ticker'],
  right: ['right', 'rights'],
  warrant: ['warrant', 'warrants'],
  cvr: ['CVR', 'CVRs'],
  escrow: ['escrow', 'escrows'],
  private: ['private placement', 'private placements'],
  'not a stock': ['line of another type (fund, cash, futures)', 'lines of another type (fund, cash, futures)'],
  'odd ticker': ['ticker that is no symbol', 'tickers that are no symbol'],
  unreadable: ['with a value that is no number', 'with a value that is no number'],
};

/** The note of the one-line ingest summary: what was skipped and why. */
function describe(
  parts: Pick<HoldingsFile, 'skipped' | 'oddLines' | 'aggregatedTickers' | 'swapLines' | 'swapOnlyTickers' | 'nonEquityRows'>,
): string | null {
  const notes: string[] = [];
  const reasons = (Object.keys(REASON_LABELS) as SkipReason[]).filter((reason) => (parts.skipped[reason] ?? 0) > 0);
  const total = reasons.reduce((sum, reason) => sum + parts.skipped[reason]!, 0);
  if (total > 0) {
    const counts = reasons.map((reason) => `${parts.skipped[reason]} ${REASON_LABELS[reason][parts.skipped[reason] === 1 ? 0 : 1]}`);
    const where = parts.oddLines.length > 0 ? ` (odd: line ${parts.oddLines.slice(0, 5).join(', ')}${parts.oddLines.length > 5 ? ', …' : ''})` : '';
    notes.push(`${total} equity ${total === 1 ? 'line that is' : 'lines that are'} no index member skipped: ${counts.join(', ')}${where}`);
  }
  if (parts.aggregatedTickers.length > 0) {
    notes.push(`duplicate tickers aggregated: ${parts.aggregatedTickers.join(', ')}`);
  }
  if (parts.swapLines > 0) notes.push(`${plural(parts.swapLines, 'swap line')} added to the stock of the same ticker`);
  const swapOnly = parts.swapOnlyTickers;
  if (swapOnly.length > 0) {
    const listed = `${swapOnly.slice(0, 5).join(', ')}${swapOnly.length > 5 ? ', …' : ''}`;
    notes.push(`${swapOnly.length === 1 ? '1 member' : `${swapOnly.length} members`} held only through a swap (${listed})`);
  }
  if (parts.nonEquityRows > 0) notes.push(`${plural(parts.nonEquityRows, 'non-equity row')} (cash, futures, money market) left out`);
  return notes.length > 0 ? notes.join('; ') : null;
}
