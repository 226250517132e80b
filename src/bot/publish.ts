// Publication: the bot runs every command module's `prepare` at start and again whenever a snapshot completes
// (an ingest runs as a separate process, so the snapshots version is checked every few seconds), so that the
// first command after an ingest finds its reply computed.
import type { CommandContext, CommandModule } from './command.js';
import type { Logger } from '../core/log.js';
import { snapshotsVersion } from '../store/snapshots.js';

/** How often the bot looks for a completed snapshot. */
export const PUBLISH_CHECK_MS = 5000;

export interface Publisher {
  /** Resolves when the publication under way (if any) is done. */
  idle(): Promise<void>;
  /** No further check; a publication under way ends after the command it is preparing (which may then fail on the
   * closed cache: logged as cut short, not as an error). */
  stop(): void;
}

export function startPublishing(options: {
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  checkMs?: number;
}): Publisher {
  const { commands, context, logger } = options;
  let publishedVersion: string | null = null;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
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
  const check = () => {
    if (busy) return;
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
    },
  };
}
