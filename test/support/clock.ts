// A virtual clock for tests: sleep(ms) moves its time forward by ms and returns at once (after a turn of the
// event loop, so concurrent work interleaves as it would), so retries, Retry-After and rate limits cost no real
// time. `slept` lists every wait asked for, in order; `elapsed()` is the virtual time since the start.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../src/core/clock.js';

export interface VirtualClock extends Clock {
  slept: number[];
  elapsed(): number;
}

export function virtualClock(start = Date.parse('2025-06-02T14:00:00Z')): VirtualClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      now += Math.max(0, ms);
      await nextTurn();
    },
    slept,
    elapsed: () => now - start,
  };
}
