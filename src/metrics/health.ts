// Balance-sheet and earnings health: Altman Z and Z″, BIS zombie firms, free cash flow and SBC, EPS, size.
import type { Fundamentals } from './universe.js';

export type Zone = 'distress' | 'grey' | 'safe';

export interface AltmanInputs {
  workingCapital: number;
  totalAssets: number;
  retainedEarnings: number;
  ebit: number;
  marketValueOfEquity: number;
  totalLiabilities: number;
  sales: number;
}

/** Altman (1968) Z = 1.2·WC/TA + 1.4·RE/TA + 3.3·EBIT/TA + 0.6·MVE/TL + 1.0·Sales/TA; null when TA ≤ 0 or TL ≤ 0. */
export function altmanZ(x: AltmanInputs): number | null {
  if (x.totalAssets <= 0 || x.totalLiabilities <= 0) return null;
  const ta = x.totalAssets;
  return 1.2 * (x.workingCapital / ta) + 1.4 * (x.retainedEarnings / ta) + 3.3 * (x.ebit / ta) + 0.6 * (x.marketValueOfEquity / x.totalLiabilities) + (x.sales / ta);
}

/** Altman Z zones: distress < 1.81 ≤ grey ≤ 2.99 < safe. */
export function altmanZone(z: number): Zone {
  return z < 1.81 ? 'distress' : z <= 2.99 ? 'grey' : 'safe';
}

/** Altman Z″ (non-manufacturers, 1995) = 6.56·WC/TA + 3.26·RE/TA + 6.72·EBIT/TA + 1.05·book equity/TL; null when TA ≤ 0 or TL ≤ 0. */
export function altmanZDoublePrime(x: Omit<AltmanInputs, 'marketValueOfEquity' | 'sales'> & { bookEquity: number }): number | null {
  if (x.totalAssets <= 0 || x.totalLiabilities <= 0) return null;
  const ta = x.totalAssets;
  return 6.56 * (x.workingCapital / ta) + 3.26 * (x.retainedEarnings / ta) + 6.72 * (x.ebit / ta) + 1.05 * (x.bookEquity / x.totalLiabilities);
}

/** Z″ zones: distress < 1.1 ≤ grey ≤ 2.6 < safe. */
export function altmanZDoublePrimeZone(z: number): Zone {
  return z < 1.1 ? 'distress' : z <= 2.6 ? 'grey' : 'safe';
}

/** The Altman model does not apply to financials and REITs (their balance sheets are the business). */
export function altmanExcluded(sector: string | null): boolean {
  return sector === 'Financials' || sector === 'Real Estate';
}

/** Manufacturer = SIC 2000–3999 (Altman's original sample); null when the SIC is unknown. */
export function isManufacturer(sic: number | null): boolean | null {
  return sic === null ? null : sic >= 2000 && sic <= 3999;
}

/** The Z inputs from SEC figures and a price (MVE = price × shares outstanding); null when any is missing. */
export function altmanInputs(f: Fundamentals, priceUsd: number | null): AltmanInputs | null {
  const values = [f.currentAssetsUsd, f.currentLiabilitiesUsd, f.totalAssetsUsd, f.retainedEarningsUsd, f.ebitTtmUsd, f.totalLiabilitiesUsd, f.revenueTtmUsd, f.sharesOutstanding, priceUsd];
  if (values.some((v) => v === null)) return null;
  return {
    workingCapital: f.currentAssetsUsd! - f.currentLiabilitiesUsd!,
    totalAssets: f.totalAssetsUsd!,
    retainedEarnings: f.retainedEarningsUsd!,
    ebit: f.ebitTtmUsd!,
    marketValueOfEquity: priceUsd! * f.sharesOutstanding!,
    totalLiabilities: f.totalLiabilitiesUsd!,
    sales: f.revenueTtmUsd!,
  };
}

/** Interest coverage = operating income / interest expense; null when interest expense is missing or ≤ 0. */
export function interestCoverage(operatingIncome: number | null, interestExpense: number | null): number | null {
  if (operatingIncome === null || interestExpense === null || interestExpense <= 0) return null;
  return operatingIncome / interestExpense;
}

/**
 * BIS zombie firm (Banerjee & Hofmann, 2018): interest coverage < 1 in each of the last three fiscal years.
 * Null unless three years have operating income and interest expense; a year with zero interest expense is
 * covered infinitely (not a zombie year).
 */
export function isBisZombie(annual: Fundamentals['annual']): boolean | null {
  const years = annual.slice(0, 3);
  if (years.length < 3 || years.some((y) => y.operatingIncomeUsd === null || y.interestExpenseUsd === null)) return null;
  return years.every((y) => y.interestExpenseUsd! > 0 && y.operatingIncomeUsd! / y.interestExpenseUsd! < 1);
}

/** Free cash flow = operating cash flow − capex (capex reported as a positive payment); null when either is missing. */
export function freeCashFlow(f: Fundamentals): number | null {
  return f.operatingCashFlowTtmUsd === null || f.capexTtmUsd === null ? null : f.operatingCashFlowTtmUsd - f.capexTtmUsd;
}

/** SBC as a share of FCF (only meaningful when FCF > 0); null otherwise. */
export function sbcToFcf(sbc: number | null, fcf: number | null): number | null {
  return sbc === null || fcf === null || fcf <= 0 ? null : sbc / fcf;
}

/** Small by revenue: TTM revenue ≤ $500m. */
export const SMALL_REVENUE_USD = 500e6;

/** Dividend yield = TTM dividends per share / price; a filer with no per-share dividend fact is a non-payer (0). */
export function dividendYield(f: Fundamentals, priceUsd: number | null): number | null {
  if (priceUsd === null || priceUsd <= 0) return null;
  return (f.dividendsPerShareTtm ?? 0) / priceUsd;
}

/** Market cap = price × shares outstanding (SEC), else the screener's market cap. */
export function marketCap(f: Fundamentals | null, priceUsd: number | null, screenMarketCapUsd: number | null): number | null {
  if (f?.sharesOutstanding != null && priceUsd !== null) return f.sharesOutstanding * priceUsd;
  return screenMarketCapUsd;
}

/** TTM earnings = net income, else diluted EPS × shares outstanding. */
export function earnings(f: Fundamentals): number | null {
  if (f.netIncomeTtmUsd !== null) return f.netIncomeTtmUsd;
  return f.epsDilutedTtm !== null && f.sharesOutstanding !== null ? f.epsDilutedTtm * f.sharesOutstanding : null;
}
