// Zombie firms, BIS definition (Banerjee & Hofmann, 2018, BIS Quarterly Review): interest coverage
// (operating income / interest expense) below 1 in each of the last three fiscal years, among non-financial firms
// (a bank's interest expense is its cost of deposits, so its coverage says nothing); and the BIS's narrower
// measure, which also asks the firm to be at least ten years old (here: since its first SEC filing).
import { yearsBefore } from './returns.js';
import { countShare, type CountShare } from './stats.js';
import type { AnnualFigures } from './inputs.js';

/** Interest coverage = operating income / interest expense; null when either is missing or interest expense ≤ 0. */
export function interestCoverage(operatingIncomeUsd: number | null, interestExpenseUsd: number | null): number | null {
  if (operatingIncomeUsd === null || interestExpenseUsd === null || interestExpenseUsd <= 0) return null;
  return operatingIncomeUsd / interestExpenseUsd;
}

/**
 * Whether one fiscal year is a zombie year (coverage < 1). Decisions:
 * - interest expense 0 with operating income known: coverage is infinite, so not a zombie year (false);
 * - operating income or interest expense missing, or interest expense negative (a sign we cannot read): the year
 *   is not evaluable (null).
 */
export function isZombieYear(year: AnnualFigures): boolean | null {
  if (year.operatingIncomeUsd === null || year.interestExpenseUsd === null || year.interestExpenseUsd < 0) return null;
  if (year.interestExpenseUsd === 0) return false;
  return year.operatingIncomeUsd / year.interestExpenseUsd < 1;
}

export const BIS_YEARS = 3;

/**
 * BIS zombie: coverage < 1 in each of the three newest fiscal years. Null unless those are three consecutive fiscal
 * years that are all evaluable (isZombieYear not null), so a covered firm always has three years of data.
 */
export function isBisZombie(annual: readonly AnnualFigures[]): boolean | null {
  const years = [...annual].sort((a, b) => b.fiscalYear - a.fiscalYear).slice(0, BIS_YEARS);
  if (years.length < BIS_YEARS) return null;
  if (years.some((y, i) => y.fiscalYear !== years[0]!.fiscalYear - i)) return null;
  const flags = years.map(isZombieYear);
  if (flags.some((flag) => flag === null)) return null;
  return flags.every(Boolean);
}

/** The BIS measure is for non-financial firms: members in Financials are left out (counted apart). */
export function isBisExcluded(sector: string | null): boolean {
  return sector !== null && sector.trim().toLowerCase() === 'financials';
}

/** The narrow measure's minimum age in years. */
export const BIS_MIN_AGE_YEARS = 10;

/** At least BIS_MIN_AGE_YEARS old on `date`: first filing on or before `date` − 10 years; null when either is unknown. */
export function isOldFirm(firstFilingDate: string | null, date: string | null | undefined): boolean | null {
  if (firstFilingDate === null || !date) return null;
  return firstFilingDate <= yearsBefore(date, BIS_MIN_AGE_YEARS);
}

/**
 * BIS narrow zombie: a BIS zombie (isBisZombie) that was at least ten years old at the end of the newest of its
 * three fiscal years, age counted from its first SEC filing. Null when the zombie test is not evaluable or the age
 * is unknown (no first filing date, or no period end for that year), so a covered firm has both.
 */
export function isBisZombieNarrow(annual: readonly AnnualFigures[], firstFilingDate: string | null): boolean | null {
  const zombie = isBisZombie(annual);
  if (zombie === null) return null;
  const newest = annual.reduce<AnnualFigures | null>((best, y) => (best === null || y.fiscalYear > best.fiscalYear ? y : best), null);
  const old = isOldFirm(firstFilingDate, newest?.periodEnd);
  return old === null ? null : zombie && old;
}

export interface ZombieSummary extends CountShare {
  /** Members in Financials, left out whatever their data. */
  excluded: number;
  /** The narrow measure (also ≥ 10 years old), among members with three evaluable years and a known age. */
  narrow: CountShare;
}

/** Zombie count and share among non-financial members with three evaluable years, and the narrow measure's. */
export function zombieSummary(members: readonly { excluded: boolean; zombie: boolean | null; narrow: boolean | null }[]): ZombieSummary {
  const included = members.filter((m) => !m.excluded);
  return {
    ...countShare(
      included.map((m) => m.zombie),
      (zombie) => zombie,
    ),
    excluded: members.length - included.length,
    narrow: countShare(
      included.map((m) => m.narrow),
      (narrow) => narrow,
    ),
  };
}
