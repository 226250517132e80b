// Seasonality: for each calendar month, the fund's (IWM's) mean monthly return, its hit rate (share of positive
// months) and its mean return relative to a benchmark (SPY), over full calendar months since 2000.
//
// A monthly return is the last close of the month over the last close of the month before, minus 1; a month
// counts only when both closes exist (its own and the previous calendar month's). The series' last month
// counts only when it is complete: the series goes on into a later month, or its last day is on or after the
// month's last weekday (so a file ending mid-month does not count a partial month). Prices: adjusted closes
// when every point (of both series) has one, else plain closes — the basis the Trump trade uses.
import { priceBasis, priceOn, type PriceBasis } from './price-basis.js';
import { sum } from './stats.js';
import type { PricePoint } from './inputs.js';

/** November and December: the "Santa rally" window the views highlight. */
export const SANTA_MONTHS: readonly number[] = [11, 12];

/** Months before this one are left out ("since 2000"). */
export const SEASONALITY_FROM_MONTH = '2000-01';

/** One month's return: `month` is 'YYYY-MM'. */
export interface MonthlyReturn {
  month: string;
  return: number;
}

export interface CalendarMonthFigures {
  /** 1 = January … 12 = December. */
  month: number;
  /** Years with a fund return for this month. */
  n: number;
  /** Mean monthly return (a fraction); null when n = 0. */
  iwmMean: number | null;
  /** Share of those months with a return above zero; null when n = 0. */
  iwmHitRate: number | null;
  /** Mean of (fund return − benchmark return) over the years both have; null when none. */
  relMean: number | null;
}

export interface Seasonality {
  /** First and last month ('YYYY-MM') with a fund return; null when there is none. */
  from: string | null;
  to: string | null;
  months: CalendarMonthFigures[];
}

/** 'YYYY-MM' of the calendar month before. */
export function previousMonth(month: string): string {
  const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** The month's last Monday–Friday, 'YYYY-MM-DD'. */
export function lastWeekday(month: string): string {
  const day = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Monthly return = last close of the month / last close of the month before − 1, over complete months with both closes. */
export function monthlyReturns(points: readonly PricePoint[], basis: PriceBasis): MonthlyReturn[] {
  const lastOfMonth = new Map<string, { date: string; price: number }>();
  for (const p of [...points].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    if (priceOn(p, basis) > 0) lastOfMonth.set(p.date.slice(0, 7), { date: p.date, price: priceOn(p, basis) });
  }
  const months = [...lastOfMonth.keys()];
  const finalMonth = months.at(-1);
  const complete = (month: string) => month !== finalMonth || lastOfMonth.get(month)!.date >= lastWeekday(month);
  return months.flatMap((month) => {
    const before = lastOfMonth.get(previousMonth(month));
    if (!before || !complete(month)) return [];
    return [{ month, return: lastOfMonth.get(month)!.price / before.price - 1 }];
  });
}

/** Per calendar month: n, mean return, hit rate and mean return relative to the benchmark, months since 2000. */
export function seasonality(fund: readonly PricePoint[], benchmark: readonly PricePoint[] | null): Seasonality {
  const basis = benchmark ? priceBasis(fund, benchmark) : priceBasis(fund);
  const since = (r: MonthlyReturn) => r.month >= SEASONALITY_FROM_MONTH;
  const own = monthlyReturns(fund, basis).filter(since);
  const other = new Map((benchmark ? monthlyReturns(benchmark, basis) : []).map((r) => [r.month, r.return]));
  const months = Array.from({ length: 12 }, (_, k): CalendarMonthFigures => {
    const inMonth = own.filter((r) => Number(r.month.slice(5, 7)) === k + 1);
    const returns = inMonth.map((r) => r.return);
    const relative = inMonth.flatMap((r) => (other.has(r.month) ? [r.return - other.get(r.month)!] : []));
    const mean = (values: number[]) => (values.length > 0 ? sum(values) / values.length : null);
    return {
      month: k + 1,
      n: returns.length,
      iwmMean: mean(returns),
      iwmHitRate: returns.length > 0 ? returns.filter((r) => r > 0).length / returns.length : null,
      relMean: mean(relative),
    };
  });
  return { from: own[0]?.month ?? null, to: own.at(-1)?.month ?? null, months };
}
