// Valuation: market caps, TTM earnings, and the index P/E as total market cap over total earnings.
import { sum } from './stats.js';
import type { Member } from './inputs.js';

/** Market cap = price × shares outstanding (SEC), else the screener's market cap; null when neither is known. */
export function marketCapUsd(sharesOutstanding: number | null, priceUsd: number | null, screenMarketCapUsd: number | null): number | null {
  if (sharesOutstanding !== null && sharesOutstanding > 0 && priceUsd !== null && priceUsd > 0) return sharesOutstanding * priceUsd;
  return screenMarketCapUsd;
}

/** Where marketCapUsd takes a figure from: SEC shares × holdings price, else the screener export; null when neither. */
export type MarketCapSource = 'shares × price' | 'screener';

/** TTM earnings = net income, else diluted EPS × shares outstanding; null when neither is known. */
export function earningsUsd(netIncomeTtmUsd: number | null, epsDilutedTtm: number | null, sharesOutstanding: number | null): number | null {
  if (netIncomeTtmUsd !== null) return netIncomeTtmUsd;
  return epsDilutedTtm !== null && sharesOutstanding !== null ? epsDilutedTtm * sharesOutstanding : null;
}

/** A member's market cap from its SEC share count, holdings price and screener figures. */
export function memberMarketCapUsd(m: Member): number | null {
  return marketCapUsd(m.fundamentals?.sharesOutstanding ?? null, m.priceUsd, m.screen?.marketCapUsd ?? null);
}

/** Which figure memberMarketCapUsd shows: 'shares × price' (dated by the holdings), 'screener' (dated by its export), or null. */
export function memberMarketCapSource(m: Member): MarketCapSource | null {
  if (marketCapUsd(m.fundamentals?.sharesOutstanding ?? null, m.priceUsd, null) !== null) return 'shares × price';
  return m.screen?.marketCapUsd != null ? 'screener' : null;
}

export interface Valuation {
  /** Σ market cap / Σ TTM earnings (the market-cap-weighted harmonic mean of P/E); null when Σ earnings ≤ 0. */
  pe: number | null;
  /** Members with both a market cap and earnings. */
  covered: number;
  members: number;
  /** Σ market cap and Σ earnings over the covered members. */
  marketCapUsd: number;
  earningsUsd: number;
  /** Covered members with negative earnings, included in Σ earnings. */
  negativeEarners: number;
  includesNegativeEarners: true;
  /** The same over the covered members with positive earnings only (loss-makers left out); null when there are none. */
  peExLosses: number | null;
  /** Covered members with positive earnings. */
  profitableCovered: number;
  /** Σ market cap / Σ (market cap / forward P/E) over members with a screener forward P/E; null when that Σ ≤ 0. */
  forwardPe: number | null;
  forwardCovered: number;
}

/** Σ cap / Σ earnings, the aggregate ratio; null when there is nothing or the aggregate earnings are not positive. */
function aggregateRatio(capsUsd: readonly number[], earnings: readonly number[]): number | null {
  const totalEarnings = sum(earnings);
  return capsUsd.length > 0 && totalEarnings > 0 ? sum(capsUsd) / totalEarnings : null;
}

/**
 * Index P/E = Σ market cap / Σ TTM earnings over members with both, loss-makers included (so their losses lower
 * the aggregate earnings), which equals the market-cap-weighted harmonic mean of the members' P/Es. Forward P/E
 * the same way from the screener: forward earnings = market cap / forward P/E (a zero forward P/E is skipped).
 * P/E ex losses leaves the loss-makers out of both sums. Serves any fund (IWM, IJR, IVV, ...) whose members are
 * supplied.
 */
export function valuation(members: readonly Member[]): Valuation {
  const trailing = members.flatMap((m) => {
    const cap = memberMarketCapUsd(m);
    const f = m.fundamentals;
    const earnings = f ? earningsUsd(f.netIncomeTtmUsd, f.epsDilutedTtm, f.sharesOutstanding) : null;
    return cap === null || earnings === null ? [] : [{ cap, earnings }];
  });
  const forward = members.flatMap((m) => {
    const cap = memberMarketCapUsd(m);
    const forwardPe = m.screen?.forwardPe ?? null;
    return cap === null || forwardPe === null || forwardPe === 0 ? [] : [{ cap, earnings: cap / forwardPe }];
  });
  const profitable = trailing.filter((t) => t.earnings > 0);
  return {
    pe: aggregateRatio(
      trailing.map((t) => t.cap),
      trailing.map((t) => t.earnings),
    ),
    covered: trailing.length,
    members: members.length,
    marketCapUsd: sum(trailing.map((t) => t.cap)),
    earningsUsd: sum(trailing.map((t) => t.earnings)),
    negativeEarners: trailing.filter((t) => t.earnings < 0).length,
    includesNegativeEarners: true,
    peExLosses: aggregateRatio(
      profitable.map((t) => t.cap),
      profitable.map((t) => t.earnings),
    ),
    profitableCovered: profitable.length,
    forwardPe: aggregateRatio(
      forward.map((t) => t.cap),
      forward.map((t) => t.earnings),
    ),
    forwardCovered: forward.length,
  };
}

/** A fund's valuation with its place when the funds are ranked by P/E, most expensive first. */
export interface RankedValuation {
  fund: string;
  valuation: Valuation;
  /** 1 = the highest P/E; null without a P/E. */
  peRank: number | null;
  /** 1 = the highest forward P/E; null without one. */
  forwardRank: number | null;
}

/** 1-based ranks of the funds by a figure, highest first (ties keep the funds' alphabetical order); null without it. */
function ranks(entries: readonly [string, number | null][]): Map<string, number> {
  const known = entries.filter((e): e is [string, number] => e[1] !== null);
  known.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Map(known.map(([fund], i) => [fund, i + 1]));
}

/** The funds ranked by P/E, most expensive first (funds without a P/E last, alphabetically), with forward P/E ranks. */
export function rankByPe(valuations: Readonly<Record<string, Valuation>>): RankedValuation[] {
  const entries = Object.entries(valuations);
  const pe = ranks(entries.map(([fund, v]) => [fund, v.pe]));
  const forward = ranks(entries.map(([fund, v]) => [fund, v.forwardPe]));
  return entries
    .map(([fund, valuation]) => ({ fund, valuation, peRank: pe.get(fund) ?? null, forwardRank: forward.get(fund) ?? null }))
    .sort((a, b) => (a.peRank ?? Infinity) - (b.peRank ?? Infinity) || (a.fund < b.fund ? -1 : 1));
}
