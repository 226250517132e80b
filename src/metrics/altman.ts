// Distress: Altman Z (1968, public manufacturers) and Z″ (1995, non-manufacturers and emerging markets).
import { share } from './stats.js';
import type { Fundamentals } from './inputs.js';

export type Zone = 'distress' | 'grey' | 'safe';

/** The five Z ratios' ingredients, in US dollars. */
export interface AltmanInputs {
  /** Current assets − current liabilities. */
  workingCapitalUsd: number;
  totalAssetsUsd: number;
  retainedEarningsUsd: number;
  ebitUsd: number;
  /** Market value of equity = price × shares outstanding. */
  marketValueOfEquityUsd: number;
  totalLiabilitiesUsd: number;
  salesUsd: number;
}

/** The Z″ ingredients: Z's without sales, with book equity in place of market value. */
export interface AltmanZDoublePrimeInputs {
  workingCapitalUsd: number;
  totalAssetsUsd: number;
  retainedEarningsUsd: number;
  ebitUsd: number;
  bookEquityUsd: number;
  totalLiabilitiesUsd: number;
}

// Both models divide by total assets and total liabilities. Zero or negative total assets leaves no balance sheet
// to scale by (the ratios are undefined or flip sign), and zero total liabilities makes the equity/TL term infinite,
// so either gives no score (null) rather than a misleading number.
function scorable(totalAssetsUsd: number, totalLiabilitiesUsd: number): boolean {
  return totalAssetsUsd > 0 && totalLiabilitiesUsd > 0;
}

/** Altman (1968): Z = 1.2·WC/TA + 1.4·RE/TA + 3.3·EBIT/TA + 0.6·MVE/TL + 1.0·Sales/TA; null when TA ≤ 0 or TL ≤ 0. */
export function altmanZ(x: AltmanInputs): number | null {
  if (!scorable(x.totalAssetsUsd, x.totalLiabilitiesUsd)) return null;
  const ta = x.totalAssetsUsd;
  return (
    1.2 * (x.workingCapitalUsd / ta) +
    1.4 * (x.retainedEarningsUsd / ta) +
    3.3 * (x.ebitUsd / ta) +
    0.6 * (x.marketValueOfEquityUsd / x.totalLiabilitiesUsd) +
    1.0 * (x.salesUsd / ta)
  );
}

/** Altman (1968) zones: distress < 1.81 ≤ grey ≤ 2.99 < safe. */
export function altmanZone(z: number): Zone {
  return z < 1.81 ? 'distress' : z <= 2.99 ? 'grey' : 'safe';
}

/** Altman (1995) Z″ = 6.56·WC/TA + 3.26·RE/TA + 6.72·EBIT/TA + 1.05·book equity/TL; null when TA ≤ 0 or TL ≤ 0. */
export function altmanZDoublePrime(x: AltmanZDoublePrimeInputs): number | null {
  if (!scorable(x.totalAssetsUsd, x.totalLiabilitiesUsd)) return null;
  const ta = x.totalAssetsUsd;
  return (
    6.56 * (x.workingCapitalUsd / ta) +
    3.26 * (x.retainedEarningsUsd / ta) +
    6.72 * (x.ebitUsd / ta) +
    1.05 * (x.bookEquityUsd / x.totalLiabilitiesUsd)
  );
}

/** Altman (1995) Z″ zones: distress < 1.1 ≤ grey ≤ 2.6 < safe. */
export function altmanZDoublePrimeZone(z: number): Zone {
  return z < 1.1 ? 'distress' : z <= 2.6 ? 'grey' : 'safe';
}

const EXCLUDED_SECTORS = new Set(['financials', 'real estate']);

/** Financials and real estate (REITs) are outside the Altman models: their balance sheets are the business. */
export function isAltmanExcluded(sector: string | null): boolean {
  return sector !== null && EXCLUDED_SECTORS.has(sector.trim().toLowerCase());
}

/** Manufacturer = SIC 2000–3999 (the industries of Altman's original sample); null when the SIC is unknown. */
export function isManufacturer(sic: number | null): boolean | null {
  return sic === null ? null : sic >= 2000 && sic <= 3999;
}

/** Working capital = current assets − current liabilities; null when either is missing. */
function workingCapital(f: Fundamentals): number | null {
  return f.currentAssetsUsd === null || f.currentLiabilitiesUsd === null ? null : f.currentAssetsUsd - f.currentLiabilitiesUsd;
}

/** The Z inputs from SEC figures and a market value of equity; null when any is missing. */
export function altmanInputs(f: Fundamentals, marketValueOfEquityUsd: number | null): AltmanInputs | null {
  const wc = workingCapital(f);
  const { totalAssetsUsd, retainedEarningsUsd, ebitTtmUsd, totalLiabilitiesUsd, revenueTtmUsd } = f;
  if (wc === null || totalAssetsUsd === null || retainedEarningsUsd === null || ebitTtmUsd === null) return null;
  if (marketValueOfEquityUsd === null || totalLiabilitiesUsd === null || revenueTtmUsd === null) return null;
  return {
    workingCapitalUsd: wc,
    totalAssetsUsd,
    retainedEarningsUsd,
    ebitUsd: ebitTtmUsd,
    marketValueOfEquityUsd,
    totalLiabilitiesUsd,
    salesUsd: revenueTtmUsd,
  };
}

/**
 * The Z″ inputs from SEC figures. Book equity = stockholders' equity, else total assets − total liabilities (the
 * balance-sheet identity) when equity is not reported; it may be negative. Null when any other input is missing.
 */
export function altmanZDoublePrimeInputs(f: Fundamentals): AltmanZDoublePrimeInputs | null {
  const wc = workingCapital(f);
  const { totalAssetsUsd, retainedEarningsUsd, ebitTtmUsd, totalLiabilitiesUsd } = f;
  if (wc === null || totalAssetsUsd === null || retainedEarningsUsd === null || ebitTtmUsd === null || totalLiabilitiesUsd === null) return null;
  return {
    workingCapitalUsd: wc,
    totalAssetsUsd,
    retainedEarningsUsd,
    ebitUsd: ebitTtmUsd,
    bookEquityUsd: f.stockholdersEquityUsd ?? totalAssetsUsd - totalLiabilitiesUsd,
    totalLiabilitiesUsd,
  };
}

export interface AltmanSummary {
  /** Members with a Z score (outside the excluded sectors). */
  scored: number;
  /** Members in Financials or Real Estate, not scored whatever their data. */
  excluded: number;
  distress: number;
  grey: number;
  safe: number;
  /** distress / scored. */
  distressShare: number | null;
  /** Share of the scored with Z < 1.8 (the rounded cut-off the issue names). */
  shareBelow1_8: number | null;
}

/** Zone counts over the members' Z scores; `excluded` members are counted apart and never scored. */
export function altmanSummary(members: readonly { excluded: boolean; z: number | null }[]): AltmanSummary {
  const scores = members.flatMap((m) => (m.excluded || m.z === null ? [] : [m.z]));
  const inZone = (zone: Zone) => scores.filter((z) => altmanZone(z) === zone).length;
  const distress = inZone('distress');
  return {
    scored: scores.length,
    excluded: members.filter((m) => m.excluded).length,
    distress,
    grey: inZone('grey'),
    safe: inZone('safe'),
    distressShare: share(distress, scores.length),
    shareBelow1_8: share(scores.filter((z) => z < 1.8).length, scores.length),
  };
}
