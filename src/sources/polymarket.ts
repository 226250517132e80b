// Election odds from Polymarket: the market lookup on the Gamma API, the outcome's price history from the CLOB
// `prices-history` endpoint, and the website's "download CSV" export.
//
// Gamma — GET {POLYMARKET_GAMMA_URL}/markets?slug=S answers an array of markets. An EVENT slug (e.g.
//   presidential-election-winner-2024) answers [] there and is GET /events?slug=S: an array of events, each with
//   markets[], one per candidate (question "Will Donald Trump win the 2024 US Presidential Election?",
//   groupItemTitle "Donald Trump"). `outcomes` and `clobTokenIds` are JSON-encoded strings inside the JSON
//   ('["Yes", "No"]'), decoded a second time; clobTokenIds[i] is the token of outcomes[i] (index 0 = "Yes").
// Choosing the outcome: the market whose groupItemTitle is the outcome (case-insensitive), followed through its
//   Yes token; otherwise, when the slug names a single market, the token of the outcome of that name ("Yes").
// CLOB — GET {POLYMARKET_CLOB_URL}/prices-history?market=TOKEN&startTs=..&endTs=..&fidelity=MINUTES answers
//   {"history":[{"t":unix_s,"p":0..1}]}, possibly empty. Known limits (public reports, not documented by
//   Polymarket): a startTs..endTs span over ~15 days is HTTP 400 "invalid filters: 'startTs' and 'endTs'
//   interval is too long" (public test scripts measure 15 days OK, 16 refused; Jon-Becker/
//   prediction-market-analysis#55 fetches 15-day windows at hourly fidelity); with `interval=max` a resolved
//   market answers nothing below fidelity 720 (Polymarket/py-clob-client#216, e.g. the 2024 election), while
//   explicit startTs/endTs windows keep the requested fidelity. So history is fetched in 14-day windows at
//   fidelity 60 (hourly: the Trump-trade figure aligns odds to the 16:00 New York close); when every window of a
//   closed market comes back empty, all windows once more at fidelity 720. Points are deduplicated by t (adjacent
//   windows share their boundary second) and sorted.
// Website CSV — every field quoted; "Date (UTC)" MM-DD-YYYY HH:MM, "Timestamp (UTC)" unix seconds, then one
//   column per outcome in an order that differs between exports (found by header name); a blank cell (before
//   that market existed) is skipped. The timestamp is used; "Date (UTC)" only when there is no timestamp column.
//   A timestamp listed twice keeps the later row (the real hourly export repeats 11-03-2024 05:00 where the
//   US clocks went back, and omits 06:00).
// A probability outside 0..1 is an error naming the line or field.
import { z } from 'zod';
import type { OddsPoint } from '../store/odds.js';
import { parseCsv, parseNumberCell } from './csv.js';
import { fetchJson, joinUrl, looksLikeHtml, SourceError, type FetchOptions } from './http.js';

export const GAMMA_SOURCE = 'Polymarket Gamma';
export const CLOB_SOURCE = 'Polymarket CLOB prices-history';
export const POLYMARKET_CSV_SOURCE = 'Polymarket CSV export';

/** Longest startTs..endTs span a prices-history request asks for (the API refuses more than ~15 days). */
export const HISTORY_WINDOW_SECONDS = 14 * 86_400;
/** Hourly points; the fallback for closed markets that answer nothing finer. */
export const HISTORY_FIDELITY_MINUTES = 60;
export const CLOSED_MARKET_FIDELITY_MINUTES = 720;
/** Trading after a market's end date (results night, resolution) is fetched up to this long after it. */
const AFTER_END_SECONDS = 7 * 86_400;

type Request = Omit<FetchOptions, 'source'>;

/** One Gamma market, its JSON-in-JSON lists decoded. */
export interface GammaMarket {
  slug: string;
  question: string;
  /** The option's name inside an event ("Donald Trump"); null for a stand-alone market. */
  groupItemTitle: string | null;
  outcomes: string[];
  /** Token of each outcome, in the order of `outcomes`; null when the market is not on the order book. */
  clobTokenIds: string[] | null;
  closed: boolean;
  /** Unix seconds: startDate (or createdAt); null when unknown. */
  startTs: number | null;
  /** Unix seconds: the later of endDate and closedTime; null when unknown. */
  endTs: number | null;
}

export interface OutcomeToken {
  market: GammaMarket;
  /** The outcome the token pays on ("Yes", or the market's own outcome name). */
  tokenOutcome: string;
  tokenId: string;
}

export interface TimeWindow {
  startTs: number;
  endTs: number;
}

// ---------------------------------------------------------------------------------------------------------
// Gamma

const listField = z.union([z.string(), z.array(z.string())]).nullable().optional();
const optionalText = z.string().nullable().optional();

const gammaMarketSchema = z.object({
  slug: z.string().min(1),
  question: z.string(),
  groupItemTitle: optionalText,
  outcomes: listField,
  clobTokenIds: listField,
  closed: z.boolean().nullable().optional(),
  startDate: optionalText,
  createdAt: optionalText,
  endDate: optionalText,
  closedTime: optionalText,
});
const gammaEventSchema = z.object({ slug: z.string(), markets: z.array(gammaMarketSchema).nullable().optional() });

type RawMarket = z.infer<typeof gammaMarketSchema>;

/** Parses a Gamma /markets response (an array of markets). */
export function parseGammaMarkets(json: unknown): GammaMarket[] {
  const parsed = z.array(gammaMarketSchema).safeParse(json);
  if (!parsed.success) throw new SourceError(GAMMA_SOURCE, `unexpected /markets response: ${firstIssue(parsed.error)}`);
  return parsed.data.map(toGammaMarket);
}

/** Parses a Gamma /events response (an array of events) into the markets of the events with this slug. */
export function parseGammaEventMarkets(json: unknown, slug: string): GammaMarket[] {
  const parsed = z.array(gammaEventSchema).safeParse(json);
  if (!parsed.success) throw new SourceError(GAMMA_SOURCE, `unexpected /events response: ${firstIssue(parsed.error)}`);
  return parsed.data
    .filter((event) => event.slug === slug)
    .flatMap((event) => (event.markets ?? []).map(toGammaMarket));
}

/** Looks a slug up as a market, then as an event; names the slug when it is neither. */
export async function fetchGammaMarkets(
  gammaUrl: string,
  slug: string,
  request: Request,
): Promise<{ url: string; markets: GammaMarket[] }> {
  const query = `slug=${encodeURIComponent(slug)}`;
  const marketsUrl = `${joinUrl(gammaUrl, '/markets')}?${query}`;
  const markets = parseGammaMarkets(await fetchJson(marketsUrl, { ...request, source: GAMMA_SOURCE }));
  const bySlug = markets.filter((market) => market.slug === slug);
  if (bySlug.length > 0) return { url: marketsUrl, markets: bySlug };
  const eventsUrl = `${joinUrl(gammaUrl, '/events')}?${query}`;
  const eventMarkets = parseGammaEventMarkets(await fetchJson(eventsUrl, { ...request, source: GAMMA_SOURCE }), slug);
  if (eventMarkets.length === 0) throw new SourceError(GAMMA_SOURCE, `no market or event with slug "${slug}"`);
  return { url: eventsUrl, markets: eventMarkets };
}

/**
 * The token to follow for `outcome`: the market whose groupItemTitle is the outcome (its Yes token), else the
 * named outcome of a single market. The error lists what could have been chosen.
 */
export function chooseOutcomeToken(markets: readonly GammaMarket[], outcome: string, slug: string): OutcomeToken {
  const wanted = normaliseName(outcome);
  const titled = markets.filter(
    (market) => market.groupItemTitle !== null && normaliseName(market.groupItemTitle) === wanted,
  );
  if (titled.length > 1) {
    throw new SourceError(GAMMA_SOURCE, `${slug}: ${titled.length} markets are titled "${outcome}"`);
  }
  if (titled.length === 1) return tokenOf(titled[0]!, 'Yes');
  if (markets.length === 1) return tokenOf(markets[0]!, outcome);
  const options = markets.map((market) => market.groupItemTitle ?? market.question).join(', ');
  throw new SourceError(GAMMA_SOURCE, `${slug}: no market for outcome "${outcome}"; options: ${options}`);
}

function tokenOf(market: GammaMarket, outcome: string): OutcomeToken {
  const index = market.outcomes.findIndex((name) => normaliseName(name) === normaliseName(outcome));
  if (index < 0) {
    const outcomes = market.outcomes.join(', ');
    throw new SourceError(GAMMA_SOURCE, `market ${market.slug} has no outcome "${outcome}" (outcomes: ${outcomes})`);
  }
  const tokenId = market.clobTokenIds?.[index];
  if (!tokenId) {
    throw new SourceError(GAMMA_SOURCE, `market ${market.slug} has no CLOB token for "${market.outcomes[index]}"`);
  }
  return { market, tokenOutcome: market.outcomes[index]!, tokenId };
}

function toGammaMarket(raw: RawMarket): GammaMarket {
  const outcomes = decodeList(raw.outcomes, 'outcomes', raw.slug) ?? [];
  const clobTokenIds = decodeList(raw.clobTokenIds, 'clobTokenIds', raw.slug);
  if (clobTokenIds && clobTokenIds.length !== outcomes.length) {
    const counts = `${clobTokenIds.length} clobTokenIds for ${outcomes.length} outcomes`;
    throw new SourceError(GAMMA_SOURCE, `market ${raw.slug}: ${counts}`);
  }
  const ends = [raw.endDate, raw.closedTime].map(unixSeconds).filter((ts): ts is number => ts !== null);
  return {
    slug: raw.slug,
    question: raw.question,
    groupItemTitle: raw.groupItemTitle?.trim() || null,
    outcomes,
    clobTokenIds,
    closed: raw.closed === true,
    startTs: unixSeconds(raw.startDate) ?? unixSeconds(raw.createdAt),
    endTs: ends.length > 0 ? Math.max(...ends) : null,
  };
}

/** outcomes / clobTokenIds: a JSON-encoded list inside the JSON (or, tolerated, a plain list). */
function decodeList(value: string | string[] | null | undefined, field: string, slug: string): string[] | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value;
  let decoded: unknown;
  try {
    decoded = JSON.parse(value);
  } catch {
    throw new SourceError(GAMMA_SOURCE, `market ${slug}: ${field} is not a JSON list: ${value.slice(0, 60)}`);
  }
  const list = z.array(z.string()).safeParse(decoded);
  if (!list.success) {
    throw new SourceError(GAMMA_SOURCE, `market ${slug}: ${field} is not a list of strings: ${value.slice(0, 60)}`);
  }
  return list.data;
}

// ---------------------------------------------------------------------------------------------------------
// CLOB prices-history

const historySchema = z.object({ history: z.array(z.object({ t: z.number().int(), p: z.number() })) });

/** Parses one prices-history response; `source` names the request in errors. */
export function parsePriceHistory(json: unknown, source = CLOB_SOURCE): OddsPoint[] {
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) throw new SourceError(source, `unexpected response: ${firstIssue(parsed.error)}`);
  return parsed.data.history.map(({ t, p }, i) => ({ t, p: probability(p, source, `history[${i}].p`) }));
}

/** Splits [startTs, endTs] into consecutive windows of at most `spanSeconds` (each ends where the next starts). */
export function historyWindows(range: TimeWindow, spanSeconds = HISTORY_WINDOW_SECONDS): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let start = range.startTs; start < range.endTs; start += spanSeconds) {
    windows.push({ startTs: start, endTs: Math.min(start + spanSeconds, range.endTs) });
  }
  return windows;
}

/** The span to fetch: the market's life (plus a week after its end, never past now), or the caller's dates. */
export function historyRange(market: GammaMarket, dates: { from?: string; to?: string }, now = new Date()): TimeWindow {
  const nowTs = Math.floor(now.getTime() / 1000);
  const marketEnd = market.closed && market.endTs !== null ? Math.min(market.endTs + AFTER_END_SECONDS, nowTs) : nowTs;
  const startTs = dates.from ? dayStart(dates.from) : market.startTs;
  const endTs = dates.to ? dayStart(dates.to) + 86_400 : marketEnd;
  if (startTs === null) {
    throw new SourceError(GAMMA_SOURCE, `market ${market.slug} has no start date; give a from date`);
  }
  if (startTs >= endTs) {
    throw new SourceError(GAMMA_SOURCE, `market ${market.slug}: empty range ${isoTime(startTs)} .. ${isoTime(endTs)}`);
  }
  return { startTs, endTs };
}

/**
 * Fetches a token's history over `range` window by window at hourly fidelity; a closed market that answers
 * nothing at that fidelity is asked again at 720 minutes. Returns sorted points, one per t.
 */
export async function fetchTokenHistory(
  clobUrl: string,
  token: OutcomeToken,
  range: TimeWindow,
  request: Request,
): Promise<{ points: OddsPoint[]; fidelityMinutes: number }> {
  const fidelities = token.market.closed
    ? [HISTORY_FIDELITY_MINUTES, CLOSED_MARKET_FIDELITY_MINUTES]
    : [HISTORY_FIDELITY_MINUTES];
  for (const fidelityMinutes of fidelities) {
    const points: OddsPoint[] = [];
    for (const window of historyWindows(range)) {
      points.push(...(await fetchHistoryWindow(clobUrl, token.tokenId, window, fidelityMinutes, request)));
    }
    if (points.length > 0) return { points: uniqueByTime(points), fidelityMinutes };
  }
  const between = `between ${isoTime(range.startTs)} and ${isoTime(range.endTs)}`;
  throw new SourceError(CLOB_SOURCE, `no price history for ${token.market.slug} "${token.tokenOutcome}" ${between}`);
}

async function fetchHistoryWindow(
  clobUrl: string,
  tokenId: string,
  window: TimeWindow,
  fidelityMinutes: number,
  request: Request,
): Promise<OddsPoint[]> {
  const params = new URLSearchParams({
    market: tokenId,
    startTs: String(window.startTs),
    endTs: String(window.endTs),
    fidelity: String(fidelityMinutes),
  });
  const source = `${CLOB_SOURCE} ${isoTime(window.startTs)}..${isoTime(window.endTs)}`;
  const json = await fetchJson(`${joinUrl(clobUrl, '/prices-history')}?${params}`, { ...request, source });
  return parsePriceHistory(json, source);
}

// ---------------------------------------------------------------------------------------------------------
// Website CSV export

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
  const header = table.header.join(', ');
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
    const t =
      timestampColumn >= 0 ? csvTimestamp(row.cells[timestampColumn]!, where) : csvDate(row.cells[dateColumn]!, where);
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

// ---------------------------------------------------------------------------------------------------------
// Shared

/** Sorted by t; of points with the same t the last one given is kept. */
export function uniqueByTime(points: readonly OddsPoint[]): OddsPoint[] {
  const byTime = new Map<number, OddsPoint>();
  for (const point of points) byTime.set(point.t, point);
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

function probability(p: number, source: string, field: string): number {
  if (!(p >= 0 && p <= 1)) throw new SourceError(source, `${field} = ${p} is outside 0..1`);
  return p;
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function unixSeconds(text: string | null | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function dayStart(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`date "${date}" is not YYYY-MM-DD`);
  return ms / 1000;
}

const isoTime = (ts: number) => new Date(ts * 1000).toISOString().replace(/:00\.000Z$/, 'Z');

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : error.message;
}
