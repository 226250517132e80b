// Zombie firms, BIS definition (Banerjee & Hofmann, 2018, BIS Quarterly Review): interest coverage
// (operating income / interest expense) below 1 in each of the last three fiscal years.
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

/** Zombie count and share among members with three evaluable years. */
export function zombieSummary(flags: readonly (boolean | null)[]): CountShare {
  return countShare(flags, (zombie) => zombie);
}
