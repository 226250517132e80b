// Time and work the router tests control: a clock whose timers fire only when advanced, and a gate that holds a
// fixture command's work until released.

/** The router's timers, fired only when the test advances this clock (time injected, not waited). */
export interface ManualClock {
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
}

export function manualClock(): ManualClock {
  let nowMs = 0;
  const timers: { atMs: number; fire: () => void }[] = [];
  return {
    sleep: (ms) => new Promise((resolve) => timers.push({ atMs: nowMs + ms, fire: resolve })),
    advance(ms) {
      nowMs += ms;
      for (const timer of timers.filter((t) => t.atMs <= nowMs)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fire();
      }
    },
  };
}

/** The slow fixture's work: `started` resolves when the command began it, `release` lets it finish. */
export interface Gate {
  wait(): Promise<void>;
  started: Promise<void>;
  release(): void;
}

export function gate(): Gate {
  let release!: () => void;
  let begin!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (begin = resolve));
  const wait = () => {
    begin();
    return opened;
  };
  return { wait, started, release };
}
