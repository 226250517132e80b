// EDGAR's daily index (www.sec.gov/Archives/edgar/daily-index/YYYY/QTRn/master.YYYYMMDD.idx): every filing
// disseminated on one business day, pipe-delimited under a short preamble:
//   Description:           Daily Index of EDGAR Dissemination Feed
//   ...
//   CIK|Company Name|Form Type|Date Filed|File Name
//   --------------------------------------------------------------------------------
//   1318605|Tesla, Inc.|8-K|20200103|edgar/data/1318605/0001564590-20-000161.txt
// Weekends and holidays have no file (SEC answers 404 or 403). Columns are found by their header names.
import { SourceError } from '../http.js';

export const DAILY_INDEX_SOURCE = 'SEC daily index';

/** One line of a daily index. */
export interface DailyFiling {
  cik: number;
  companyName: string;
  formType: string;
  /** YYYY-MM-DD. */
  dateFiled: string;
}

/**
 * Forms whose filing can change a company's companyfacts (XBRL financial statements, or the cover page's
 * shares outstanding): annual, quarterly and transition reports, current reports, foreign private issuers'
 * reports, and their amendments. Insider (3/4/5), proxy, prospectus and other forms do not.
 */
const FUNDAMENTALS_FORM = /^(10-K|10-Q|10-KT|10-QT|20-F|40-F|8-K|6-K)(\/A)?$/;

export function changesFundamentals(formType: string): boolean {
  return FUNDAMENTALS_FORM.test(formType.trim().toUpperCase());
}

/** The index file of one day (YYYY-MM-DD) under the daily-index folder: "2020/QTR1/master.20200103.idx". */
export function dailyIndexPath(date: string): string {
  const [year, month] = date.split('-').map(Number);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !year || !month) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return `${year}/QTR${Math.ceil(month / 3)}/master.${date.replaceAll('-', '')}.idx`;
}

/** Parses a master.YYYYMMDD.idx; throws SourceError when it has no "CIK|...|Form Type|..." header. */
export function parseDailyIndex(text: string, source = DAILY_INDEX_SOURCE): DailyFiling[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.includes('|') && /\bCIK\b/i.test(line) && /form type/i.test(line));
  if (headerAt < 0) throw new SourceError(source, 'not an EDGAR master index (no "CIK|Company Name|Form Type|Date Filed|File Name" header)');
  const header = lines[headerAt]!.split('|').map((name) => name.trim().toLowerCase());
  const column = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new SourceError(source, `header has no "${name}" column`);
    return at;
  };
  const [cikAt, nameAt, formAt, dateAt] = [column('cik'), column('company name'), column('form type'), column('date filed')];
  const filings: DailyFiling[] = [];
  lines.slice(headerAt + 1).forEach((line, i) => {
    if (line.trim() === '' || /^-+$/.test(line.trim())) return;
    const cells = line.split('|');
    const lineNo = headerAt + 2 + i;
    if (cells.length !== header.length) {
      throw new SourceError(source, `line ${lineNo}: expected ${header.length} fields, got ${cells.length}`);
    }
    const cik = Number(cells[cikAt]);
    const date = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(cells[dateAt]!.trim());
    if (!Number.isInteger(cik) || cik <= 0 || !date) {
      throw new SourceError(source, `line ${lineNo}: bad CIK or date ("${line.slice(0, 80)}")`);
    }
    filings.push({
      cik,
      companyName: cells[nameAt]!.trim(),
      formType: cells[formAt]!.trim(),
      dateFiled: `${date[1]}-${date[2]}-${date[3]}`,
    });
  });
  return filings;
}

/** Every calendar date from `from` through `to` (YYYY-MM-DD, inclusive, UTC); empty when `from` is later. */
export function datesThrough(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}
