// Snapshot lifecycle: begin (invisible), complete (visible, in one transaction), abandon (rows removed).
import type { Db } from './db.js';

export type SnapshotSource = 'holdings' | 'sec' | 'prices' | 'odds' | 'screen' | 'cot';

export interface SnapshotStart {
  source: SnapshotSource;
  subject: string;
  origin: string;
  asOf?: string | null;
  demo?: boolean;
}

export interface Snapshot {
  id: number;
  source: SnapshotSource;
  subject: string;
  asOf: string | null;
  origin: string;
  demo: boolean;
  completedAt: string | null;
  rowCount: number | null;
  note: string | null;
}

interface SnapshotRow {
  id: number;
  source: SnapshotSource;
  subject: string;
  as_of: string | null;
  origin: string;
  demo: number;
  completed_at: string | null;
  row_count: number | null;
  note: string | null;
}

const toSnapshot = (row: SnapshotRow): Snapshot => ({
  id: row.id,
  source: row.source,
  subject: row.subject,
  asOf: row.as_of,
  origin: row.origin,
  demo: row.demo === 1,
  completedAt: row.completed_at,
  rowCount: row.row_count,
  note: row.note,
});

/** Starts a snapshot that readers cannot see until completeSnapshot. */
export function beginSnapshot(db: Db, start: SnapshotStart, now = new Date()): number {
  const result = db
    .prepare(
      `INSERT INTO snapshots (source, subject, as_of, origin, demo, status, started_at)
       VALUES (?, ?, ?, ?, ?, 'building', ?)`,
    )
    .run(start.source, start.subject, start.asOf ?? null, start.origin, start.demo ? 1 : 0, now.toISOString());
  return Number(result.lastInsertRowid);
}

export interface Completion {
  rowCount: number;
  asOf?: string | null;
  note?: string | null;
  /** Extra writes that must become visible atomically with the snapshot (runs inside the same transaction). */
  within?: (db: Db) => void;
}

/**
 * Makes a snapshot visible. In the same transaction, an earlier complete snapshot of the same source, subject
 * and as-of date is deleted, so re-running an ingest for one as-of date never duplicates rows.
 */
export function completeSnapshot(db: Db, id: number, completion: Completion, now = new Date()): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE snapshots SET status = 'complete', completed_at = ?, row_count = ?,
         as_of = COALESCE(?, as_of), note = ? WHERE id = ? AND status = 'building'`,
    ).run(now.toISOString(), completion.rowCount, completion.asOf ?? null, completion.note ?? null, id);
    db.prepare(
      `DELETE FROM snapshots WHERE status = 'complete' AND id <> @id
         AND (source, subject) = (SELECT source, subject FROM snapshots WHERE id = @id)
         AND as_of IS (SELECT as_of FROM snapshots WHERE id = @id)`,
    ).run({ id });
    completion.within?.(db);
  })();
}

/** Removes a snapshot that did not complete, with its rows (ON DELETE CASCADE). */
export function abandonSnapshot(db: Db, id: number): void {
  db.prepare(`DELETE FROM snapshots WHERE id = ? AND status = 'building'`).run(id);
}

/**
 * Writes one snapshot: begins it, runs `fill` (which writes its rows and completes it) and, if `fill` throws or
 * its promise rejects, abandons the snapshot with its rows and rethrows, so a failed refresh never replaces the
 * last good snapshot. Returns what `fill` returns.
 */
export function withSnapshot<T>(db: Db, start: SnapshotStart, fill: (snapshotId: number) => T, now = new Date()): T {
  const snapshotId = beginSnapshot(db, start, now);
  const abandon = (error: unknown): never => {
    abandonSnapshot(db, snapshotId);
    throw error;
  };
  try {
    const result = fill(snapshotId);
    return (result instanceof Promise ? result.catch(abandon) : result) as T;
  } catch (error) {
    return abandon(error);
  }
}

/** Deletes leftovers of ingests that died (killed process) more than `olderThanMs` ago. */
export function pruneAbandoned(db: Db, olderThanMs = 6 * 3600_000, now = new Date()): number {
  const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
  return db.prepare(`DELETE FROM snapshots WHERE status = 'building' AND started_at < ?`).run(cutoff).changes;
}

/** The newest complete snapshot of a source and subject (latest as-of date, then latest completion). */
export function latestSnapshot(db: Db, source: SnapshotSource, subject: string): Snapshot | null {
  return newestComplete(db, source, 'subject', subject);
}

/** The newest complete snapshot of a source that came from `origin` (latest as-of date, then latest completion). */
export function latestSnapshotFrom(db: Db, source: SnapshotSource, origin: string): Snapshot | null {
  return newestComplete(db, source, 'origin', origin);
}

function newestComplete(db: Db, source: SnapshotSource, column: 'subject' | 'origin', value: string): Snapshot | null {
  const row = db
    .prepare(
      `SELECT * FROM snapshots WHERE source = ? AND ${column} = ? AND status = 'complete'
       ORDER BY as_of DESC NULLS LAST, id DESC LIMIT 1`,
    )
    .get(source, value) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

/** The newest complete snapshot of a source and subject with an as-of date on or before `date` (YYYY-MM-DD). */
export function snapshotAt(db: Db, source: SnapshotSource, subject: string, date: string): Snapshot | null {
  const row = db
    .prepare(
      `SELECT * FROM snapshots WHERE source = ? AND subject = ? AND status = 'complete' AND as_of <= ?
       ORDER BY as_of DESC, id DESC LIMIT 1`,
    )
    .get(source, subject, date) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

/** Every complete snapshot of a source and subject that has an as-of date, oldest first. */
export function datedSnapshots(db: Db, source: SnapshotSource, subject: string): Snapshot[] {
  const rows = db
    .prepare(
      `SELECT * FROM snapshots WHERE source = ? AND subject = ? AND status = 'complete' AND as_of IS NOT NULL
       ORDER BY as_of, id`,
    )
    .all(source, subject) as SnapshotRow[];
  return rows.map(toSnapshot);
}

/**
 * The retention rule (HISTORY_RETENTION_DAYS): deletes, with their rows, the complete snapshots whose as-of date
 * is more than `retentionDays` days before the newest as-of date of the same source and subject. The newest
 * snapshot of each source and subject is never deleted; 0 keeps everything. COT report weeks are the history itself
 * (one snapshot per week back to 2008, none superseding another) and are always kept. Returns how many were deleted.
 */
export function pruneHistory(db: Db, retentionDays: number): number {
  if (retentionDays <= 0) return 0;
  return db
    .prepare(
      `DELETE FROM snapshots WHERE id IN (
         SELECT s.id FROM snapshots s
         JOIN (SELECT source, subject, MAX(as_of) AS newest FROM snapshots WHERE status = 'complete' GROUP BY source, subject) n
           ON n.source = s.source AND n.subject = s.subject
         WHERE s.status = 'complete' AND s.source <> 'cot' AND s.as_of IS NOT NULL AND s.as_of < date(n.newest, ?))`,
    )
    .run(`-${retentionDays} days`).changes;
}

/** Every complete snapshot of a source, newest first. */
export function completeSnapshots(db: Db, source: SnapshotSource): Snapshot[] {
  const rows = db.prepare(`SELECT * FROM snapshots WHERE source = ? AND status = 'complete' ORDER BY id DESC`).all(source) as SnapshotRow[];
  return rows.map(toSnapshot);
}

/** When the newest complete snapshot of each source was completed (sources never ingested are left out). */
export function latestCompletions(db: Db): { source: SnapshotSource; completedAt: string }[] {
  return db
    .prepare(`SELECT source, MAX(completed_at) AS completedAt FROM snapshots WHERE status = 'complete' GROUP BY source ORDER BY source`)
    .all() as { source: SnapshotSource; completedAt: string }[];
}

/** The last version computed on a connection, with the database's change stamp at the time. */
const versions = new WeakMap<Db, { stamp: string; version: string }>();

/**
 * Changes whenever a snapshot completes, is replaced or grows (appendCloses): a cheap key for caching what is computed
 * from the cache. Every command asks for it, so it is recomputed (a scan of the snapshots table) only when the database
 * changed: SQLite's data_version moves when another connection (an ingest process) commits, total_changes() when
 * this one writes.
 */
export function snapshotsVersion(db: Db): string {
  const { changes } = db.prepare(`SELECT total_changes() AS changes`).get() as { changes: number };
  const stamp = `${String(db.pragma('data_version', { simple: true }))}:${changes}`;
  const known = versions.get(db);
  if (known?.stamp === stamp) return known.version;
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n, MAX(id) AS id, MAX(completed_at) AS at, TOTAL(row_count) AS rows
       FROM snapshots WHERE status = 'complete'`,
    )
    .get() as { n: number; id: number | null; at: string | null; rows: number };
  // The row total changes when a series grows in place (appendCloses), even within the same millisecond.
  const version = `${row.n}:${row.id ?? 0}:${row.at ?? ''}:${row.rows}`;
  versions.set(db, { stamp, version });
  return version;
}
