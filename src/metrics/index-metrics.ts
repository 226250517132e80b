// The index figures over the fund's members, each with its coverage (how many members had the data).
import { altmanSummary, type AltmanSummary } from './altman.js';
import { cashSummary, type CashSummary } from './cash.js';
import { sectorComposition, type SectorFigures } from './composition.js';
import { indexDividends, type IndexDividends } from './income.js';
import { memberFigures } from './member-figures.js';
import { negativeEpsSummary } from './profitability.js';
import { dispersion, type Dispersion } from './returns.js';
import { smallRevenueSummary } from './size.js';
import type { CountShare } from './stats.js';
import type { TrumpTradeResult } from './trump-trade.js';
import type { Member } from './inputs.js';
import type { Valuation } from './valuation.js';
import { zombieSummary, type ZombieSummary } from './zombies.js';

export interface IndexMetrics {
  members: number;
  sectors: SectorFigures[];
  dispersion: Dispersion;
  negativeEps: CountShare;
  altmanZ: AltmanSummary;
  zombies: ZombieSummary;
  fcf: CashSummary;
  smallRevenue: CountShare;
  dividends: IndexDividends;
  /** By fund symbol, as the caller computed them with valuation(). */
  valuation: Record<string, Valuation>;
  trumpTrade: TrumpTradeResult | null;
  /** Some member's fundamentals or return rest on generated demo data. */
  demoData: boolean;
}

export interface IndexExtras {
  trump: TrumpTradeResult | null;
  valuation: Record<string, Valuation>;
}

export function computeIndexMetrics(members: readonly Member[], extras: IndexExtras): IndexMetrics {
  const figures = members.map(memberFigures);
  return {
    members: members.length,
    sectors: sectorComposition(members.map((m, i) => ({ sector: m.sector, marketCapUsd: figures[i]!.marketCapUsd }))),
    dispersion: dispersion(figures.flatMap((f) => (f.return1y === null ? [] : [{ ticker: f.ticker, return1y: f.return1y }]))),
    negativeEps: negativeEpsSummary(figures.map((f) => f.epsDilutedTtm)),
    altmanZ: altmanSummary(figures.map((f) => ({ excluded: f.altmanExcluded, z: f.altmanZ }))),
    zombies: zombieSummary(figures.map((f) => ({ excluded: f.bisExcluded, zombie: f.bisZombie, narrow: f.bisZombieNarrow }))),
    fcf: cashSummary(figures),
    smallRevenue: smallRevenueSummary(figures.map((f) => f.revenueTtmUsd)),
    dividends: indexDividends(members.map((m, i) => ({ weight: m.weight, dividendYield: figures[i]!.dividendYield }))),
    valuation: extras.valuation,
    trumpTrade: extras.trump,
    demoData: members.some((m) => m.demo),
  };
}
