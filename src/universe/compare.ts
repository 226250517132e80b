// The funds behind /zombie compare and `zombie compare`: each kept fund's members with their data (as the IWM's are
// assembled), the funds' ETF price series, and the IWM, IJR and IJH member lists for the overlap and the
// earnings rule. Reads through src/store; the figures come from src/metrics/compare.ts.
import { compareReturns } from '../metrics/fund-returns.js';
import { earningsRuleRemoves, fundComparison, overlap, type Comparison } from '../metrics/compare.js';
import type { Db } from '../store/db.js';
import { holdingsFunds } from '../store/holdings.js';
import { priceSeries } from '../store/prices.js';
import { inlineCode } from '../core/text.js';
import { normaliseSymbol } from '../core/ticker.js';
import { loadUniverse } from './load.js';

/** What /zombie compare shows without a `funds` option: the Russell 2000, the S&P 600 and the S&P 500. */
export const DEFAULT_COMPARE_FUNDS = ['IWM', 'IJR', 'IVV'] as const;
/** The index whose members the overlap and the earnings rule are about, and the fund it is set against. */
export const INDEX_FUND = 'IWM';
export const OVERLAP_FUND = 'IJR';
/** The S&P SmallCap 600 and MidCap 400 funds: their holdings stand for the lists the earnings rule admits to. */
export const EARNINGS_RULE_FUNDS = ['IJR', 'IJH'] as const;
/** The most funds one comparison shows (the embed and chart stay readable). */
export const MAX_COMPARED_FUNDS = 6;

export type FundChoice = { funds: string[] } | { problem: string };

/**
 * The funds to compare: the `requested` symbols (separated by spaces, commas or "vs"), each a kept fund, at most
 * MAX_COMPARED_FUNDS, in the order given; without any, the default funds that are kept (else every kept fund).
 */
export function chooseFunds(db: Db, requested?: string): FundChoice {
  const kept = holdingsFunds(db);
  const words = (requested ?? '')
    .split(/[\s,;/]+|\bvs\b\.?/i)
    .map((word) => word.trim())
    .filter((word) => word !== '');
  if (words.length === 0) {
    const defaults = DEFAULT_COMPARE_FUNDS.filter((fund) => kept.includes(fund));
    const funds = defaults.length > 0 ? [...defaults] : kept.slice(0, MAX_COMPARED_FUNDS);
    return funds.length > 0 ? { funds } : { problem: 'No fund holdings in the cache yet.' };
  }
  const symbols = words.map((word) => ({ word, symbol: normaliseSymbol(word) }));
  const unknown = symbols.filter((s) => s.symbol === null || !kept.includes(s.symbol)).map((s) => s.symbol ?? s.word);
  if (unknown.length > 0) {
    // A member's text in a code span, as every echo of input is shown (src/core/text.ts).
    const shown = unknown.slice(0, 5).map((u) => inlineCode(u, 12));
    return { problem: `No holdings kept for ${shown.join(', ')}. Kept funds: ${kept.join(', ') || 'none'}.` };
  }
  const funds = [...new Set(symbols.map((s) => s.symbol!))];
  if (funds.length > MAX_COMPARED_FUNDS) return { problem: `Compare at most ${MAX_COMPARED_FUNDS} funds at once.` };
  return { funds };
}

/** The members of a kept fund's newest holdings (null when the fund is not kept). */
function membersOf(db: Db, fund: string) {
  return loadUniverse(db, fund)?.members ?? null;
}

/** Each fund's ETF closes, for the funds whose prices are kept. */
function etfSeries(db: Db, funds: readonly string[]) {
  return Object.fromEntries(
    funds.flatMap((fund) => {
      const series = priceSeries(db, fund);
      return series ? [[fund, series.points]] : [];
    }),
  );
}

/** The comparison of `funds` (kept funds, see chooseFunds), with the IWM overlap and earnings rule when kept. */
export function loadComparison(db: Db, funds: readonly string[]): Comparison {
  const figures = funds.flatMap((fund) => {
    const universe = loadUniverse(db, fund);
    return universe ? [fundComparison(fund, universe.holdingsSnapshot.asOf, universe.members)] : [];
  });
  const iwm = membersOf(db, INDEX_FUND);
  const ijr = membersOf(db, OVERLAP_FUND);
  const lists = EARNINGS_RULE_FUNDS.flatMap((fund) => {
    const members = membersOf(db, fund);
    return members ? [{ fund, tickers: members.map((m) => m.ticker) }] : [];
  });
  return {
    funds: figures,
    returns: compareReturns(
      etfSeries(
        db,
        figures.map((f) => f.fund),
      ),
    ),
    overlap: iwm && ijr ? overlap({ fund: INDEX_FUND, members: iwm }, { fund: OVERLAP_FUND, members: ijr }) : null,
    earningsRuleRemoves: iwm && lists.length > 0 ? earningsRuleRemoves(iwm, lists) : null,
    demoData: figures.some((f) => f.demoData),
  };
}
