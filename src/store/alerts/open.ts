// Opens the alert state on the configured engine: PostgreSQL when STATE_DATABASE_URL is set, else SQLite in the
// cache file (its own connection, so the cache can be reopened without touching the state).
import type { Db } from '../db.js';
import type { AlertDb } from './engine.js';
import { openPostgresAlertDb, type PostgresOptions } from './postgres.js';
import { sqliteAlertDb } from './sqlite.js';

export function openAlertDb(url: string | undefined, openSqlite: () => Db, options: PostgresOptions = {}): Promise<AlertDb> {
  return url === undefined ? Promise.resolve(sqliteAlertDb(openSqlite())) : openPostgresAlertDb(url, options);
}

/** The alert state opened on first use (a command-line run that never touches it never connects). */
export function lazyAlertDb(url: string | undefined, openSqlite: () => Db): AlertDb {
  let opened: Promise<AlertDb> | undefined;
  const handle = () => (opened ??= openAlertDb(url, openSqlite));
  return {
    engine: url === undefined ? 'sqlite' : 'postgres',
    all: async (sql, params) => (await handle()).all(sql, params),
    get: async (sql, params) => (await handle()).get(sql, params),
    run: async (sql, params) => (await handle()).run(sql, params),
    transaction: async (work, options) => (await handle()).transaction(work, options),
    close: async () => {
      if (opened !== undefined) await (await opened).close();
    },
  };
}
