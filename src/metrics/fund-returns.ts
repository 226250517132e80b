// ETF returns over 1, 3, 5 and 10 years, for comparing funds: every fund measured to the same end date, on the same
// basis (adjusted closes when every compared series has them, else plain closes), n-year returns annualised.
import { priceBasis, priceOn, type PriceBasis } from './price-basis.js';
import { closeNear, yearsBefore } from './returns.js';
import { compareText } from './stats.js';
import type { PricePoint } from './inputs.js';

export type ReturnKey = '1y' | '3y' | '5y' | '10y';

/** A fund's returns by horizon, fractions (0.12 = +12 % a year); null where the series does not reach back. */
export type FundReturns = Record<ReturnKey, number | null>;

export interface ComparedReturns {
  /** The common end date: the earliest of the funds' last closes (null when no fund has prices). */
  to: string | null;
  /** 'total return' on adjusted closes, 'price return' on plain closes. */
  basis: 'total return' | 'price return';
  /** By fund symbol; a fund without prices is absent. */
  byFund: Record<string, FundReturns>;
}

/**
 * n-year return to `to` = (price at the last close ≤ to ÷ price at the last close ≤ to − n years)^(1/n) − 1: the
 * annualised (compound annual) return; for n = 1 the plain return. Null unless both closes lie within a week of
 * their dates and are positive.
 */
export function annualisedReturn(sorted: readonly PricePoint[], to: string, years: number, basis: PriceBasis): number | null {
  const end = closeNear(sorted, to);
  const start = closeNear(sorted, yearsBefore(to, years));
  if (end === null || start === null || end.date <= start.date) return null;
  const [from, until] = [priceOn(start, basis), priceOn(end, basis)];
  if (!(from > 0) || !(until > 0)) return null;
  return (until / from) ** (1 / years) - 1;
}

/** 1-, 3-, 5- and 10-year returns of each fund's ETF to the common end date, on one basis (see the header comment). */
export function compareReturns(series: Readonly<Record<string, readonly PricePoint[]>>): ComparedReturns {
  const funds = Object.entries(series)
    .filter(([, points]) => points.length > 0)
    .map(([fund, points]) => [fund, [...points].sort((a, b) => compareText(a.date, b.date))] as const);
  const to = funds.map(([, points]) => points.at(-1)!.date).sort()[0] ?? null;
  const basis = priceBasis(...funds.map(([, points]) => points));
  const byFund: Record<string, FundReturns> = {};
  for (const [fund, points] of funds) {
    const value = (years: number) => (to === null ? null : annualisedReturn(points, to, years, basis));
    byFund[fund] = { '1y': value(1), '3y': value(3), '5y': value(5), '10y': value(10) };
  }
  return { to, basis: basis === 'adjClose' ? 'total return' : 'price return', byFund };
}
