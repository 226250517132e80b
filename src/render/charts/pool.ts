// A pool of chart workers (tinypool): rendering runs off the bot's event loop, in separate processes so that
// resvg's native memory stays out of the bot and goes away with the worker. A worker whose resident memory
// passes the limit is replaced once its task is done. The queue is bounded: past `maxQueued` charts waiting,
// render throws BusyError at once (the member is asked to try again) rather than making everyone wait.
import { createRequire } from 'node:module';
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
  /** Charts waiting for a worker at most (default 24: about 1–2 s of renders). */
  maxQueued?: number;
}

export interface ChartPool {
  /** The PNG of the task's chart, drawn in a worker. */
  render(task: ChartTask): Promise<Buffer>;
  /** Worker replacements so far for memory. */
  recycled(): number;
  close(): Promise<void>;
}

/** The worker module beside this one: compiled JavaScript in a built run, else the TypeScript source. */
const WORKER_FILE = new URL(RUNNING_BUILD ? './worker.js' : './worker.ts', import.meta.url).href;

/** Node options of each worker: none for the build; tsx's loader for the sources, whatever started this process (tsx, vitest). */
function workerExecArgv(): string[] {
  return RUNNING_BUILD ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

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
  let recycled = 0;
  return {
    async render(task) {
      if (pool.queueSize >= maxQueued) throw new BusyError(`${pool.queueSize} charts are waiting to be drawn`);
      const result = (await pool.run(task)) as ChartResult;
      if (result.rssBytes > maxRssBytes) {
        recycled++;
        // Idle workers are replaced now, busy ones after their task; a failure here leaves them serving.
        pool.recycleWorkers().catch(() => undefined);
      }
      return Buffer.from(result.pngBase64, 'base64');
    },
    recycled: () => recycled,
    close: () => pool.destroy(),
  };
}
