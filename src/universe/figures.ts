// Everything /zombie shows and `zombie metrics` prints: the index metrics plus the as-of date of each source.
import type { Config } from '../config.js';
import { computeIndexMetrics, type IndexMetrics } from '../metrics/index-metrics.js';
import { valuation, type Valuation } from '../metrics/valuation.js';
import { netAssets } from '../metrics/aum.js';
import { seasonality, type Seasonality } from '../metrics/seasonality.js';
import { trumpTrade } from '../metrics/trump-trade.js';
import type { Db } from '../store/db.js';
import { fundTotals, holdingsFunds } from '../store/holdings.js';
import { oddsSeries, oddsSeriesName, oddsSeriesNames } from '../store/odds.js';
import { priceSeries } from '../store/prices.js';
import { completeSnapshots, latestSnapshot, snapshotAt } from '../store/snapshots.js';
import type { Evictions } from '../metrics/evictions.js';
import { loadEvictions } from './evictions.js';
import { futuresFigures, type FuturesFigures } from './futures.js';
import { loadUniverse, type Universe } from './load.js';

export interface IndexFigures extends IndexMetrics, FuturesFigures {
  fund: string;
  /** Who left the index between the previous kept membership list and this one, and who joined; null without two lists. */
  evictions: Evictions | null;
  asOf: { holdings: string | null; fundamentals: string | null; prices: string | null; odds: string | null };
  /** Whether the IWM prices behind returns and the Trump trade include dividends ("total") or not ("price"). */
  returnBasis: 'total return' | 'price return';
  /** The fund's calendar-month returns against SPY since 2000; null without the fund's prices. */
  seasonality: Seasonality | null;
  /** Capital engaged: the fund's net assets (US dollars, null when unknown) from its holdings file, and its date. */
  aum: { fund: string; netAssets: number | null; asOf: string | null };
}

/** The configured odds series (ODDS_MARKET_SLUG/ODDS_OUTCOME) if ingested, else the most recent one. */
export function chosenOddsSeries(db: Db, config: Config): string | null {
  const configured = oddsSeriesName(config.ODDS_MARKET_SLUG, config.ODDS_OUTCOME);
  const names = oddsSeriesNames(db);
  return names.includes(configured) ? configured : (completeSnapshots(db, 'odds')[0]?.subject ?? null);
}

/** The figures; `series` picks a stored odds series for the Trump trade (default: chosenOddsSeries). */
export function indexFigures(db: Db, config: Config, universe: Universe, options: { series?: string } = {}): IndexFigures {
  const closes = (symbol: string) => priceSeries(db, symbol)?.points ?? null;
  const iwm = closes(universe.fund);
  const seriesName = options.series ?? chosenOddsSeries(db, config);
  const odds = seriesName ? oddsSeries(db, seriesName) : null;
  const benchmark = ['SPY', 'QQQ'].map((symbol) => ({ symbol, points: closes(symbol) })).find((b) => b.points !== null);
  const trump =
    iwm && odds && seriesName
      ? trumpTrade(seriesName, odds.points, iwm, benchmark ? { symbol: benchmark.symbol, points: benchmark.points! } : null, config.ODDS_EVENT_COUNT)
      : null;
  // Every kept fund, valued over its own members (each gets fundamentals on the same SEC refresh).
  const valuations: Record<string, Valuation> = { [universe.fund]: valuation(universe.members) };
  for (const fund of holdingsFunds(db)) {
    if (fund === universe.fund) continue;
    const other = loadUniverse(db, fund, universe.requestedAsOf !== null ? (universe.asOfDate ?? undefined) : undefined);
    if (other) valuations[fund] = valuation(other.members);
  }
  const metrics = computeIndexMetrics(universe.members, { trump, valuation: valuations });
  const prices = priceSeries(db, universe.fund);
  const aum = { fund: universe.fund, netAssets: netAssets(fundTotals(db, universe.holdingsSnapshot.id)), asOf: universe.holdingsSnapshot.asOf };
  return {
    ...metrics,
    fund: universe.fund,
    evictions: loadEvictions(db, universe.requestedAsOf !== null && universe.asOfDate ? { to: universe.asOfDate } : {}, universe.fund),
    asOf: {
      holdings: universe.holdingsSnapshot.asOf,
      fundamentals: fundamentalsSnapshot(db, universe)?.asOf ?? null,
      prices: prices?.snapshot.asOf ?? null,
      odds: odds?.snapshot.asOf ?? null,
    },
    returnBasis: prices?.adjusted ? 'total return' : 'price return',
    seasonality: iwm ? seasonality(iwm, closes('SPY')) : null,
    aum,
    // COT reports up to the date asked for (a report a few days after the holdings still pairs with them).
    ...futuresFigures(db, aum, universe.requestedAsOf ? { asOf: universe.requestedAsOf } : {}),
  };
}

/** The SEC snapshot the universe's fundamentals come from: the newest, or the newest on or before its date. */
function fundamentalsSnapshot(db: Db, universe: Universe) {
  return universe.requestedAsOf !== null && universe.asOfDate
    ? snapshotAt(db, 'sec', 'companyfacts', universe.asOfDate)
    : latestSnapshot(db, 'sec', 'companyfacts');
}
