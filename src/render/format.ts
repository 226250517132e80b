// Number formatting for people: "1.6bn", "43.4%", "1,731 of 1,962 with data"; missing values read "n/a".
export const NA = 'n/a';

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NA : integer.format(value);
}

/** A fraction as a percentage: 0.4342 → "43.4%". */
export function formatPct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NA;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A signed fraction as a percentage, with a minus sign like the other signed figures: 0.052 → "+5.2%", -0.5 →
 * "−50.0%"; no sign when it rounds to zero. */
export function formatSignedPct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NA;
  const magnitude = (Math.abs(fraction) * 100).toFixed(digits);
  const sign = Number(magnitude) === 0 ? '' : fraction > 0 ? '+' : '−';
  return `${sign}${magnitude}%`;
}

/** US dollars with a magnitude suffix: 1_600_000_000 → "$1.6bn", -2_500_000 → "−$2.5m". */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  const sign = value < 0 ? '−' : '';
  const abs = Math.abs(value);
  const scaled: [number, string][] = [
    [1e12, 'tn'],
    [1e9, 'bn'],
    [1e6, 'm'],
    [1e3, 'k'],
  ];
  for (const [unit, suffix] of scaled) {
    if (abs >= unit) return `${sign}$${trimZeros((abs / unit).toFixed(abs / unit >= 100 ? 0 : 1))}${suffix}`;
  }
  return `${sign}$${abs.toFixed(2)}`;
}

/** A plain decimal: 1.4586 → "1.46". */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Coverage of a figure: "1,731 of 1,962 with data". */
export function formatCoverage(covered: number, total: number): string {
  return `${formatCount(covered)} of ${formatCount(total)} with data`;
}

/** A count and its share of a base: "812 (43.4%)"; "n/a" when the base is empty. */
export function formatShare(count: number, base: number): string {
  return base > 0 ? `${formatCount(count)} (${formatPct(count / base)})` : NA;
}

function trimZeros(text: string): string {
  return text.replace(/\.0$/, '');
}
