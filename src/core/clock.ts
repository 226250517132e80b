// Time as the code sees it: what time it is and how to wait. Production uses the system clock; tests pass a
// virtual clock whose waits return at once and move its time forward, so no test waits on a real timer.
import { setTimeout as timerSleep } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => timerSleep(ms),
};
