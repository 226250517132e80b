// Is the cache file usable? Checked before the bot opens it (and the command line, for the location): a location
// SQLite cannot write (file or folder not writable, read-only mount) is named as such instead of SQLite's "unable
// to open database file"; a file SQLite finds corrupt (PRAGMA quick_check) or written by a newer schema than the
// migrations this version knows is refused with what to do. `cacheReadable` is the readiness probe of a running bot.
import { closeSync, constants, existsSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { latestSchemaVersion, sqliteConnection, type Db } from './db.js';

export type CacheProblem =
  /** The file or its folder cannot be written (permissions, read-only mount). */
  | { kind: 'read-only'; detail: string }
  /** SQLite finds the file damaged or not a database. */
  | { kind: 'corrupt'; detail: string }
  /** The file's schema is newer than the migrations this version knows. */
  | { kind: 'newer-schema'; detail: string }
  /** Any other reason SQLite could not open or read it. */
  | { kind: 'unreadable'; detail: string };

/** Errors of a file system that refuses writes: no permission, read-only mount. */
const WRITE_REFUSED = new Set(['EACCES', 'EPERM', 'EROFS']);

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Whether SQLite can keep the cache at `path`: its folder must take new files (the -wal and -shm files SQLite creates
 * next to it) and an existing file must open for writing. Tried for real (a probe file created and removed), so a
 * read-only mount is caught whoever runs it, root included.
 */
export function checkCacheLocation(path: string): CacheProblem | null {
  if (path === ':memory:') return null;
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.${basename(path)}.write-check-${process.pid}`);
    closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
    unlinkSync(probe);
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && WRITE_REFUSED.has(code)) {
      const mount = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable';
      return { kind: 'read-only', detail: `its folder ${dir} ${mount} (${code}); SQLite creates the -wal and -shm files there` };
    }
    return { kind: 'unreadable', detail: `its folder ${dir} cannot be used: ${reason(error)}` };
  }
  try {
    closeSync(openSync(path, constants.O_RDWR));
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null; // created on first open
    if (code !== undefined && WRITE_REFUSED.has(code)) {
      const mount = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable';
      return { kind: 'read-only', detail: `the file ${mount} (${code})` };
    }
    return { kind: 'unreadable', detail: reason(error) };
  }
  return null;
}

/** SQLite's answer for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB and their extended codes). */
function isCorruption(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * The start-up check: the location (checkCacheLocation), then, for an existing file, PRAGMA quick_check (every
 * page and index entry well formed; about 0.3 s on the 24 MB demo cache) and its schema version against the
 * migrations this version knows. Null when the cache is fine or does not exist yet.
 */
export function checkCache(path: string, migrationsDir?: string): CacheProblem | null {
  const location = checkCacheLocation(path);
  if (location !== null || path === ':memory:' || !existsSync(path)) return location; // a new cache is created on first open
  let db: Db;
  try {
    db = sqliteConnection(path, { fileMustExist: true });
  } catch (error) {
    return isCorruption(error) ? { kind: 'corrupt', detail: reason(error) } : { kind: 'unreadable', detail: reason(error) };
  }
  try {
    const problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (problems[0] !== 'ok') return { kind: 'corrupt', detail: `quick_check: ${problems.join('; ').replace(/\s*\n\s*/g, '; ')}` };
    const version = db.pragma('user_version', { simple: true }) as number;
    const known = latestSchemaVersion(migrationsDir);
    if (version > known) {
      return { kind: 'newer-schema', detail: `its schema version is ${version}; this version of zombie-beta knows up to ${known}` };
    }
    return null;
  } catch (error) {
    return isCorruption(error) ? { kind: 'corrupt', detail: reason(error) } : { kind: 'unreadable', detail: reason(error) };
  } finally {
    db.close();
  }
}

/** One line for the operator: what is wrong with the cache at `path` and what to do about it. */
export function describeCacheProblem(path: string, problem: CacheProblem): string {
  switch (problem.kind) {
    case 'read-only':
      return (
        `the cache ${path} is in a read-only location: ${problem.detail}. ` +
        'Point DATABASE_PATH at a writable folder, or give the user running zombie-beta write access to it.'
      );
    case 'corrupt':
      return (
        `the cache ${path} is corrupt (${problem.detail}). Restore the last backup (zombie backup; see docs/operations.md, ` +
        '"Backups and restore"), or move the file away and rebuild the cache with zombie ingest all.'
      );
    case 'newer-schema':
      return `the cache ${path} was written by a newer zombie-beta (${problem.detail}). Run that version, or restore a backup made by this one.`;
    case 'unreadable':
      return `the cache ${path} cannot be opened: ${problem.detail}.`;
  }
}

/**
 * The running bot's readiness probe: can the cache at `path` be read now? A fresh read-only connection (so a file
 * removed, replaced or damaged since start shows, not the bot's cached pages) reads the snapshots table. Null when
 * it can, else why not.
 */
export function cacheReadable(path: string): string | null {
  if (path === ':memory:') return null;
  if (!existsSync(path)) return `no file at ${path}`;
  let db: Db | undefined;
  try {
    db = sqliteConnection(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM snapshots').get();
    return null;
  } catch (error) {
    return reason(error);
  } finally {
    db?.close();
  }
}
