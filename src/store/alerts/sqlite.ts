// The SQLite engine of the alert state (the default): the tables live in the cache file (db/migrations), on a
// connection of their own. better-sqlite3's synchronous calls are served one at a time through a queue, so that a
// transaction — which awaits between its statements — never interleaves with another caller's statements on the
// connection. Across processes (shards, `zombie alerts run`), BEGIN IMMEDIATE takes SQLite's one write lock; while
// another process holds it, the engine waits asynchronously (SQLite's own busy wait would block the event loop, and
// with it every interaction acknowledgement, for as long as an ingest's transaction lasts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db.js';
import type { AlertDb, SqlValue } from './engine.js';

/** How long a statement or transaction waits for another process's write lock before failing. */
export const BUSY_TIMEOUT_MS = 10_000;
const BUSY_RETRY_MS = 5;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, …). */
const isBusy = (error: unknown) => String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/** Runs `work`, again after a short wait while the database is locked by another connection. */
async function whenUnlocked<T>(work: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let delay = BUSY_RETRY_MS; ; delay = Math.min(delay * 2, 100)) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await sleep(delay);
    }
  }
}

/** The alert state on a SQLite connection of its own (its busy timeout is set to 0); `close` closes it. */
export function sqliteAlertDb(db: Db): AlertDb {
  db.pragma('busy_timeout = 0');
  const statements = new Map<string, Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const all = <T>(sql: string, params: readonly SqlValue[]) => prepare(sql).all(...params) as T[];
  const get = <T>(sql: string, params: readonly SqlValue[]) => prepare(sql).get(...params) as T | undefined;
  const run = (sql: string, params: readonly SqlValue[]) => prepare(sql).run(...params).changes;

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `work` once every earlier call of this handle has finished. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  const inTransaction: AlertDb = {
    engine: 'sqlite',
    all: async (sql, params = []) => all(sql, params),
    get: async (sql, params = []) => get(sql, params),
    run: async (sql, params = []) => run(sql, params),
    transaction: (work) => work(inTransaction),
    close: () => Promise.reject(new Error('close the alert database outside its transaction')),
  };
  return {
    engine: 'sqlite',
    all: (sql, params = []) => serial(() => whenUnlocked(() => all(sql, params))),
    get: (sql, params = []) => serial(() => whenUnlocked(() => get(sql, params))),
    run: (sql, params = []) => serial(() => whenUnlocked(() => run(sql, params))),
    transaction: (work) =>
      serial(async () => {
        await whenUnlocked(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await work(inTransaction);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () =>
      serial(async () => {
        if (db.open) db.close();
      }),
  };
}
