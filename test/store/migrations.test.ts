import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.js';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

/** A database brought up to `version` only, from a folder with the migrations up to it. */
function databaseAt(version: number): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'zombie-migrations-'));
  for (const file of readdirSync(MIGRATIONS).filter((f) => Number.parseInt(f, 10) <= version)) copyFileSync(join(MIGRATIONS, file), join(dir, file));
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, dir);
  return db;
}

describe('migration 009 (the futures side)', () => {
  it('widens the snapshot sources and alert kinds of a filled database without losing a row, foreign keys on again', () => {
    const db = databaseAt(8);
    db.prepare(
      `INSERT INTO snapshots (id, source, subject, as_of, origin, status, started_at) VALUES (7, 'holdings', 'IWM', '2024-07-11', 'x', 'complete', 'now')`,
    ).run();
    db.prepare(`INSERT INTO holdings (snapshot_id, ticker, name, asset_class) VALUES (7, 'INSM', 'INSMED INC', 'Equity')`).run();
    db.prepare(`INSERT INTO fund_totals (snapshot_id, market_value_usd) VALUES (7, 1)`).run();
    db.prepare(`INSERT INTO alert_rules (guild_id, kind, enabled, updated_at) VALUES ('1', 'stale', 0, 'now')`).run();
    expect(() => db.prepare(`INSERT INTO snapshots (source, subject, origin, started_at) VALUES ('cot', 'tff', 'x', 'now')`).run()).toThrow(/CHECK/);

    migrate(db, MIGRATIONS);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM holdings WHERE snapshot_id = 7`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT kind, enabled FROM alert_rules`).all()).toEqual([{ kind: 'stale', enabled: 0 }]);
    db.prepare(`INSERT INTO snapshots (source, subject, origin, started_at) VALUES ('cot', 'tff', 'x', 'now')`).run();
    db.prepare(`INSERT INTO alert_rules (guild_id, kind, enabled, updated_at) VALUES ('1', 'positioning', 1, 'now')`).run();
    // The holdings still cascade with their snapshot.
    db.prepare(`DELETE FROM snapshots WHERE id = 7`).run();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM holdings`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM fund_totals`).get()).toEqual({ n: 0 });
  });
});
