// Publication: the bot runs every command module's `prepare` at start and again whenever a snapshot completes
// (an ingest runs as a separate process, so the snapshots version is checked every few seconds), so that the
// first command after an ingest finds its reply computed. A bot reading a published cache file (DATABASE_READONLY)
// also notices, at the same checks, when a new file has been renamed onto its path: it opens the new file for the
// commands that follow and closes the old one a minute later, once the commands that were reading it are done.
import { statSync } from 'node:fs';
import type { CommandContext, CommandModule } from './command.js';
import type { Logger } from '../core/log.js';
import { openSnapshotDb, type Db } from '../store/db.js';
import { snapshotsVersion } from '../store/snapshots.js';

/** How often the bot looks for a completed snapshot (and a newly published cache file). */
export const PUBLISH_CHECK_MS = 5000;
/** How long a replaced cache file stays open for the commands still reading it. */
const RETIRE_AFTER_MS = 60_000;

export interface Publisher {
  /** Resolves when the publication under way (if any) is done. */
  idle(): Promise<void>;
  /** No further check; a publication under way ends after the command it is preparing (which may then fail on the
   * closed cache: logged as cut short, not as an error). The cache files replaced meanwhile are closed (the current
   * one stays with its owner). */
  stop(): void;
}

/** What identifies the file at a path: a renamed-in file has another inode. */
function fileIdentity(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

export function startPublishing(options: {
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  checkMs?: number;
  /** The published cache file (DATABASE_READONLY) to re-open when another file is renamed onto its path. */
  snapshotFile?: string;
}): Publisher {
  const { commands, context, logger, snapshotFile } = options;
  let publishedVersion: string | null = null;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  let openedFile = snapshotFile === undefined ? null : fileIdentity(snapshotFile);
  const retired = new Map<Db, NodeJS.Timeout>();
  const publish = async (version: string) => {
    const startedAt = Date.now();
    logger.info({ version }, 'publishing the replies of the current snapshots');
    for (const [name, module] of commands) {
      if (stopped) break;
      await module.prepare?.(context).catch((error: unknown) => {
        // After a stop the cache may be closed under a publication still computing: that is no failure.
        if (stopped) logger.debug({ command: `/${name}`, reason: String(error) }, 'preparing a command ended by the stop');
        else logger.error({ err: error, command: `/${name}` }, 'could not prepare a command; it will compute on request');
      });
    }
    const done = stopped ? 'publication cut short by the stop' : 'published the replies of the current snapshots';
    logger.info({ version, durationMs: Date.now() - startedAt }, done);
  };
  /** Opens the file now at the path if it is another one than the file open; a bad file is logged once and left. */
  const reopen = (path: string) => {
    const identity = fileIdentity(path);
    if (identity === null || identity === openedFile) return;
    openedFile = identity;
    let next: Db;
    try {
      next = openSnapshotDb(path);
    } catch (error) {
      logger.error({ err: error, path }, 'a new cache file was published but cannot be read; still serving the previous one');
      return;
    }
    const previous = context.db;
    context.db = next;
    retired.set(
      previous,
      setTimeout(() => {
        retired.delete(previous);
        previous.close();
      }, RETIRE_AFTER_MS).unref(),
    );
    logger.info({ path }, 'opened the newly published cache file');
  };
  const check = () => {
    if (busy) return;
    if (snapshotFile !== undefined) reopen(snapshotFile);
    const version = snapshotsVersion(context.db);
    if (version === publishedVersion) return;
    publishedVersion = version;
    busy = true;
    running = publish(version).finally(() => (busy = false));
  };
  check();
  const timer = setInterval(check, options.checkMs ?? PUBLISH_CHECK_MS).unref();
  return {
    idle: () => running,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      for (const [db, retire] of retired) {
        clearTimeout(retire);
        db.close();
      }
      retired.clear();
    },
  };
}
