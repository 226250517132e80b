// What every `zombie` subcommand shares: the parsed config, the database chosen by --db, and output.
import { loadConfig, type Config } from '../config.js';
import { openDb, type Db } from '../store/db.js';

export interface CliApp {
  config: Config;
  /** Opens the cache once (--db, else DATABASE_PATH). */
  db(): Db;
  out(text: string): void;
  close(): void;
}

export function createCliApp(dbPath: () => string | undefined, config: Config = loadConfig()): CliApp {
  let db: Db | undefined;
  return {
    config,
    db: () => (db ??= openDb(dbPath() ?? config.DATABASE_PATH)),
    out: (text) => process.stdout.write(`${text}\n`),
    close: () => db?.close(),
  };
}
