// Builds what the alert rules look at from the cache: the configured odds series, IWM and SPY closes, the
// 30-day Trump-trade correlation now and a trading day earlier, each member's Altman zone, and ingest times.
import type { Config } from '../config.js';
import { memberFigures } from '../metrics/member-figures.js';
import { trumpTrade } from '../metrics/trump-trade.js';
import type { Db } from '../store/db.js';
import { oddsSeries } from '../store/odds.js';
import { priceSeries } from '../store/prices.js';
import { completeSnapshots, latestSnapshot, type SnapshotSource } from '../store/snapshots.js';
import { isReconstitution } from '../metrics/evictions.js';
import { loadEvictions, shiftDays } from '../universe/evictions.js';
import { chosenOddsSeries } from '../universe/figures.js';
import { loadUniverse } from '../universe/load.js';
import { leveragedMoveShare, positioning } from '../metrics/positioning.js';
import { positioningWeeks } from '../universe/futures.js';
import type { AlertState } from './state.js';

// COT weeks are not here: a week without a new report completes no snapshot, which is no staleness.
const SOURCES: SnapshotSource[] = ['holdings', 'sec', 'prices', 'odds', 'screen'];

export function loadAlertState(db: Db, config: Config): AlertState {
  const seriesName = chosenOddsSeries(db, config);
  const odds = seriesName ? (oddsSeries(db, seriesName)?.points ?? []) : [];
  const iwm = priceSeries(db, 'IWM')?.points ?? [];
  const spy = priceSeries(db, 'SPY')?.points ?? [];
  const correlation = (points: typeof iwm) => (seriesName && points.length > 1 ? trumpTrade(seriesName, odds, points, null).windows['30'] : null);
  const now = correlation(iwm);
  const previous = correlation(iwm.slice(0, -1));
  const universe = loadUniverse(db);
  const current = universe?.holdingsSnapshot.asOf;
  // The newest list against the kept list just before it (any earlier date).
  const latestChange = current ? loadEvictions(db, { from: shiftDays(current, -1), to: current }) : null;
  const weeks = positioningWeeks(db);
  return {
    odds: { series: seriesName ?? 'none', points: odds },
    iwmCloses: iwm.map((p) => ({ date: p.date, close: p.close })),
    spyCloses: spy.map((p) => ({ date: p.date, close: p.close })),
    trumpTradeCorrelation30d: { now: now?.correlation ?? null, previous: previous?.correlation ?? null, asOfDate: now?.to ?? null },
    members: (universe?.members ?? []).map((m) => ({ ticker: m.ticker, name: m.name, zone: memberFigures(m).zone })),
    lastIngestAt: Object.fromEntries(SOURCES.map((source) => [source, completeSnapshots(db, source)[0]?.completedAt ?? null])),
    asOf: {
      odds: seriesName ? (latestSnapshot(db, 'odds', seriesName)?.asOf ?? null) : null,
      prices: priceSeries(db, 'IWM')?.snapshot.asOf ?? null,
      fundamentals: latestSnapshot(db, 'sec', 'companyfacts')?.asOf ?? null,
    },
    reconstitution: latestChange && isReconstitution(latestChange) ? latestChange : null,
    positioning: positioning(weeks),
    leveragedMove: leveragedMoveShare(weeks),
  };
}
