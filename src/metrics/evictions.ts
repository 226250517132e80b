// Evictions at reconstitution: between two membership lists of the index, who left — moved up into the
// Russell 1000 (in a later IWB or IWV holdings file and not in the later IWM list) or dropped out of the
// Russell 3000 altogether — and who joined. Lists arrive with tickers already normalised; nothing here reads or
// formats.
import { compareText, median } from './stats.js';

/** One member of a membership list: ticker (normalised), name and the list's price for it (US dollars). */
export interface ListedMember {
  ticker: string;
  name: string;
  priceUsd: number | null;
}

/** A membership list as of a date (YYYY-MM-DD): an index holdings snapshot or an imported list. */
export interface MembershipList {
  asOf: string;
  members: readonly ListedMember[];
}

export interface EvictionsInput {
  previous: MembershipList;
  /** The later list of the same index (IWM holdings). */
  current: MembershipList;
  /** Later Russell 1000 / Russell 3000 holdings (IWB, IWV); empty when none is kept, so moved-up is unknown. */
  larger: readonly MembershipList[];
  /** Return from the previous date to the current one from cached price history, by ticker, where cached. */
  cachedReturns: ReadonlyMap<string, number>;
  /** Market capitalisation of current members in US dollars, by ticker, where known. */
  marketCapsUsd: ReadonlyMap<string, number>;
}

export interface MovedUpMember {
  ticker: string;
  name: string;
  /** Decimal return between the two dates; null when a price is missing. */
  return: number | null;
}

export interface Evictions {
  from: string;
  to: string;
  /** Members of the previous and the current list. */
  previous: number;
  current: number;
  /** Previous members not in the current list. */
  left: number;
  /** Count null (and members empty) when no later IWB or IWV holdings are kept. */
  movedUp: { count: number | null; medianReturn: number | null; members: MovedUpMember[] };
  dropped: { count: number | null };
  joined: { count: number; medianMarketCap: number | null };
}

/** Price return = later price / earlier price − 1; null unless both prices are positive. */
export function priceReturn(fromPriceUsd: number | null, toPriceUsd: number | null): number | null {
  if (fromPriceUsd === null || toPriceUsd === null || !(fromPriceUsd > 0) || !(toPriceUsd > 0)) return null;
  return toPriceUsd / fromPriceUsd - 1;
}

/**
 * Classifies the previous list's leavers: moved up = in a later larger list and not in the current list; dropped
 * = in neither. A moved-up name's return comes from cached price history when given, else from the price in
 * the previous list to the price in the first larger list (earliest date) that holds it. Members sorted by
 * return, highest first (unknown returns last, then by ticker); the median is over known returns.
 */
export function classifyEvictions(input: EvictionsInput): Evictions {
  const current = new Set(input.current.members.map((m) => m.ticker));
  const previous = new Set(input.previous.members.map((m) => m.ticker));
  const leavers = uniqueByTicker(input.previous.members).filter((m) => !current.has(m.ticker));
  const larger = [...input.larger].sort((a, b) => compareText(a.asOf, b.asOf)).map((list) => new Map(list.members.map((m) => [m.ticker, m])));
  const movedUp: MovedUpMember[] = [];
  for (const leaver of leavers) {
    const found = larger.map((list) => list.get(leaver.ticker)).find((m) => m !== undefined);
    if (!found) continue;
    const cached = input.cachedReturns.get(leaver.ticker);
    movedUp.push({ ticker: leaver.ticker, name: leaver.name, return: cached ?? priceReturn(leaver.priceUsd, found.priceUsd) });
  }
  movedUp.sort((a, b) => (b.return ?? -Infinity) - (a.return ?? -Infinity) || compareText(a.ticker, b.ticker));
  const joiners = uniqueByTicker(input.current.members).filter((m) => !previous.has(m.ticker));
  const caps = joiners.flatMap((m) => (input.marketCapsUsd.has(m.ticker) ? [input.marketCapsUsd.get(m.ticker)!] : []));
  const known = larger.length > 0;
  return {
    from: input.previous.asOf,
    to: input.current.asOf,
    previous: previous.size,
    current: current.size,
    left: leavers.length,
    movedUp: {
      count: known ? movedUp.length : null,
      medianReturn: median(movedUp.flatMap((m) => (m.return === null ? [] : [m.return]))),
      members: movedUp,
    },
    dropped: { count: known ? leavers.length - movedUp.length : null },
    joined: { count: joiners.length, medianMarketCap: median(caps) },
  };
}

function uniqueByTicker(members: readonly ListedMember[]): ListedMember[] {
  return [...new Map(members.map((m) => [m.ticker, m])).values()];
}

/** A change of membership this large (share of the previous list that left) is a reconstitution, not daily churn. */
export const RECONSTITUTION_MIN_LEFT_SHARE = 0.05;

/** Reconstitution seen: left / previous ≥ 5% (daily corporate actions move a handful of names, June moves hundreds). */
export function isReconstitution(e: Pick<Evictions, 'left' | 'previous'>): boolean {
  return e.previous > 0 && e.left / e.previous >= RECONSTITUTION_MIN_LEFT_SHARE;
}
