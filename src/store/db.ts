// Opens the SQLite cache: WAL, foreign keys, and the numbered migrations in db/migrations (PRAGMA user_version).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packagePath } from '../core/paths.js';

export type Db = Database.Database;

const MIGRATIONS_DIR = packagePath('db', 'migrations');

interface Migration {
  version: number;
  file: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .map((file) => ({ version: Number.parseInt(file, 10), file }))
    .sort((a, b) => a.version - b.version);
}

/** better-sqlite3 13 crashes the process (SIGSEGV) on Node 20 and older: refuse with a line saying what to run instead. */
export function requireSupportedNode(version = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major >= 22) return;
  throw new Error(
    `Node v${version} (${process.execPath}) is not supported: zombie-beta needs Node 22 or 24. ` +
      'Run it through npm (npm start, npx zombie …), which uses the Node 24 that npm ci puts in node_modules/.bin, or install Node 24.',
  );
}

/** A better-sqlite3 connection, after the Node check: every database this project opens is opened here. */
export function sqliteConnection(path: string, options?: Database.Options): Db {
  requireSupportedNode();
  return new Database(path, options);
}

/** Opens (creating if needed) the database at `path` (':memory:' for tests) and brings its schema up to date. */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = sqliteConnection(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** A migration that rebuilds a table others reference (SQLite's 12-step ALTER) starts with this line: it runs with
 * foreign keys off, so dropping the old table cascades nowhere, and must leave no dangling reference. */
const FOREIGN_KEYS_OFF = /^-- foreign_keys: off\b/;

/** Applies the migrations newer than the file's user_version; each one in a write transaction that reads the version
 * again, so two processes opening a new file at once (shards, bot hosts) apply each migration once. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  for (const { version, file } of listMigrations(dir)) {
    if (version <= current()) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    const keysOff = FOREIGN_KEYS_OFF.test(sql);
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff) db.pragma('foreign_keys = OFF'); // only outside a transaction does this take effect
    try {
      db.transaction(() => {
        if (version <= current()) return;
        db.exec(sql);
        if (keysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${file} leaves dangling references`);
        db.pragma(`user_version = ${version}`);
      }).immediate();
    } finally {
      if (keysOff && enforced) db.pragma('foreign_keys = ON');
    }
  }
}

/** The newest schema version of db/migrations: what a cache file must have for this code to read it. */
export function latestSchemaVersion(dir = MIGRATIONS_DIR): number {
  return listMigrations(dir).at(-1)?.version ?? 0;
}

export class SnapshotFileError extends Error {
  override name = 'SnapshotFileError';
}

/**
 * Opens a published cache file (DATABASE_READONLY) read-only: no migration, no write, no lock file beside it. It must
 * be in rollback-journal mode (as `zombie backup` writes it): a WAL-mode file would get -wal/-shm files named after
 * its path, which the next file renamed onto that path would then share.
 */
export function openSnapshotDb(path: string): Db {
  if (!existsSync(path)) throw new SnapshotFileError(`no published cache file at ${path}: publish one there with \`zombie backup --force ${path}\``);
  const db = sqliteConnection(path, { readonly: true, fileMustExist: true });
  try {
    const mode = db.pragma('journal_mode', { simple: true }) as string;
    if (mode === 'wal') throw new SnapshotFileError(`${path} is in WAL mode; publish it with \`zombie backup --force\` (rollback-journal mode)`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const readable = latestSchemaVersion();
    if (version !== readable) {
      throw new SnapshotFileError(`${path} has schema version ${version}, this bot reads ${readable}: publish it again with this version`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
