// The chart worker pool: a chart drawn in a worker process is the same PNG as drawn here, and a worker whose
// resident memory passes the limit is replaced while the pool keeps drawing; past the queue limit it says busy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BusyError } from '../../../src/core/busy.js';
import { createChartPool, type ChartPool } from '../../../src/render/charts/pool.js';
import { drawChart, type ChartTask } from '../../../src/render/charts/task.js';

const task: ChartTask = {
  chart: 'returns',
  input: { returns: [-0.62, -0.3, -0.05, 0.02, 0.1, 0.14, 0.4, 1.3], caption: 'Fixture returns' },
};

let pool: ChartPool | undefined;

/** This process's chart worker processes (Linux /proc: children running tinypool's process entry). */
function workerPids(): number[] {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tinypool');
    } catch {
      return false;
    }
  });
}
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('chart pool', () => {
  it('draws in a worker process exactly the PNG this process draws', async () => {
    pool = createChartPool();
    expect((await pool.render(task)).equals(drawChart(task))).toBe(true);
    expect(pool.recycled()).toBe(0);
  }, 30_000);

  it('replaces a worker whose memory passed the limit and keeps drawing', async () => {
    pool = createChartPool({ maxWorkerRssMb: 1 });
    const first = await pool.render(task);
    expect(pool.recycled()).toBe(1);
    expect((await pool.render(task)).equals(first)).toBe(true);
    expect(pool.recycled()).toBe(2);
  }, 30_000);
});

describe('chart pool queue', () => {
  it('refuses with BusyError past maxQueued charts waiting, and draws the others', async () => {
    pool = createChartPool({ maxQueued: 1 });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => pool!.render(task)));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((reason) => reason instanceof BusyError)).toBe(true);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled' });
  }, 30_000);
});

describe('stopping', () => {
  it('keeps drawing through a SIGTERM sent to the whole process group, then on close finishes the chart being drawn, refuses those waiting and ends the workers', async () => {
    pool = createChartPool();
    await pool.render(task);
    const workers = workerPids();
    expect(workers).toHaveLength(1);
    const drawing = pool.render(task);
    const waiting = pool.render(task).catch((error: unknown) => error);
    expect(pool.queued()).toBe(1);
    // What systemd's KillMode=control-group or Ctrl-C does: the workers get the signal with the bot.
    for (const pid of workers) process.kill(pid, 'SIGTERM');
    const closed = pool.close();
    expect((await drawing).equals(drawChart(task))).toBe(true);
    expect(await waiting).toBeInstanceOf(BusyError);
    await expect(pool.render(task)).rejects.toBeInstanceOf(BusyError);
    await closed;
    expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
    pool = undefined;
  }, 30_000);
});
