// A pool of chart workers (tinypool): rendering runs off the bot's event loop, in separate processes so that
// resvg's native memory stays out of the bot and goes away with the worker. A worker whose resident memory
// passes the limit is replaced once its task is done. The queue is bounded: past `maxQueued` charts waiting,
// render throws BusyError at once (the reply goes out without its chart, or says busy) rather than making
// everyone wait. Closing refuses charts the same way, lets the ones being drawn finish, then ends the workers
// (they ignore a stop signal sent to the whole process group: see worker.ts).
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { BusyError } from '../../core/busy.js';
import { RUNNING_BUILD } from '../../core/paths.js';
import type { ChartTask } from './task.js';
import type { ChartResult } from './worker.js';

export interface ChartPoolOptions {
  /** Worker processes (default 1: the bot shares its cores with the gateway and SQLite). */
  workers?: number;
  /** A worker whose resident memory exceeds this after a task is replaced (default 300 MB). */
  maxWorkerRssMb?: number;
  /** Charts waiting for a worker at most (default 24: about 1–2 s of renders), besides those being drawn. */
  maxQueued?: number;
  /** Told each chart drawn and its time from request to PNG, queue wait included (the bot's metrics). */
  onRendered?: (chart: ChartTask['chart'], seconds: number) => void;
  /** Told when a worker died between tasks (it is replaced); without it such a death is ignored. */
  onWorkerError?: (error: Error) => void;
}

export interface ChartPool {
  /** The PNG of the task's chart, drawn in a worker. */
  render(task: ChartTask): Promise<Buffer>;
  /** Charts waiting for a worker now. */
  queued(): number;
  /** Worker replacements so far for memory. */
  recycled(): number;
  /** Refuses new and waiting charts (BusyError), waits for the ones being drawn, then ends the workers. */
  close(): Promise<void>;
}

/** The worker module beside this one: compiled JavaScript in a built run, else the TypeScript source. */
const WORKER_FILE = new URL(RUNNING_BUILD ? './worker.js' : './worker.ts', import.meta.url).href;

/** The signal that ends a worker (see worker.ts: SIGTERM and SIGINT, which the whole process group gets, do not). */
const WORKER_EXIT_SIGNAL = 'SIGUSR2';

/**
 * Loaded first in every worker, before tsx and the worker module: SIGTERM and SIGINT are ignored from the first
 * moment of the worker's life (a stop signal sent to the whole group while a worker is still starting must not kill
 * it either; only Node's own start-up, some tens of ms, comes before).
 */
const IGNORE_GROUP_SIGNALS = `data:text/javascript,${encodeURIComponent("for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});")}`;

/** Node options of each worker: the signal guard; then, running the sources, tsx's loader, whatever started this
 * process (tsx, vitest); the build needs none. */
function workerExecArgv(): string[] {
  const tsx = RUNNING_BUILD ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  return ['--import', IGNORE_GROUP_SIGNALS, ...tsx];
}

/** How long closing waits for the charts being drawn (one each, normally ~0.1 s) before it ends the workers anyway. */
const CLOSE_WAIT_MS = 1000;

interface Waiting {
  task: ChartTask;
  resolve: (png: Buffer) => void;
  reject: (error: unknown) => void;
}

/**
 * Charts wait in this pool's own queue and go to tinypool one per worker, so that the pool knows which charts are
 * being drawn (they finish on close) and which only wait (they are refused on close).
 */
export function createChartPool(options: ChartPoolOptions = {}): ChartPool {
  const workers = options.workers ?? 1;
  const maxRssBytes = (options.maxWorkerRssMb ?? 300) * 1024 * 1024;
  const maxQueued = options.maxQueued ?? 24;
  const pool = new Tinypool({
    filename: WORKER_FILE,
    // Processes, not threads: resvg's native memory then belongs to the worker, and when running the sources
    // tsx's loader runs in each.
    runtime: 'child_process',
    minThreads: workers,
    maxThreads: workers,
    execArgv: workerExecArgv(),
  });
  // Tinypool reports a worker that died between tasks as an 'error' event (unheard, it would end the bot).
  pool.on('error', (error: Error) => options.onWorkerError?.(error));
  const waiting: Waiting[] = [];
  const drawing = new Set<Promise<unknown>>();
  let recycled = 0;
  /** A replacement under way: it starts the new worker last, which closing must wait for (or it would outlive the pool). */
  let recycling: Promise<void> = Promise.resolve();
  let closing: Promise<void> | null = null;
  const stopped = () => new BusyError('charts are off: the bot is stopping');

  /** Ends the given workers now: tinypool's own SIGTERM is ignored by them, this signal is not. */
  const endWorkers = (pids: readonly number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, WORKER_EXIT_SIGNAL);
      } catch {
        // Already gone.
      }
    }
  };

  const draw = async (task: ChartTask): Promise<Buffer> => {
    let result: ChartResult;
    try {
      result = (await pool.run(task)) as ChartResult;
    } catch (error) {
      // Ended by the close (or its worker lost while closing): the reply goes without the chart, as when busy.
      if (closing !== null) throw stopped();
      throw error;
    }
    if (result.rssBytes > maxRssBytes) {
      recycled++;
      // The worker is idle now (this pool gives tinypool no more charts than it has workers, and the next one only
      // after this returns): tinypool removes it and starts another; the signal ends it without a wait.
      recycling = pool.recycleWorkers().catch(() => undefined);
      endWorkers([result.pid]);
    }
    return Buffer.from(result.pngBase64, 'base64');
  };

  const pump = () => {
    while (drawing.size < workers && waiting.length > 0) {
      const { task, resolve, reject } = waiting.shift()!;
      const startedAt = performance.now();
      const drawn = draw(task).then((png) => {
        options.onRendered?.(task.chart, (performance.now() - startedAt) / 1000);
        return png;
      });
      drawing.add(drawn);
      // The next chart goes out before this one's caller resumes, so the count of charts drawn stays exact.
      drawn
        .finally(() => {
          drawing.delete(drawn);
          pump();
        })
        .then(resolve, reject);
    }
  };

  return {
    render(task) {
      if (closing !== null) return Promise.reject(stopped());
      if (waiting.length >= maxQueued) return Promise.reject(new BusyError(`${waiting.length} charts are waiting to be drawn`));
      return new Promise<Buffer>((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        pump();
      });
    },
    queued: () => waiting.length,
    recycled: () => recycled,
    close: () =>
      (closing ??= (async () => {
        for (const { reject } of waiting.splice(0)) reject(stopped());
        // A chart whose worker is still starting (or died starting) would wait long: past the bound it is dropped
        // from its reply like those waiting (the pool's end fails it, and render turns that into BusyError).
        await Promise.race([Promise.allSettled([...drawing]), sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
        await recycling;
        const pids = pool.threads.map((worker) => worker.threadId);
        const destroyed = pool.destroy();
        endWorkers(pids);
        await destroyed;
      })()),
  };
}
