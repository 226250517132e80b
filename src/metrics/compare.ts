// Funds side by side: each fund's health, income, valuation and size figures over its own members (the same
// figures as /zombie health, computed the same way), the IWM ∩ IJR overlap, and what the S&P earnings rule removes
// from the IWM. Every figure carries its coverage; `compareJson` is the `zombie compare --json` contract.
import type { AltmanSummary } from './altman.js';
import type { CashSummary } from './cash.js';
import type { ComparedReturns, FundReturns } from './fund-returns.js';
import { computeIndexMetrics, type IndexMetrics } from './index-metrics.js';
import type { Member } from './inputs.js';
import { memberFigures } from './member-figures.js';
import { negativeEpsSummary } from './profitability.js';
import { median, sum, type CountShare } from './stats.js';
import { valuation, type Valuation } from './valuation.js';
import type { ZombieSummary } from './zombies.js';

/** One fund's figures, each with its coverage: the health and income figures as the index's (IndexMetrics). */
export interface FundComparison
  extends Pick<IndexMetrics, 'members' | 'negativeEps' | 'altmanZ' | 'zombies' | 'fcf' | 'smallRevenue' | 'dividends' | 'demoData'> {
  fund: string;
  /** The holdings file's as-of date. */
  asOf: string | null;
  /** P/E with and without loss-makers, forward P/E, with their coverage. */
  valuation: Valuation;
  /** Median market cap (US dollars) over the members with one. */
  marketCap: { median: number | null; covered: number };
}

/** The figures of a fund whose members are given. */
export function fundComparison(fund: string, asOf: string | null, members: readonly Member[]): FundComparison {
  const m = computeIndexMetrics(members, { trump: null, valuation: {} });
  const caps = members.map((member) => memberFigures(member).marketCapUsd).filter((cap): cap is number => cap !== null);
  return {
    fund,
    asOf,
    members: m.members,
    negativeEps: m.negativeEps,
    altmanZ: m.altmanZ,
    zombies: m.zombies,
    fcf: m.fcf,
    smallRevenue: m.smallRevenue,
    dividends: m.dividends,
    valuation: valuation(members),
    marketCap: { median: median(caps), covered: caps.length },
    demoData: m.demoData,
  };
}

/** A fund's members as the overlap and the earnings rule see them: ticker and weight. */
interface Weighted {
  ticker: string;
  weight: number | null;
}

/** Σ weights of `part` over Σ weights of `whole` (unknown weights count 0); null when the whole weighs nothing. */
function weightShare(part: readonly Weighted[], whole: readonly Weighted[]): number | null {
  const total = sum(whole.map((m) => m.weight ?? 0));
  return total > 0 ? sum(part.map((m) => m.weight ?? 0)) / total : null;
}

export interface Overlap {
  /** The two funds compared, e.g. ["IWM", "IJR"]. */
  funds: [string, string];
  /** Members (by ticker) held by both. */
  count: number;
  /** Per fund: the common members' share of its members' total weight. */
  weight: Record<string, number | null>;
}

/** The members two funds share, by ticker, and their share of each fund's weight. */
export function overlap(a: { fund: string; members: readonly Weighted[] }, b: { fund: string; members: readonly Weighted[] }): Overlap {
  const inB = new Set(b.members.map((m) => m.ticker));
  const inA = new Set(a.members.map((m) => m.ticker));
  const common = (members: readonly Weighted[], other: Set<string>) => members.filter((m) => other.has(m.ticker));
  return {
    funds: [a.fund, b.fund],
    count: common(a.members, inB).length,
    weight: {
      [a.fund]: weightShare(common(a.members, inB), a.members),
      [b.fund]: weightShare(common(b.members, inA), b.members),
    },
  };
}

export interface EarningsRuleRemoves {
  /** IWM members in none of `lists` (not in the S&P 600 or 400) with TTM diluted EPS < 0; null when none of those
   * members has an EPS (unknown, not zero). */
  count: number | null;
  /** Their share of the IWM members' total weight (null as `count`). */
  weight: number | null;
  /** Negative EPS among the IWM members outside the lists: covered = with an EPS, count = the removed. */
  negativeEps: CountShare;
  /** The IWM members outside the lists, with or without an EPS, and their share of the IWM weight. */
  outside: { count: number; weight: number | null };
  /** The funds whose holdings stand for the S&P lists (IJR, IJH: whichever are kept). */
  lists: string[];
  /** The removed members' health figures (over themselves, each with its coverage). */
  health: { altmanZ: AltmanSummary; zombies: ZombieSummary; fcf: CashSummary; smallRevenue: CountShare };
}

/**
 * What the S&P earnings rule would remove from the IWM: its members that are in none of the S&P lists (the
 * holdings of IJR and IJH, the S&P 600 and 400, which admit only companies with positive earnings) and have TTM
 * diluted EPS < 0.
 */
export function earningsRuleRemoves(iwm: readonly Member[], lists: readonly { fund: string; tickers: readonly string[] }[]): EarningsRuleRemoves {
  const listed = new Set(lists.flatMap((list) => list.tickers));
  const outside = iwm.filter((m) => !listed.has(m.ticker));
  const eps = outside.map((m) => memberFigures(m).epsDilutedTtm);
  const removed = outside.filter((_, i) => eps[i] !== null && eps[i]! < 0);
  const health = computeIndexMetrics(removed, { trump: null, valuation: {} });
  const negativeEps = negativeEpsSummary(eps);
  const known = negativeEps.covered > 0;
  return {
    count: known ? removed.length : null,
    weight: known ? weightShare(removed, iwm) : null,
    negativeEps,
    outside: { count: outside.length, weight: weightShare(outside, iwm) },
    lists: lists.map((list) => list.fund),
    health: { altmanZ: health.altmanZ, zombies: health.zombies, fcf: health.fcf, smallRevenue: health.smallRevenue },
  };
}

/** Everything `/zombie compare` shows. */
export interface Comparison {
  funds: FundComparison[];
  returns: ComparedReturns;
  /** IWM against IJR; null unless both are kept. */
  overlap: Overlap | null;
  /** Null unless the IWM and IJR or IJH are kept. */
  earningsRuleRemoves: EarningsRuleRemoves | null;
  demoData: boolean;
}

const NO_RETURNS: FundReturns = { '1y': null, '3y': null, '5y': null, '10y': null };

/** `zombie compare --json`: exactly the keys per fund (see the README's contract). */
export function compareJson(c: Comparison) {
  return {
    funds: c.funds.map((f) => ({
      fund: f.fund,
      asOf: f.asOf,
      members: f.members,
      negativeEps: { covered: f.negativeEps.covered, count: f.negativeEps.count },
      altmanZ: { scored: f.altmanZ.scored, distress: f.altmanZ.distress },
      zombies: {
        covered: f.zombies.covered,
        count: f.zombies.count,
        excluded: f.zombies.excluded,
        narrow: { covered: f.zombies.narrow.covered, count: f.zombies.narrow.count },
      },
      fcf: { covered: f.fcf.covered, positive: f.fcf.positive, sbcOverHalf: f.fcf.sbcOverHalf },
      smallRevenue: { covered: f.smallRevenue.covered, count: f.smallRevenue.count },
      dividendYield: f.dividends.indexYield,
      pe: f.valuation.pe,
      peExLosses: f.valuation.peExLosses,
      forwardPe: f.valuation.forwardPe,
      medianMarketCap: f.marketCap.median,
      returns: c.returns.byFund[f.fund] ?? NO_RETURNS,
    })),
    overlap: c.overlap,
    earningsRuleRemoves: c.earningsRuleRemoves,
  };
}
