// CFTC Commitments of Traders rows (table cot_positions, db/migrations/009_cot.sql): one snapshot per report week
// and layout (snapshots.source 'cot', subject 'tff' or 'legacy', as_of the report date), read back over every kept
// week.
import type { Db } from './db.js';
import { completeSnapshot, withSnapshot, type SnapshotStart } from './snapshots.js';

/** The report layouts: Traders in Financial Futures (dealers, asset managers, leveraged funds, other) and legacy. */
export type CotLayout = 'tff' | 'legacy';

/** One contract's positions in one report week, in contracts. A layout's own columns are set, the other's null. */
export interface CotRow {
  /** The report date (the Tuesday the positions are as of), YYYY-MM-DD. */
  reportDate: string;
  /** CFTC contract market code, e.g. 239742. */
  code: string;
  /** Market and exchange name as reported. */
  market: string;
  openInterest: number;
  dealerLong: number | null;
  dealerShort: number | null;
  dealerSpread: number | null;
  assetMgrLong: number | null;
  assetMgrShort: number | null;
  assetMgrSpread: number | null;
  levLong: number | null;
  levShort: number | null;
  levSpread: number | null;
  otherLong: number | null;
  otherShort: number | null;
  otherSpread: number | null;
  noncommLong: number | null;
  noncommShort: number | null;
  noncommSpread: number | null;
  commLong: number | null;
  commShort: number | null;
  nonreptLong: number | null;
  nonreptShort: number | null;
}

const COLUMNS: [keyof CotRow, string][] = [
  ['reportDate', 'report_date'],
  ['code', 'code'],
  ['market', 'market'],
  ['openInterest', 'open_interest'],
  ['dealerLong', 'dealer_long'],
  ['dealerShort', 'dealer_short'],
  ['dealerSpread', 'dealer_spread'],
  ['assetMgrLong', 'asset_mgr_long'],
  ['assetMgrShort', 'asset_mgr_short'],
  ['assetMgrSpread', 'asset_mgr_spread'],
  ['levLong', 'lev_long'],
  ['levShort', 'lev_short'],
  ['levSpread', 'lev_spread'],
  ['otherLong', 'other_long'],
  ['otherShort', 'other_short'],
  ['otherSpread', 'other_spread'],
  ['noncommLong', 'noncomm_long'],
  ['noncommShort', 'noncomm_short'],
  ['noncommSpread', 'noncomm_spread'],
  ['commLong', 'comm_long'],
  ['commShort', 'comm_short'],
  ['nonreptLong', 'nonrept_long'],
  ['nonreptShort', 'nonrept_short'],
];

const SELECT_LIST = COLUMNS.map(([key, column]) => `p.${column} AS ${key}`).join(', ');

/**
 * Writes report weeks, one snapshot per week, all visible at once or not at all: every week's snapshot completes
 * inside one transaction. A week already stored for the layout is replaced by one holding the new rows and the stored
 * rows of the contracts the new ones lack, so a file of one contract (a saved API response of the E-mini) never
 * drops the micro's row of the same week. Returns the weeks written.
 */
export function storeCotWeeks(
  db: Db,
  layout: CotLayout,
  rows: readonly CotRow[],
  start: Omit<SnapshotStart, 'source' | 'subject' | 'asOf'>,
): string[] {
  const weeks = new Map<string, CotRow[]>();
  for (const row of rows) weeks.set(row.reportDate, [...(weeks.get(row.reportDate) ?? []), row]);
  const insert = db.prepare(
    `INSERT INTO cot_positions (snapshot_id, ${COLUMNS.map(([, column]) => column).join(', ')})
     VALUES (@snapshotId, ${COLUMNS.map(([key]) => `@${key}`).join(', ')})`,
  );
  const stored = db.prepare(
    `SELECT ${SELECT_LIST} FROM cot_positions p JOIN snapshots s ON s.id = p.snapshot_id
     WHERE s.source = 'cot' AND s.subject = ? AND s.status = 'complete' AND s.as_of = ?`,
  );
  const dates = [...weeks.keys()].sort();
  db.transaction(() => {
    for (const date of dates) {
      const fresh = weeks.get(date)!;
      const kept = (stored.all(layout, date) as CotRow[]).filter((row) => !fresh.some((f) => f.code === row.code));
      const week = [...fresh, ...kept];
      withSnapshot(db, { ...start, source: 'cot', subject: layout, asOf: date }, (snapshotId) => {
        for (const row of week) insert.run({ snapshotId, ...row });
        completeSnapshot(db, snapshotId, { rowCount: week.length });
      });
    }
  })();
  return dates;
}

/** Every kept row of a layout, oldest week first, then by code. */
export function cotRows(db: Db, layout: CotLayout, through?: string): CotRow[] {
  return db
    .prepare(
      `SELECT ${SELECT_LIST} FROM cot_positions p JOIN snapshots s ON s.id = p.snapshot_id
       WHERE s.source = 'cot' AND s.subject = ? AND s.status = 'complete' AND p.report_date <= ?
       ORDER BY p.report_date, p.code`,
    )
    .all(layout, through ?? '9999-12-31') as CotRow[];
}

/** The newest stored report date of a layout (what a refresh asks after); null when none. */
export function newestCotWeek(db: Db, layout: CotLayout): string | null {
  const row = db.prepare(`SELECT MAX(as_of) AS newest FROM snapshots WHERE source = 'cot' AND subject = ? AND status = 'complete'`).get(layout) as {
    newest: string | null;
  };
  return row.newest;
}
