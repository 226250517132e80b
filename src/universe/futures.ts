// The futures side from the cache: the COT weeks (TFF, else legacy for open interest), the index levels that value
// them (^RUT closes, the RTY futures price in the fund's holdings files), the fund's kept holdings totals; the
// capital engaged (now and week by week), the fund's flows and the positioning.
import { RUSSELL_FUTURES, RUSSELL_INDEX_SYMBOL } from '../core/futures.js';
import { netAssets } from '../metrics/aum.js';
import {
  capitalEngaged,
  capitalSeries,
  daysApart,
  futuresParts,
  type CapitalEngaged,
  type CapitalWeek,
  type EtfPart,
  type IndexLevel,
} from '../metrics/capital-engaged.js';
import { fundFlows, type FundFlow } from '../metrics/fund-flows.js';
import type { CotRow } from '../metrics/inputs.js';
import { positioning, reportOnOrBefore, weeklyPositions, type Positioning, type WeeklyPosition } from '../metrics/positioning.js';
import { cotRows } from '../store/cot.js';
import type { Db } from '../store/db.js';
import { fundFuturesLines } from '../store/fund-futures.js';
import { fundTotals, holdingsSnapshots } from '../store/holdings.js';
import { priceSeries } from '../store/prices.js';

/** CME's RTY symbols: RTY, a month code, the year's last digit(s) (RTYU4, RTYM26). */
const RTY_TICKER = /^RTY[FGHJKMNQUVXZ]\d{1,2}$/;

export interface CapitalEngagedFigures extends CapitalEngaged {
  /** Followed codes reported within the year before the newest report but not in it (e.g. a micro below the threshold). */
  notReported: string[];
  /** Report week by report week. */
  series: CapitalWeek[];
  /** Creations and redemptions between the fund's kept holdings files. */
  flows: FundFlow[];
}

export interface FuturesFigures {
  capitalEngaged: CapitalEngagedFigures;
  /** Null without TFF weeks. */
  positioning: Positioning | null;
}

/** Every index level in the cache, oldest first: ^RUT closes before the holdings' RTY prices of the same date. */
export function indexLevels(db: Db, fund: string): IndexLevel[] {
  const closes = (priceSeries(db, RUSSELL_INDEX_SYMBOL)?.points ?? []).map((p) => ({
    date: p.date,
    level: p.close,
    source: `${RUSSELL_INDEX_SYMBOL} close`,
  }));
  const futures = fundFuturesLines(db, fund)
    .filter((line) => RTY_TICKER.test(line.ticker) && line.priceUsd !== null && line.priceUsd > 0)
    .map((line) => ({ date: line.asOf, level: line.priceUsd!, source: `${line.ticker} price in the ${fund} holdings of` }));
  return [...closes, ...futures].sort((a, b) => a.date.localeCompare(b.date));
}

/** Report weeks oldest first, each its rows: TFF rows, and legacy rows for a code and week the TFF lacks. */
function weeksOfRows(tff: readonly CotRow[], legacy: readonly CotRow[]): CotRow[][] {
  const byKey = new Map<string, CotRow>();
  for (const row of [...legacy, ...tff]) byKey.set(`${row.reportDate} ${row.code}`, row);
  const weeks = new Map<string, CotRow[]>();
  for (const row of [...byKey.values()].sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.code.localeCompare(b.code))) {
    weeks.set(row.reportDate, [...(weeks.get(row.reportDate) ?? []), row]);
  }
  return [...weeks.values()];
}

/** The TFF weeks summed in E-mini equivalents (through `asOf` when given). */
export function positioningWeeks(db: Db, asOf?: string): WeeklyPosition[] {
  return weeklyPositions(cotRows(db, 'tff', asOf));
}

/** The capital engaged (the fund's part given) and the positioning, from the weeks through `asOf`. */
export function futuresFigures(db: Db, etf: EtfPart, options: { asOf?: string; since?: string } = {}): FuturesFigures {
  const weeks = weeksOfRows(cotRows(db, 'tff', options.asOf), cotRows(db, 'legacy', options.asOf));
  const levels = indexLevels(db, etf.fund);
  const kept = holdingsSnapshots(db, etf.fund).flatMap((snapshot) => {
    const totals = fundTotals(db, snapshot.id);
    return snapshot.asOf && totals && (options.asOf === undefined || snapshot.asOf <= options.asOf) ? [{ asOf: snapshot.asOf, totals }] : [];
  });
  const newest = weeks.at(-1) ?? [];
  const reported = new Set(newest.map((row) => row.code));
  const yearBefore = newest[0] ? `${Number(newest[0].reportDate.slice(0, 4)) - 1}${newest[0].reportDate.slice(4)}` : '';
  const recent = new Set(
    weeks
      .flat()
      .filter((row) => row.reportDate > yearBefore)
      .map((row) => row.code),
  );
  return {
    capitalEngaged: {
      ...capitalEngaged(etf, futuresParts(newest, levels)),
      notReported: RUSSELL_FUTURES.map((f) => f.code).filter((code) => recent.has(code) && !reported.has(code)),
      series: capitalSeries(
        weeks,
        levels,
        kept.map(({ asOf, totals }) => ({ asOf, netAssets: netAssets(totals) })),
      ),
      flows: fundFlows(kept),
    },
    positioning: positioning(weeklyPositions(weeks.flat()), options),
  };
}

/** The positioning of the newest week with changes since the report on or before `since`. */
export function positioningSince(db: Db, since: string): Positioning | null {
  return positioning(positioningWeeks(db), { since });
}

/** Why a member's since date cannot be used (one line), or null: not a YYYY-MM-DD date, outside the reports kept, or
 * in a gap of them (no report within the week before it). */
export function sinceProblem(weeks: readonly WeeklyPosition[], since: string): string | null {
  const shown = since.slice(0, 20).replace(/[^\x20-\x7e]/g, '?');
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(since) ? Date.parse(`${since}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== since) {
    return `\`since\` must be a date like 2024-11-05 (YYYY-MM-DD), not "${shown}".`;
  }
  const [first, last] = [weeks[0]?.reportDate, weeks.at(-1)?.reportDate];
  if (first === undefined || last === undefined) return 'No COT report weeks in the cache yet. An admin can run `zombie ingest cot`.';
  if (since < first) return `The first report kept is of ${first}: pick a date from then to ${last}.`;
  if (since > last) return `The newest report is of ${last}: pick a date from ${first} to then.`;
  // Reports are weekly: a report more than a week before the date means the weeks between are missing.
  const report = reportOnOrBefore(weeks, since)!.reportDate;
  if (daysApart(report, since) > 7) {
    return `No report kept within a week before ${since} (the nearest earlier is of ${report}; the weeks between are missing): pick another date.`;
  }
  return null;
}
