// Polymarket Gamma: the market (or event) behind a slug, and the outcome token whose price history is the odds.
// Gamma — GET {POLYMARKET_GAMMA_URL}/markets?slug=S answers an array of markets. An EVENT slug (e.g.
//   presidential-election-winner-2024) answers [] there and is GET /events?slug=S: an array of events, each with
//   markets[], one per candidate (question "Will Donald Trump win the 2024 US Presidential Election?",
//   groupItemTitle "Donald Trump"). `outcomes` and `clobTokenIds` are JSON-encoded strings inside the JSON
//   ('["Yes", "No"]'), decoded a second time; clobTokenIds[i] is the token of outcomes[i] (index 0 = "Yes").
// Choosing the outcome: the market whose groupItemTitle is the outcome (case-insensitive), followed through its
//   Yes token; otherwise, when the slug names a single market, the token of the outcome of that name ("Yes").
import { z } from 'zod';
import { fetchJson, joinUrl, SourceError } from '../http.js';
import { GAMMA_SOURCE, type GammaMarket, type OutcomeToken, type Request, firstIssue, normaliseName, unixSeconds } from './shared.js';

const listField = z
  .union([z.string(), z.array(z.string())])
  .nullable()
  .optional();
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
  return parsed.data.filter((event) => event.slug === slug).flatMap((event) => (event.markets ?? []).map(toGammaMarket));
}

/** Looks a slug up as a market, then as an event; names the slug when it is neither. */
export async function fetchGammaMarkets(gammaUrl: string, slug: string, request: Request): Promise<{ url: string; markets: GammaMarket[] }> {
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
  const titled = markets.filter((market) => market.groupItemTitle !== null && normaliseName(market.groupItemTitle) === wanted);
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
