// `zombie publish FILE`: the cache as the file bot hosts read (DATABASE_READONLY). SQLite's online backup copies a
// consistent snapshot while ingests may run; the copy is switched to rollback-journal mode (read-only openers then
// create no -wal/-shm files beside it), checked, flushed to disk and renamed onto FILE, so a reader opening FILE sees
// the old file or the new one, never a partial copy.
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './db.js';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Publishes the cache onto `dest` atomically; resolves with the bytes written. */
export async function publishSnapshot(db: Db, dest: string): Promise<number> {
  const temporary = `${dest}.${process.pid}.tmp`;
  try {
    const { totalPages } = await db.backup(temporary);
    const copy = new Database(temporary);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fsyncPath(temporary);
    renameSync(temporary, dest);
    fsyncPath(dirname(dest));
    return totalPages * (db.pragma('page_size', { simple: true }) as number);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
