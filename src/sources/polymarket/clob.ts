// Polymarket CLOB: an outcome token's price history, fetched in windows and checked.
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
import { z } from 'zod';
import type { OddsPoint } from '../../store/odds.js';
import { fetchJson, joinUrl, SourceError } from '../http.js';
import {
  AFTER_END_SECONDS,
  CLOB_SOURCE,
  CLOSED_MARKET_FIDELITY_MINUTES,
  GAMMA_SOURCE,
  type GammaMarket,
  HISTORY_FIDELITY_MINUTES,
  HISTORY_WINDOW_SECONDS,
  type OutcomeToken,
  type Request,
  type TimeWindow,
  dayStart,
  firstIssue,
  isoTime,
  probability,
  uniqueByTime,
} from './shared.js';

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
  const fidelities = token.market.closed ? [HISTORY_FIDELITY_MINUTES, CLOSED_MARKET_FIDELITY_MINUTES] : [HISTORY_FIDELITY_MINUTES];
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
