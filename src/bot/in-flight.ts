// The interactions a bot process is answering, and how it stops answering them (the gateway client and the HTTP
// endpoint alike): interactions keep being answered (also those arriving meanwhile: Discord still sends them while
// the gateway or the endpoint is open) until none is in flight and none came for `quietMs`, at most `answeringMs`;
// then the transport closes and the answers still being sent get `lastAnswersMs` more. All within the 5 s a
// supervisor is told to allow before SIGKILL.
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/log.js';

export interface StopBounds {
  answeringMs: number;
  quietMs: number;
  lastAnswersMs: number;
}

export const STOP_BOUNDS: StopBounds = { answeringMs: 2500, quietMs: 250, lastAnswersMs: 1000 };

export interface InFlight {
  /** Counts the task until it settles (an interaction arrived); a rejection is logged (the router's never rejects). */
  track(task: Promise<unknown>, interactionId: string): void;
  size(): number;
  /** Answers until quiet, `close`s the transport, waits for the last answers; true when every interaction that
   * arrived was answered. `transport` names it in the log ("gateway", "interactions endpoint"). */
  stop(close: () => Promise<void>, transport: string, bounds?: Partial<StopBounds>): Promise<boolean>;
}

export function inFlight(logger: Logger): InFlight {
  const tasks = new Set<Promise<unknown>>();
  let lastArrival = 0;
  const settle = (ms: number) => Promise.race([Promise.allSettled([...tasks]).then(() => true), sleep(ms, false, { ref: false })]);
  return {
    track: (task, interactionId) => {
      lastArrival = performance.now();
      const tracked: Promise<unknown> = task
        .catch((error: unknown) => logger.error({ err: error, interactionId }, 'interaction handler crashed'))
        .finally(() => tasks.delete(tracked));
      tasks.add(tracked);
    },
    size: () => tasks.size,
    stop: async (close, transport, given = {}) => {
      const bounds = { ...STOP_BOUNDS, ...given };
      const until = performance.now() + bounds.answeringMs;
      logger.info({ inFlight: tasks.size }, `answering the interactions in flight, then closing the ${transport}`);
      for (let left = bounds.answeringMs; left > 0; left = until - performance.now()) {
        if (tasks.size > 0) {
          await settle(left);
          continue;
        }
        const quietFor = performance.now() - lastArrival;
        if (quietFor < bounds.quietMs) {
          await sleep(Math.min(bounds.quietMs - quietFor, left), undefined, { ref: false });
          continue;
        }
        // Quiet long enough; one more turn of the event loop reads what the transport received meanwhile.
        await setImmediate();
        if (tasks.size === 0 && performance.now() - lastArrival >= bounds.quietMs) break;
      }
      await close();
      const finished = tasks.size === 0 || (await settle(bounds.lastAnswersMs));
      if (!finished) logger.warn({ inFlight: tasks.size }, `${transport} closed with interactions still being answered`);
      logger.info(`${transport} closed`);
      return finished;
    },
  };
}
