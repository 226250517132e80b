// Prediction-market odds series (table `odds`, db/migrations/005_odds.sql): written under a building snapshot
// by the odds ingests, read back from the newest complete snapshot of a series name.
import type { Db } from './db.js';
import { latestSnapshot, type Snapshot } from './snapshots.js';

/** One observation: `t` in unix seconds (UTC), `p` the outcome's probability as a fraction 0..1. */
export interface OddsPoint {
  t: number;
  p: number;
}

export interface OddsSeries {
  snapshot: Snapshot;
  /** Ascending by t. */
  points: OddsPoint[];
}

/** Writes the points of a (building) snapshot in one transaction with one prepared statement. */
export function insertOddsPoints(db: Db, snapshotId: number, points: readonly OddsPoint[]): void {
  const insert = db.prepare(`INSERT INTO odds (snapshot_id, time_unix_s, probability) VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const point of points) insert.run(snapshotId, point.t, point.p);
  })();
}

/** The newest complete odds series of a name (latest as-of date), ascending by time; null when none. */
export function oddsSeries(db: Db, name: string): OddsSeries | null {
  const snapshot = latestSnapshot(db, 'odds', name);
  if (!snapshot) return null;
  const points = db
    .prepare(`SELECT time_unix_s AS t, probability AS p FROM odds WHERE snapshot_id = ? ORDER BY time_unix_s`)
    .all(snapshot.id) as OddsPoint[];
  return { snapshot, points };
}

/** Series names that have at least one complete odds snapshot, alphabetically. */
export function oddsSeriesNames(db: Db): string[] {
  const rows = db.prepare(`SELECT DISTINCT subject FROM snapshots WHERE source = 'odds' AND status = 'complete' ORDER BY subject`).all() as {
    subject: string;
  }[];
  return rows.map((row) => row.subject);
}

/**
 * The series name an odds ingest stores under unless told otherwise: the slug for a market's "Yes", else
 * "slug/outcome" with the outcome in kebab case ("presidential-election-winner-2024/donald-trump").
 */
export function oddsSeriesName(slug: string, outcome: string): string {
  const kebab = outcome
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return kebab === 'yes' || kebab === '' ? slug : `${slug}/${kebab}`;
}
