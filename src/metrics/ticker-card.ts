// One member's card: its figures, the zombie flags it trips, and where it ranks within the index.
import type { Zone } from './altman.js';
import { isNegativeFcf, isSbcOverHalfFcf } from './cash.js';
import { memberFigures, type CoverageYear, type MemberFigures } from './member-figures.js';
import { isNegativeEps } from './profitability.js';
import { isDownOver50 } from './returns.js';
import { isSmallRevenue } from './size.js';
import type { Member } from './inputs.js';
import { memberMarketCapSource, type MarketCapSource } from './valuation.js';

export const FLAGS = ['negativeEps', 'altmanDistress', 'bisZombie', 'sbcOverHalfFcf', 'negativeFcf', 'smallRevenue', 'down50'] as const;
export type Flag = (typeof FLAGS)[number];

/** The figures ranked within the index. */
export const PERCENTILE_KEYS = [
  'marketCap',
  'return1y',
  'epsDiluted',
  'revenue',
  'fcf',
  'sbcToFcf',
  'altmanZ',
  'interestCoverage',
  'dividendYield',
] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

export interface TickerCard {
  symbol: string;
  name: string;
  sector: string | null;
  weight: number | null;
  marketCap: number | null;
  /** 'shares × price' (SEC shares outstanding × the holdings price, at the holdings date) or 'screener'; null without a market cap. */
  marketCapSource: MarketCapSource | null;
  /** The screener export's as-of date when marketCapSource is 'screener' (null when undated or not from the screener). */
  marketCapAsOf: string | null;
  return1y: number | null;
  epsDiluted: number | null;
  revenue: number | null;
  fcf: number | null;
  sbc: number | null;
  sbcToFcf: number | null;
  /** Original Altman Z (what the index counts); null for financials/real estate and without data. */
  altmanZ: number | null;
  zone: Zone | null;
  altmanZDoublePrime: number | null;
  zoneDoublePrime: Zone | null;
  /** Which model fits: Z for manufacturers (SIC 2000–3999), Z″ for others, 'unknown' (show both) without a SIC. */
  altmanModel: 'Z' | 'Z″' | 'unknown';
  altmanExcluded: boolean;
  /** In Financials: outside the BIS zombie measures (the bisZombie flag is never tripped). */
  bisExcluded: boolean;
  /** Newest fiscal year's operating income / interest expense. */
  interestCoverage: number | null;
  coverageYears: CoverageYear[];
  dividendYield: number | null;
  flags: Flag[];
  /** 0..1 within the index, 1 = highest value, whatever the figure; null when this member or no other has it. */
  percentiles: Record<PercentileKey, number | null>;
  demoData: boolean;
}

/** The member's figure a percentile ranks. */
export function percentileValue(f: MemberFigures, key: PercentileKey): number | null {
  const values: Record<PercentileKey, number | null> = {
    marketCap: f.marketCapUsd,
    return1y: f.return1y,
    epsDiluted: f.epsDilutedTtm,
    revenue: f.revenueTtmUsd,
    fcf: f.fcfUsd,
    sbcToFcf: f.sbcToFcf,
    altmanZ: f.altmanZ,
    interestCoverage: f.interestCoverage,
    dividendYield: f.dividendYield,
  };
  return values[key];
}

/** The zombie flags a member trips; a flag whose data is missing is not tripped. */
export function tickerFlags(f: MemberFigures): Flag[] {
  const tripped: Record<Flag, boolean | null> = {
    negativeEps: isNegativeEps(f.epsDilutedTtm),
    altmanDistress: f.zone === 'distress',
    bisZombie: f.bisZombie,
    sbcOverHalfFcf: isSbcOverHalfFcf(f.sbcUsd, f.fcfUsd),
    negativeFcf: isNegativeFcf(f.fcfUsd),
    smallRevenue: isSmallRevenue(f.revenueTtmUsd),
    down50: isDownOver50(f.return1y),
  };
  return FLAGS.filter((flag) => tripped[flag] === true);
}

function altmanModel(manufacturer: boolean | null): TickerCard['altmanModel'] {
  return manufacturer === null ? 'unknown' : manufacturer ? 'Z' : 'Z″';
}

/** Each member's figures, computed once per member object (a universe's members do not change). */
const figuresByMember = new WeakMap<Member, MemberFigures>();

function figuresOf(member: Member): MemberFigures {
  let figures = figuresByMember.get(member);
  if (figures === undefined) {
    figures = memberFigures(member);
    figuresByMember.set(member, figures);
  }
  return figures;
}

/** One figure's known values over a members list: the comparable ones sorted, and how many are NaN (known, but
 * neither below nor equal to anything). */
interface SortedFigure {
  sorted: Float64Array;
  nanCount: number;
}

/** Each figure's sorted values per members list (a universe's list does not change), so that ranking a member
 * costs two binary searches per figure instead of a pass over every member. */
const sortedByList = new WeakMap<readonly Member[], Record<PercentileKey, SortedFigure>>();

function sortedFigures(members: readonly Member[]): Record<PercentileKey, SortedFigure> {
  let sorted = sortedByList.get(members);
  if (sorted === undefined) {
    const figures = members.map(figuresOf);
    sorted = Object.fromEntries(
      PERCENTILE_KEYS.map((key) => {
        const known = figures.map((f) => percentileValue(f, key)).filter((v): v is number => v !== null);
        const comparable = Float64Array.from(known.filter((v) => !Number.isNaN(v))).sort();
        return [key, { sorted: comparable, nanCount: known.length - comparable.length }];
      }),
    ) as Record<PercentileKey, SortedFigure>;
    sortedByList.set(members, sorted);
  }
  return sorted;
}

/** How many of the sorted values are below `value` (strictly: `inclusive` false) or at most `value`. */
function countUpTo(sorted: Float64Array, value: number, inclusive: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value || (inclusive && sorted[middle] === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** percentileRank(value, the figure's values of the list without `left out`): the share below, ties counting half. */
function rankAmong(value: number | null, figure: SortedFigure, leftOut: readonly number[]): number | null {
  const count = figure.sorted.length + figure.nanCount - leftOut.length;
  if (value === null || count === 0) return null;
  const below = countUpTo(figure.sorted, value, false) - leftOut.filter((v) => v < value).length;
  const equal = countUpTo(figure.sorted, value, true) - countUpTo(figure.sorted, value, false) - leftOut.filter((v) => v === value).length;
  return (below + equal / 2) / count;
}

/** The card for `member`, ranked against the other members of `members` (the member itself is left out if present):
 * each figure's percentileRank among the others. */
export function computeTickerCard(member: Member, members: readonly Member[]): TickerCard {
  const own = figuresOf(member);
  const sorted = sortedFigures(members);
  const sameTicker = members.filter((m) => m.ticker === member.ticker).map(figuresOf);
  const rank = (key: PercentileKey) =>
    rankAmong(
      percentileValue(own, key),
      sorted[key],
      sameTicker.map((f) => percentileValue(f, key)).filter((v): v is number => v !== null),
    );
  return {
    symbol: member.ticker,
    name: member.name,
    sector: member.sector,
    weight: member.weight,
    marketCap: own.marketCapUsd,
    marketCapSource: memberMarketCapSource(member),
    marketCapAsOf: memberMarketCapSource(member) === 'screener' ? (member.screen?.marketCapAsOf ?? null) : null,
    return1y: own.return1y,
    epsDiluted: own.epsDilutedTtm,
    revenue: own.revenueTtmUsd,
    fcf: own.fcfUsd,
    sbc: own.sbcUsd,
    sbcToFcf: own.sbcToFcf,
    altmanZ: own.altmanZ,
    zone: own.zone,
    altmanZDoublePrime: own.altmanZDoublePrime,
    zoneDoublePrime: own.zoneDoublePrime,
    altmanModel: altmanModel(own.manufacturer),
    altmanExcluded: own.altmanExcluded,
    bisExcluded: own.bisExcluded,
    interestCoverage: own.interestCoverage,
    coverageYears: own.coverageYears,
    dividendYield: own.dividendYield,
    flags: tickerFlags(own),
    percentiles: Object.fromEntries(PERCENTILE_KEYS.map((key) => [key, rank(key)])) as Record<PercentileKey, number | null>,
    demoData: member.demo,
  };
}
