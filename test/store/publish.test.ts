// `zombie publish`: the cache copied for read-only bot hosts — a consistent copy in rollback-journal mode, renamed into
// place (nothing else left beside it), which openSnapshotDb opens read-only; a WAL-mode or older-schema file is refused.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { registerPublishCli } from '../../src/cli/publish.js';
import { openDb, openSnapshotDb, SnapshotFileError, type Db } from '../../src/store/db.js';
import { beginSnapshot, completeSnapshot, snapshotsVersion } from '../../src/store/snapshots.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-publish-'));
  db = openDb(join(dir, 'zombie.db'));
  const id = beginSnapshot(db, { source: 'holdings', subject: 'IWM', asOf: '2024-07-11', origin: 'test', demo: false });
  completeSnapshot(db, id, { rowCount: 0 });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('zombie publish FILE', () => {
  it('writes a read-only-ready copy of the cache, renamed into place', async () => {
    const out: string[] = [];
    const app = testCliApp(db, { out: (text) => void out.push(text) });
    const program = new Command('zombie').exitOverride();
    registerPublishCli(program, app);
    await program.parseAsync(['node', 'zombie', 'publish', join(dir, 'zombie-published.db')]);
    expect(out[0]).toMatch(new RegExp(`^published \\d+\\.\\d MB \\(snapshots ${snapshotsVersion(db)}\\) to .*zombie-published\\.db$`));
    const copy = openSnapshotDb(join(dir, 'zombie-published.db'));
    expect(snapshotsVersion(copy)).toBe(snapshotsVersion(db));
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(() => copy.prepare(`DELETE FROM snapshots`).run()).toThrow(/readonly/);
    copy.close();
    expect(readdirSync(dir).filter((name) => name.startsWith('zombie-published'))).toEqual(['zombie-published.db']);
  });

  it('is refused by a reader in WAL mode or with another schema version', () => {
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(SnapshotFileError);
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(/WAL mode/);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 1');
    expect(() => openSnapshotDb(join(dir, 'zombie.db'))).toThrow(/schema version 1, this bot reads \d+/);
  });
});
