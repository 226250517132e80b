// What every `zombie` subcommand shares: the parsed config, the database chosen by --db, and output.
import { loadConfig, type Config } from '../config.js';
import { parseAsOfDate } from '../sources/ishares.js';
import type { AlertDb } from '../store/alerts/engine.js';
import { lazyAlertDb } from '../store/alerts/open.js';
import { openDb, type Db } from '../store/db.js';

export interface CliApp {
  config: Config;
  /** Opens the cache once (--db, else DATABASE_PATH). */
  db(): Db;
  /** The alert state, connected on first use: PostgreSQL when STATE_DATABASE_URL is set, else the cache file. */
  alertDb(): AlertDb;
  out(text: string): void;
  close(): Promise<void>;
}

export function createCliApp(dbPath: () => string | undefined, config: Config = loadConfig()): CliApp {
  let db: Db | undefined;
  let alertDb: AlertDb | undefined;
  const app: CliApp = {
    config,
    db: () => (db ??= openDb(dbPath() ?? config.DATABASE_PATH)),
    alertDb: () => (alertDb ??= lazyAlertDb(config.STATE_DATABASE_URL, () => openDb(dbPath() ?? config.DATABASE_PATH))),
    out: (text) => process.stdout.write(`${text}\n`),
    close: async () => {
      await alertDb?.close();
      db?.close();
    },
  };
  return app;
}

/** A command-line date option checked to be a real YYYY-MM-DD calendar date. */
export function isoDate(text: string, option: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && parseAsOfDate(text) === text) return text;
  throw new Error(`${option} '${text}' is not a YYYY-MM-DD date`);
}
