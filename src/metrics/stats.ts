// Small statistics shared by the metric families.

/** How many of the covered values pass a test, and that count as a fraction of them (null when none covered). */
export interface CountShare {
  covered: number;
  count: number;
  share: number | null;
}

/** count / covered; null when nothing is covered. */
export function share(count: number, covered: number): number | null {
  return covered > 0 ? count / covered : null;
}

/** The covered values (nulls dropped) and how many of them pass `test`. */
export function countShare<T>(values: readonly (T | null)[], test: (value: T) => boolean): CountShare {
  const covered = values.filter((v): v is T => v !== null);
  const count = covered.filter(test).length;
  return { covered: covered.length, count, share: share(count, covered.length) };
}

/** Code-unit order of two strings (tickers, 'YYYY-MM-DD' dates, sector names), independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Median: the middle value, or the mean of the middle two for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** All values identical (exact test: a computed variance of equal floats can be a tiny non-zero residue). */
function constant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Σ (x − x̄)(y − ȳ) and Σ (x − x̄)², Σ (y − ȳ)². */
function centredSums(x: readonly number[], y: readonly number[]): { sxy: number; sxx: number; syy: number } {
  const mx = sum(x) / x.length;
  const my = sum(y) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    const dx = xi - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  return { sxy, sxx, syy };
}

/** The fewest pairs a correlation or slope is computed from. */
export const MIN_PAIRS = 3;

function checkPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new Error(`paired statistics: ${x.length} x values but ${y.length} y values`);
}

/** Pearson r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²); null below 3 pairs or when either side has zero variance. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  if (x.length < MIN_PAIRS || constant(x) || constant(y)) return null;
  const { sxy, sxx, syy } = centredSums(x, y);
  return sxy / Math.sqrt(sxx * syy);
}

/** OLS slope of y on x = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²; null below 3 pairs or when x has zero variance. */
export function olsSlope(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  if (x.length < MIN_PAIRS || constant(x)) return null;
  const { sxy, sxx } = centredSums(x, y);
  return sxy / sxx;
}

/**
 * Percentile rank of `value` among `others` (0..1): the share of them with a lower value, ties counting half.
 * 0 = lowest, 1 = highest. Null when the value is unknown or there is nothing to compare with.
 */
export function percentileRank(value: number | null, others: readonly number[]): number | null {
  if (value === null || others.length === 0) return null;
  const below = others.filter((v) => v < value).length;
  const equal = others.filter((v) => v === value).length;
  return (below + equal / 2) / others.length;
}
