// The chart worker: runs in a pool process (src/render/charts/pool.ts), draws one chart per task and answers its
// PNG (base64: the pool's IPC channel carries JSON) with the process's resident memory, so the pool can replace
// a worker whose memory grew (resvg keeps native memory that V8 does not see). The worker runs at a lower CPU
// priority than the bot, so that acknowledging interactions comes before drawing.
import { setPriority } from 'node:os';
import { drawChart, type ChartTask } from './task.js';

/** Niceness of the worker processes (0 is the bot's; 19 the lowest priority). */
const WORKER_NICENESS = 10;
setPriority(WORKER_NICENESS);

export interface ChartResult {
  pngBase64: string;
  /** The worker process's resident set size after the render, in bytes. */
  rssBytes: number;
}

export default function renderTask(task: ChartTask): ChartResult {
  return { pngBase64: drawChart(task).toString('base64'), rssBytes: process.memoryUsage.rss() };
}
