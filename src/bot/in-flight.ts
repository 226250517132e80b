// The interactions a bot process is answering, so that a shutdown can stop taking new ones and wait for these.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/log.js';

/** How long shutdown waits for interactions being answered; under the 10 s most supervisors allow before SIGKILL. */
export const DRAIN_TIMEOUT_MS = 8000;

export interface InFlight {
  /** Counts the task until it settles; a rejection is logged (the router's handler never rejects). */
  track(task: Promise<unknown>, interactionId: string): void;
  size(): number;
  /** Waits (at most `timeoutMs`) for the tasks in flight; true when all finished. */
  settle(timeoutMs?: number): Promise<boolean>;
}

export function inFlight(logger: Logger): InFlight {
  const tasks = new Set<Promise<unknown>>();
  return {
    track: (task, interactionId) => {
      const tracked: Promise<unknown> = task
        .catch((error: unknown) => logger.error({ err: error, interactionId }, 'interaction handler crashed'))
        .finally(() => tasks.delete(tracked));
      tasks.add(tracked);
    },
    size: () => tasks.size,
    settle: async (timeoutMs = DRAIN_TIMEOUT_MS) => {
      if (tasks.size === 0) return true;
      logger.info({ inFlight: tasks.size }, 'waiting for interactions in flight');
      const finished = await Promise.race([Promise.allSettled([...tasks]).then(() => true), sleep(timeoutMs, false, { ref: false })]);
      if (!finished) logger.warn({ inFlight: tasks.size, timeoutMs }, 'gave up waiting for interactions in flight');
      return finished;
    },
  };
}
