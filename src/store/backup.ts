// A consistent copy of the cache while the bot and ingests use it: SQLite's online backup API (better-sqlite3's
// db.backup) copies every page in one step under one read transaction (WAL lets writers go on meanwhile), into a
// temporary file next to the target; the copy is switched to a single self-contained file (journal_mode DELETE),
// checked with PRAGMA quick_check, flushed to disk and only then renamed over the target (atomic), so a
// target never holds half a backup.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sqliteConnection, type Db } from './db.js';

export interface BackupResult {
  /** The backup file, as an absolute path. */
  path: string;
  bytes: number;
  schemaVersion: number;
  snapshots: number;
  /** When the newest complete snapshot was completed (ISO 8601); null without any. */
  newestSnapshotAt: string | null;
  elapsedMs: number;
}

/** Pages per backup step: all at once, so the copy is one consistent read and never restarts on a write. */
const ALL_PAGES = 0x7fffffff;

export async function backupCache(db: Db, target: string, options: { force?: boolean } = {}): Promise<BackupResult> {
  const startedAt = performance.now();
  const path = resolve(target);
  const folder = dirname(path);
  if (!existsSync(folder)) throw new Error(`cannot back up to ${target}: the folder ${folder} does not exist`);
  if (existsSync(path)) {
    if (sameFile(path, db.name)) throw new Error(`cannot back up the cache onto itself (${target})`);
    if (options.force !== true) throw new Error(`${target} exists; pass --force to replace it`);
  }
  const temporary = join(folder, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    await db.backup(temporary, { progress: () => ALL_PAGES });
    const result = verify(temporary);
    flush(temporary);
    renameSync(temporary, path);
    flush(folder);
    return { path, bytes: statSync(path).size, ...result, elapsedMs: performance.now() - startedAt };
  } catch (error) {
    for (const leftover of [temporary, `${temporary}-journal`]) if (existsSync(leftover)) unlinkSync(leftover);
    throw error;
  }
}

/** Makes the copy one self-contained file and checks it; throws when SQLite finds it damaged. */
function verify(file: string): Pick<BackupResult, 'schemaVersion' | 'snapshots' | 'newestSnapshotAt'> {
  const copy = sqliteConnection(file);
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = (copy.pragma('quick_check(3)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (problems[0] !== 'ok') throw new Error(`the copy failed its check (quick_check: ${problems.join('; ')}); the target was not written`);
    const snapshots = copy.prepare(`SELECT count(*) AS n, max(completed_at) AS newest FROM snapshots WHERE status = 'complete'`).get() as {
      n: number;
      newest: string | null;
    };
    return { schemaVersion: copy.pragma('user_version', { simple: true }) as number, snapshots: snapshots.n, newestSnapshotAt: snapshots.newest };
  } finally {
    copy.close();
  }
}

/** Writes a file's (or a folder's entries') data through to the disk. */
function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
