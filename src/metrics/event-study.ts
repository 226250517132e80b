// Event study: around the largest daily odds moves of a series, the fund's (IWM's) cumulative log moves and
// its cumulative log moves relative to a benchmark (IWM − SPY), from D−5 to D+5.
//
// Events: the `count` pairs with the largest |odds change| (ties: the earlier day first), largest first; D is
// the pair's trading day. Offsets count trading days of the fund's price series. Value k (k = 0..10, offset
// D−5+k) is ln(P[D−5+k] / P[D−6]): the cumulative log move from the close of D−6, so the first value is D−5's
// own move, value 5 includes D's move, and value 10 runs to the close of D+5. Relative: the same for the fund
// minus the same for the benchmark on the same dates. A value is null when a close it needs is missing (the
// window runs past the price data, or the benchmark lacks that day). Prices: the fund's basis for the fund's
// moves, the basis shared with the benchmark for the relative ones (see price-basis.ts).
import { priceBasis, priceOn } from './price-basis.js';
import type { PricePoint } from './inputs.js';

/** Trading days before and after D in an event window. */
export const EVENT_HALF_WINDOW = 5;

export interface OddsEvent {
  /** Trading day D of the odds move. */
  date: string;
  /** odds_D − odds_prev in percentage points. */
  change: number;
  /** 11 cumulative log moves, offsets D−5 .. D+5, each from the close of D−6. */
  iwm: (number | null)[];
  /** The same for IWM minus the benchmark. */
  rel: (number | null)[];
}

/** What the study needs of a pair (src/metrics/trump-trade.ts Pair). */
interface OddsMove {
  date: string;
  oddsChangePoints: number;
}

/** The `count` largest |odds change| days with the fund's (and relative) cumulative log moves around each. */
export function eventStudy(
  pairs: readonly OddsMove[],
  fund: readonly PricePoint[],
  benchmark: readonly PricePoint[] | null,
  count: number,
): OddsEvent[] {
  const days = [...fund].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const index = new Map(days.map((p, i) => [p.date, i]));
  const fundBasis = priceBasis(fund);
  const relBasis = benchmark ? priceBasis(fund, benchmark) : fundBasis;
  const benchmarkOn = new Map((benchmark ?? []).map((p) => [p.date, priceOn(p, relBasis)]));
  const largest = [...pairs]
    .sort((a, b) => Math.abs(b.oddsChangePoints) - Math.abs(a.oddsChangePoints) || (a.date < b.date ? -1 : 1))
    .slice(0, Math.max(0, count));
  return largest.map((move) => {
    const d = index.get(move.date);
    const offsets = Array.from({ length: 2 * EVENT_HALF_WINDOW + 1 }, (_, k) => (d === undefined ? -1 : d - EVENT_HALF_WINDOW + k));
    const base = d === undefined ? -1 : d - EVENT_HALF_WINDOW - 1;
    const logMove = (price: (i: number) => number | undefined, i: number): number | null => {
      const [now, then] = [price(i), price(base)];
      return now !== undefined && then !== undefined && now > 0 && then > 0 ? Math.log(now / then) : null;
    };
    const fundPrice = (basis: typeof fundBasis) => (i: number) => (i >= 0 && i < days.length ? priceOn(days[i]!, basis) : undefined);
    const benchPrice = (i: number) => (i >= 0 && i < days.length ? benchmarkOn.get(days[i]!.date) : undefined);
    const rel = offsets.map((i) => {
      const own = logMove(fundPrice(relBasis), i);
      const other = benchmark ? logMove(benchPrice, i) : null;
      return own === null || other === null ? null : own - other;
    });
    return { date: move.date, change: move.oddsChangePoints, iwm: offsets.map((i) => logMove(fundPrice(fundBasis), i)), rel };
  });
}

/**
 * The average event path, each event's moves multiplied by the sign of its odds change (a fall's moves negated),
 * so it reads "per jump toward the outcome"; per offset over the events with a value there, null when none.
 */
export function averageEventPath(events: readonly OddsEvent[], key: 'iwm' | 'rel'): (number | null)[] {
  return Array.from({ length: 2 * EVENT_HALF_WINDOW + 1 }, (_, k) => {
    const values = events.flatMap((e) => (e[key][k] === null || e.change === 0 ? [] : [Math.sign(e.change) * e[key][k]!]));
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}
