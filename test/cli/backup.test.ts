// `zombie backup FILE`: a consistent copy of the cache while another process writes to it (as an ingest does while
// the bot reads), verified, written atomically, never over an existing file without --force, with how to restore.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { testCliApp } from '../support/cli-app.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerBackupCli } from '../../src/cli/backup.js';
import { openDb, type Db } from '../../src/store/db.js';

const ROOT = join(import.meta.dirname, '..', '..');

let dir: string;
let db: Db;
let writer: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-backup-'));
  db = openDb(join(dir, 'zombie.db'));
  // Rows that must stay consistent with each other: every transaction adds a row to `entries` and sets `tally`
  // to their count, so a copy taken half-way through a transaction would show a count and a tally that differ.
  db.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
           CREATE TABLE tally (n INTEGER NOT NULL); INSERT INTO tally VALUES (0);`);
  const fill = db.prepare('INSERT INTO entries (payload) VALUES (randomblob(1024))');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) fill.run();
  })();
  db.exec('UPDATE tally SET n = (SELECT count(*) FROM entries)');
});

afterEach(async () => {
  if (writer && writer.exitCode === null) {
    writer.kill();
    await once(writer, 'exit');
  }
  writer = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function zombie(args: string[]): Promise<string> {
  const output: string[] = [];
  const app = testCliApp(db, { out: (text) => void output.push(text) });
  const program = new Command('zombie').exitOverride();
  registerBackupCli(program, app);
  await program.parseAsync(['node', 'zombie', ...args]);
  return output.join('\n');
}

/** Another process writing to the cache as fast as it can, one consistent transaction at a time. */
async function startWriter(path: string): Promise<ChildProcess> {
  const code = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const add = db.prepare('INSERT INTO entries (payload) VALUES (randomblob(1024))');
    const tally = db.prepare('UPDATE tally SET n = (SELECT count(*) FROM entries)');
    const write = db.transaction(() => { add.run(); tally.run(); });
    let written = 0;
    const loop = () => { write(); if (++written === 20) process.stdout.write('writing\\n'); setImmediate(loop); };
    loop();`;
  const child = spawn(process.execPath, ['-e', code, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('writing\n');
  return child;
}

const counts = (path: string) => {
  const copy = new Database(path, { readonly: true });
  try {
    return {
      entries: (copy.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n,
      tally: (copy.prepare('SELECT n FROM tally').get() as { n: number }).n,
      integrity: copy.pragma('integrity_check', { simple: true }),
      journal: copy.pragma('journal_mode', { simple: true }),
    };
  } finally {
    copy.close();
  }
};

describe('zombie backup', () => {
  it('copies the cache consistently while another process writes to it, and says how to restore', async () => {
    writer = await startWriter(db.name);
    const target = join(dir, 'backup.db');
    const text = await zombie(['backup', target]);
    const copy = counts(target);
    expect(copy.integrity).toBe('ok');
    expect(copy.entries).toBe(copy.tally);
    expect(copy.entries).toBeGreaterThan(3000);
    // A self-contained file: no -wal to carry along.
    expect(copy.journal).toBe('delete');
    // The writer was never blocked: it went on writing after the copy.
    await expect.poll(() => counts(db.name).entries, { timeout: 10_000 }).toBeGreaterThan(copy.entries);
    expect(text).toMatch(
      new RegExp(
        `^Backed up ${db.name} to ${target}: \\d+\\.\\d MB, schema \\d+, quick_check ok, 0 snapshots \\(no snapshot yet\\), in \\d+\\.\\d s\\.\\n`,
      ),
    );
    expect(text.split('\n').slice(1)).toEqual([
      'To restore it: stop the bot and any ingest, then',
      `  cp ${target} ${db.name}.restoring && mv ${db.name}.restoring ${db.name} && rm -f ${db.name}-wal ${db.name}-shm`,
      'and start the bot again (it checks the cache before it starts).',
    ]);
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  }, 60_000);

  it('refuses to overwrite an existing file without --force, and replaces it with --force', async () => {
    const target = join(dir, 'backup.db');
    writeFileSync(target, 'yesterday');
    await expect(zombie(['backup', target])).rejects.toThrow(`${target} exists; pass --force to replace it`);
    expect(readFileSync(target, 'utf8')).toBe('yesterday');
    await zombie(['backup', target, '--force']);
    expect(counts(target)).toMatchObject({ integrity: 'ok', entries: 3000, tally: 3000 });
    await expect(zombie(['backup', db.name, '--force'])).rejects.toThrow(/cannot back up the cache onto itself/);
  });

  it('writes nothing when it cannot finish: a missing folder, a target that is a folder', async () => {
    await expect(zombie(['backup', join(dir, 'missing', 'backup.db')])).rejects.toThrow(/the folder .*missing does not exist/);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    await expect(zombie(['backup', folder, '--force'])).rejects.toThrow(/EISDIR/);
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  });
});
