// The series the charts plot, read from the cache: the chosen odds series with the IWM and SPY closes, and one
// year of a member's and its fund's closes. src/render/charts/specs.ts turns them into chart tasks.
import type { Config } from '../config.js';
import type { OddsPoint, PricePoint } from '../metrics/inputs.js';
import type { Db } from '../store/db.js';
import { oddsSeries, oddsSeriesName } from '../store/odds.js';
import { priceSeries } from '../store/prices.js';
import { chosenOddsSeries } from './figures.js';
import type { Universe } from './load.js';

/** What the Trump-trade chart plots: the chosen odds series (null when none) and the IWM and SPY closes. */
export interface TrumpChartSeries {
  series: string | null;
  /** The outcome the odds are for ("Donald Trump"; another series' name), for the title. */
  outcome: string;
  odds: readonly OddsPoint[];
  iwm: readonly PricePoint[];
  spy: readonly PricePoint[];
}

/** What the ticker chart plots: a member's and its fund's closes over the year to `end`. */
export interface TickerChartSeries {
  symbol: string;
  fund: string;
  /** The last day shown, YYYY-MM-DD. */
  end: string;
  member: readonly PricePoint[];
  index: readonly PricePoint[];
  demo: boolean;
}

const closes = (db: Db, symbol: string) => priceSeries(db, symbol)?.points ?? [];

/** The odds series `name` (default: the chosen one) with the IWM and SPY closes. */
export function trumpChartSeries(db: Db, config: Config, name?: string): TrumpChartSeries {
  const series = name ?? chosenOddsSeries(db, config);
  const odds = series ? (oddsSeries(db, series)?.points ?? []) : [];
  const outcome = series === null || series === oddsSeriesName(config.ODDS_MARKET_SLUG, config.ODDS_OUTCOME) ? config.ODDS_OUTCOME : series;
  return { series, outcome, odds, iwm: closes(db, 'IWM'), spy: closes(db, 'SPY') };
}

/** The fund's year of closes per universe: every member chart of a snapshot plots the same one. */
const fundYears = new WeakMap<Universe, readonly PricePoint[]>();

/** One year of `symbol`'s and the fund's closes, up to the universe's as-of date. */
export function tickerChartSeries(db: Db, universe: Universe, symbol: string, demo: boolean): TickerChartSeries {
  const end = universe.asOfDate ?? '9999-12-31';
  const start = `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`;
  const year = (s: string) => closes(db, s).filter((p) => p.date >= start && p.date <= end);
  const index = fundYears.get(universe) ?? year(universe.fund);
  fundYears.set(universe, index);
  return { symbol, fund: universe.fund, end, member: year(symbol), index, demo };
}
