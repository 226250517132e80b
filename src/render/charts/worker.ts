// The chart worker: runs in a pool process (src/render/charts/pool.ts), draws one chart per task and answers its
// PNG (base64: the pool's IPC channel carries JSON) with the process's resident memory, so the pool can replace
// a worker whose memory grew (resvg keeps native memory that V8 does not see). The worker runs at a lower CPU
// priority than the bot, so that acknowledging interactions comes before drawing.
//
// Stopping is the pool's call. A SIGTERM or SIGINT sent to the whole process group (systemd's KillMode=control-group,
// `docker stop` through an init that signals the group, Ctrl-C in a terminal) reaches the workers together with
// the bot; a worker dying then would cost a member the chart being drawn and the bot an error. So the worker
// ignores both (from its first moment: pool.ts loads IGNORE_GROUP_SIGNALS before anything else); the pool ends it
// with SIGUSR2 once it has nothing to draw (WORKER_EXIT_SIGNAL), and it exits when its IPC channel closes, so it
// never outlives a bot that was killed.
import { setPriority } from 'node:os';
import { drawChart, type ChartTask } from './task.js';

/** Niceness of the worker processes (0 is the bot's; 19 the lowest priority). */
const WORKER_NICENESS = 10;
setPriority(WORKER_NICENESS);

process.on('SIGUSR2', () => process.exit(0));
process.on('disconnect', () => process.exit(0));

export interface ChartResult {
  pngBase64: string;
  /** The worker process's resident set size after the render, in bytes. */
  rssBytes: number;
  /** The worker's process id (the pool ends a worker it replaces with a signal). */
  pid: number;
}

export default function renderTask(task: ChartTask): ChartResult {
  return { pngBase64: drawChart(task).toString('base64'), rssBytes: process.memoryUsage.rss(), pid: process.pid };
}
