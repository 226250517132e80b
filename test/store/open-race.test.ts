// Several processes opening a new cache file at once (shards of one bot, bot processes of one host) migrate it
// once: each migration runs in a write transaction that reads the schema version again.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDb } from '../../src/store/db.js';

const DB_MODULE = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'store', 'db.ts')).href;
const OPEN = `const { openDb } = await import(${JSON.stringify(DB_MODULE)}); openDb(process.argv[1]).close();`;

describe('openDb from several processes at once', () => {
  it('migrates a new file once, every process opening it without error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zombie-open-race-'));
    const path = join(dir, 'zombie.db');
    try {
      const children = Array.from({ length: 4 }, () =>
        spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', OPEN, path], {
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      );
      const errors = children.map((child) => {
        let text = '';
        child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
        return () => text;
      });
      const codes = await Promise.all(children.map((child) => once(child, 'exit').then(([code]) => code as number)));
      expect(codes, errors.map((text) => text()).join('\n')).toEqual([0, 0, 0, 0]);
      const db = openDb(path);
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
