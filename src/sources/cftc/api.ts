// The CFTC public reporting API (Socrata): the Traders in Financial Futures, futures only (dataset gpe5-46if).
// GET {CFTC_API_URL}/resource/gpe5-46if.json?$select=…&$where=cftc_contract_market_code in('239742',…) AND
// report_date_as_yyyy_mm_dd > '…'&$order=report_date_as_yyyy_mm_dd,cftc_contract_market_code&$limit=…&$offset=…
// answers a JSON array of flat rows whose values are strings, e.g. {"report_date_as_yyyy_mm_dd":
// "2026-09-08T00:00:00.000", "cftc_contract_market_code": "239742", "open_interest_all": "431147",
// "lev_money_positions_long": "59759", …}; a field that is null is left out of its row. Only the fields read are
// asked for ($select), and only the weeks after the newest stored ($where), a page of $limit rows at a time.
import { z } from 'zod';
import { RUSSELL_CODES } from '../../core/futures.js';
import type { CotLayout, CotRow } from '../../store/cot.js';
import { fetchJson, joinUrl, SourceError, type FetchOptions } from '../http.js';
import { locateFields, readCotRow, uniqueRows } from './records.js';

export const CFTC_API_SOURCE = 'CFTC COT API';
export const TFF_FUTURES_DATASET = 'gpe5-46if';
/** Rows per request: a week is two or three rows, so one page holds years. */
export const PAGE_ROWS = 1000;
/** The first refresh asks from here: the ICE mini's reports start in July 2008. */
export const HISTORY_START = '2008-01-01';

/** The API's names of the fields read (the dataset's own spelling). */
export const SELECTED_FIELDS = [
  'report_date_as_yyyy_mm_dd',
  'cftc_contract_market_code',
  'market_and_exchange_names',
  'open_interest_all',
  'dealer_positions_long_all',
  'dealer_positions_short_all',
  'dealer_positions_spread_all',
  'asset_mgr_positions_long',
  'asset_mgr_positions_short',
  'asset_mgr_positions_spread',
  'lev_money_positions_long',
  'lev_money_positions_short',
  'lev_money_positions_spread',
  'other_rept_positions_long',
  'other_rept_positions_short',
  'other_rept_positions_spread',
  'nonrept_positions_long_all',
  'nonrept_positions_short_all',
];

/** The URL of one page of the rows reported after `after` (YYYY-MM-DD; null: from HISTORY_START). */
export function tffPageUrl(baseUrl: string, after: string | null, offset: number): string {
  const since =
    after === null ? `report_date_as_yyyy_mm_dd >= '${HISTORY_START}T00:00:00.000'` : `report_date_as_yyyy_mm_dd > '${after}T00:00:00.000'`;
  const query = new URLSearchParams({
    $select: SELECTED_FIELDS.join(','),
    $where: `cftc_contract_market_code in(${RUSSELL_CODES.map((code) => `'${code}'`).join(',')}) AND ${since}`,
    $order: 'report_date_as_yyyy_mm_dd,cftc_contract_market_code',
    $limit: String(PAGE_ROWS),
    $offset: String(offset),
  });
  return `${joinUrl(baseUrl, `/resource/${TFF_FUTURES_DATASET}.json`)}?${query.toString()}`;
}

/** Every row reported after `after`, page by page until a short page; all pages or an error (nothing half-read). */
export async function fetchTffRows(baseUrl: string, after: string | null, request: Omit<FetchOptions, 'source'>): Promise<CotRow[]> {
  const rows: CotRow[] = [];
  for (let offset = 0; ; offset += PAGE_ROWS) {
    const json = await fetchJson(tffPageUrl(baseUrl, after, offset), {
      ...request,
      source: CFTC_API_SOURCE,
      headers: { Accept: 'application/json', ...request.headers },
    });
    const page = parseCotJson(json, `${CFTC_API_SOURCE} page at offset ${offset}`);
    if (page.layout !== null && page.layout !== 'tff') throw new SourceError(CFTC_API_SOURCE, 'the TFF dataset answered rows of another layout');
    rows.push(...page.rows);
    if (page.count < PAGE_ROWS) return uniqueRows(rows, CFTC_API_SOURCE);
  }
}

const rowsSchema = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])), 'expected a JSON array of rows');

export interface ParsedCotJson {
  /** Null for an empty array (nothing reported). */
  layout: CotLayout | null;
  rows: CotRow[];
  /** Rows in the body, the Russell contracts' and any other. */
  count: number;
}

/** A body of API rows (also a saved response): validated, the Russell contracts' rows read by field name. */
export function parseCotJson(json: unknown, source: string): ParsedCotJson {
  const parsed = rowsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(source, `unexpected response: ${issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'not rows'}`);
  }
  const body = parsed.data;
  if (body.length === 0) return { layout: null, rows: [], count: 0 };
  const keys = [...new Set(body.flatMap((row) => Object.keys(row)))];
  const { layout, at } = locateFields(
    keys.map((key) => [key, key] as [string, string]),
    source,
  );
  const rows = body.flatMap((row, index) => {
    const read = readCotRow(layout, at, (key) => (row[key] == null ? undefined : String(row[key])), `${source} row ${index + 1}`);
    return read === null ? [] : [read];
  });
  return { layout, rows, count: body.length };
}
