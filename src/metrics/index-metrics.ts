// The index figures over the members of the latest holdings, each with its coverage.
import { dispersion, type Dispersion } from './returns.js';
import {
  altmanExcluded,
  altmanInputs,
  altmanZ,
  altmanZone,
  dividendYield,
  earnings,
  freeCashFlow,
  isBisZombie,
  marketCap,
  sbcToFcf,
  SMALL_REVENUE_USD,
} from './health.js';
import type { TrumpTrade } from './trump-trade.js';
import type { Member } from './universe.js';

export interface SectorFigures {
  sector: string;
  members: number;
  avgMarketCap: number | null;
  totalMarketCap: number;
}

export interface Valuation {
  /** Σ market cap / Σ TTM earnings (the weighted harmonic mean of P/E). */
  pe: number | null;
  covered: number;
  members: number;
  includesNegativeEarners: true;
  /** Weighted harmonic mean of the screener's forward P/E (market-cap weights). */
  forwardPe: number | null;
  forwardCovered: number;
}

export interface IndexMetrics {
  members: number;
  sectors: SectorFigures[];
  dispersion: Dispersion;
  negativeEps: { covered: number; count: number };
  altmanZ: { scored: number; excluded: number; distress: number; grey: number; safe: number };
  zombies: { covered: number; count: number };
  fcf: { covered: number; positive: number; sbcOverHalf: number };
  smallRevenue: { covered: number; count: number };
  dividends: { indexYield: number | null; covered: number; above: number };
  valuation: Record<string, Valuation>;
  trumpTrade: TrumpTrade | null;
  demoData: boolean;
}

const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

/** Index P/E = Σ market cap / Σ earnings over members with both; forward P/E as Σ cap / Σ (cap / forward P/E). */
export function valuation(members: readonly Member[]): Valuation {
  let capSum = 0;
  let earningsSum = 0;
  let covered = 0;
  let fwdCap = 0;
  let fwdEarnings = 0;
  let forwardCovered = 0;
  for (const m of members) {
    const cap = marketCap(m.fundamentals, m.priceUsd, m.screen?.marketCapUsd ?? null);
    const e = m.fundamentals ? earnings(m.fundamentals) : null;
    if (cap !== null && e !== null) {
      capSum += cap;
      earningsSum += e;
      covered++;
    }
    const fwd = m.screen?.forwardPe ?? null;
    if (cap !== null && fwd !== null && fwd > 0) {
      fwdCap += cap;
      fwdEarnings += cap / fwd;
      forwardCovered++;
    }
  }
  return {
    pe: covered > 0 && earningsSum > 0 ? capSum / earningsSum : null,
    covered,
    members: members.length,
    includesNegativeEarners: true,
    forwardPe: forwardCovered > 0 ? fwdCap / fwdEarnings : null,
    forwardCovered,
  };
}

/** Members and average market cap per sector, largest sectors (by members) first. */
export function sectors(members: readonly Member[]): SectorFigures[] {
  const bySector = new Map<string, { members: number; caps: number[] }>();
  for (const m of members) {
    const entry = bySector.get(m.sector ?? 'Unknown') ?? { members: 0, caps: [] };
    entry.members++;
    const cap = marketCap(m.fundamentals, m.priceUsd, m.screen?.marketCapUsd ?? null);
    if (cap !== null) entry.caps.push(cap);
    bySector.set(m.sector ?? 'Unknown', entry);
  }
  return [...bySector.entries()]
    .map(([sector, e]) => {
      const total = e.caps.reduce((a, b) => a + b, 0);
      return { sector, members: e.members, avgMarketCap: e.caps.length ? total / e.caps.length : null, totalMarketCap: total };
    })
    .sort((a, b) => b.members - a.members || a.sector.localeCompare(b.sector));
}

/** Weighted dividend yield Σ wᵢ·yᵢ / Σ wᵢ over members with a yield and a weight, and how many yield above it. */
export function dividends(members: readonly Member[]): IndexMetrics['dividends'] {
  const yields = members.flatMap((m) => {
    const y = m.fundamentals ? dividendYield(m.fundamentals, m.priceUsd) : null;
    return y === null || m.weight === null ? [] : [{ y, w: m.weight }];
  });
  const weight = yields.reduce((sum, x) => sum + x.w, 0);
  const indexYield = weight > 0 ? yields.reduce((sum, x) => sum + x.w * x.y, 0) / weight : null;
  return { indexYield, covered: yields.length, above: indexYield === null ? 0 : count(yields, (x) => x.y > indexYield) };
}

export function computeIndexMetrics(
  members: readonly Member[],
  extras: { trumpTrade: TrumpTrade | null; valuation: Record<string, Valuation> },
): IndexMetrics {
  const withFacts = members.filter((m) => m.fundamentals !== null);
  const eps = withFacts.flatMap((m) => (m.fundamentals!.epsDilutedTtm === null ? [] : [m.fundamentals!.epsDilutedTtm]));
  const eligible = members.filter((m) => !altmanExcluded(m.sector));
  const zones = eligible.flatMap((m) => {
    const inputs = m.fundamentals ? altmanInputs(m.fundamentals, m.priceUsd) : null;
    const z = inputs ? altmanZ(inputs) : null;
    return z === null ? [] : [altmanZone(z)];
  });
  const zombieFlags = withFacts.flatMap((m) => {
    const flag = isBisZombie(m.fundamentals!.annual);
    return flag === null ? [] : [flag];
  });
  const fcfs = withFacts.flatMap((m) => {
    const fcf = freeCashFlow(m.fundamentals!);
    return fcf === null ? [] : [{ fcf, sbc: m.fundamentals!.sbcTtmUsd }];
  });
  const positive = fcfs.filter((x) => x.fcf > 0);
  const revenues = withFacts.flatMap((m) => (m.fundamentals!.revenueTtmUsd === null ? [] : [m.fundamentals!.revenueTtmUsd]));
  return {
    members: members.length,
    sectors: sectors(members),
    dispersion: dispersion(members.flatMap((m) => (m.return1y === null ? [] : [{ ticker: m.ticker, return1y: m.return1y }]))),
    negativeEps: { covered: eps.length, count: count(eps, (e) => e < 0) },
    altmanZ: {
      scored: zones.length,
      excluded: members.length - eligible.length,
      distress: count(zones, (z) => z === 'distress'),
      grey: count(zones, (z) => z === 'grey'),
      safe: count(zones, (z) => z === 'safe'),
    },
    zombies: { covered: zombieFlags.length, count: count(zombieFlags, Boolean) },
    fcf: { covered: fcfs.length, positive: positive.length, sbcOverHalf: count(positive, (x) => (sbcToFcf(x.sbc, x.fcf) ?? 0) > 0.5) },
    smallRevenue: { covered: revenues.length, count: count(revenues, (r) => r <= SMALL_REVENUE_USD) },
    dividends: dividends(members),
    valuation: extras.valuation,
    trumpTrade: extras.trumpTrade,
    demoData: members.some((m) => m.demo),
  };
}
