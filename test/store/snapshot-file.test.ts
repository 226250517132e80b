// The published cache a read-only bot host opens (DATABASE_READONLY): a `zombie backup` copy is in rollback-journal
// mode and opens read-only with no -wal/-shm file beside it; a missing file, a WAL-mode file or another schema version
// is refused with a line saying what to do.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCache } from '../../src/store/backup.js';
import { openDb, openSnapshotDb, SnapshotFileError, type Db } from '../../src/store/db.js';
import { beginSnapshot, completeSnapshot, snapshotsVersion } from '../../src/store/snapshots.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-snapshot-file-'));
  db = openDb(join(dir, 'zombie.db'));
  const id = beginSnapshot(db, { source: 'holdings', subject: 'IWM', asOf: '2024-07-11', origin: 'test', demo: false });
  completeSnapshot(db, id, { rowCount: 0 });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openSnapshotDb', () => {
  it('opens a `zombie backup` copy read-only, with no -wal/-shm beside it', async () => {
    const published = join(dir, 'published.db');
    await backupCache(db, published);
    const copy = openSnapshotDb(published);
    expect(snapshotsVersion(copy)).toBe(snapshotsVersion(db));
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(() => copy.prepare(`DELETE FROM snapshots`).run()).toThrow(/readonly/);
    expect([existsSync(`${published}-wal`), existsSync(`${published}-shm`)]).toEqual([false, false]);
    copy.close();
  });

  it('refuses a missing file, a file in WAL mode, and another schema version', () => {
    expect(() => openSnapshotDb(join(dir, 'missing.db'))).toThrow(
      /no published cache file at .*missing\.db: publish one there with `zombie backup --force/,
    );
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(SnapshotFileError);
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(/WAL mode/);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 1');
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(/schema version 1, this bot reads \d+/);
  });
});
