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
 * Serves any fund (IWM, SPY, QQQ, IVV) whose members are supplied.
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
    forwardPe: aggregateRatio(
      forward.map((t) => t.cap),
      forward.map((t) => t.earnings),
    ),
    forwardCovered: forward.length,
  };
}
