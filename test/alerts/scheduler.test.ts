// The croner jobs: one per server digest plus the periodic rule check, reloaded when settings change, stopped
// cleanly; a digest missed while down is sent once on start; the jobs fire at their times (fake clock); of several
// schedulers on one state, only the lease holder runs them, and another takes over when it stops or dies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LEASE } from '../../src/alerts/lease.js';
import { startAlertScheduler, type AlertScheduler, type SchedulerDeps } from '../../src/alerts/scheduler.js';
import type { AlertState } from '../../src/alerts/state.js';
import { listAlertPosts } from '../../src/store/alerts/outbox.js';
import { saveKindSetting } from '../../src/store/alerts/rules.js';
import { disableAlerts, saveDigestSchedule } from '../../src/store/alerts/settings.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { acquireLease, leaseHolder } from '../../src/store/alerts/lease.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb } from '../../src/store/db.js';
import {
  GUILD,
  OTHER_CHANNEL,
  OTHER_GUILD,
  PNG,
  enableAlerts,
  quietState,
  readCloses,
  recordingPoster,
  silentLogger,
  sourcesOf,
  titles,
  type RecordingPoster,
} from './support.js';

const SETUP = new Date('2024-11-01T12:00:00Z');
const MORNING = new Date('2024-11-06T14:30:00Z'); // Wednesday 09:30 New York

let dir: string;
let db: AlertDb;
let poster: RecordingPoster;
let running: AlertScheduler[];
const connections: AlertDb[] = [];

/** Another connection to the test's state, as another process would have. */
function connect(): AlertDb {
  const connection = sqliteAlertDb(openDb(join(dir, 'state.db')));
  connections.push(connection);
  return connection;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-scheduler-'));
  db = connect();
  poster = recordingPoster();
  running = [];
  await enableAlerts(db, SETUP);
});

afterEach(async () => {
  for (const scheduler of running) await scheduler.stop();
  vi.useRealTimers();
  for (const connection of connections.splice(0)) await connection.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: SchedulerDeps['options'] = {}, state: AlertState = quietState(), store = db): Promise<AlertScheduler> {
  const scheduler = await startAlertScheduler({
    store,
    post: poster.post,
    findPosted: poster.findPosted,
    logger: silentLogger,
    options: { delivery: { sleep: async () => undefined }, ...options },
    ...sourcesOf({ state }, PNG),
  });
  running.push(scheduler);
  return scheduler;
}

const useClock = (at: Date) => vi.useFakeTimers({ now: at, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

describe('the jobs', () => {
  it('schedules the rule check and one weekday digest per server, in its time zone', async () => {
    useClock(MORNING);
    await enableAlerts(db, SETUP, OTHER_GUILD, OTHER_CHANNEL);
    await saveDigestSchedule(db, OTHER_GUILD, { digestTime: '07:30', timezone: 'Europe/London' }, SETUP);
    const scheduler = await start({ catchUpMissed: false });
    expect(scheduler.jobs()).toEqual([
      { name: 'rules', pattern: '*/15 * * * *', timezone: null, nextRun: new Date('2024-11-06T14:45:00Z') },
      { name: `digest:${GUILD}`, pattern: '0 8 * * MON-FRI', timezone: 'America/New_York', nextRun: new Date('2024-11-07T13:00:00Z') },
      { name: `digest:${OTHER_GUILD}`, pattern: '30 7 * * MON-FRI', timezone: 'Europe/London', nextRun: new Date('2024-11-07T07:30:00Z') },
    ]);
  });

  it('reloads when settings change: a new time replaces the job, off or a removed digest drops it', async () => {
    useClock(MORNING);
    const scheduler = await start({ catchUpMissed: false });
    await saveDigestSchedule(db, GUILD, { digestTime: '16:15', timezone: 'America/Chicago' }, MORNING);
    await scheduler.reload();
    expect(scheduler.jobs().find((job) => job.name === `digest:${GUILD}`)).toMatchObject({
      pattern: '15 16 * * MON-FRI',
      timezone: 'America/Chicago',
      nextRun: new Date('2024-11-06T22:15:00Z'),
    });
    await saveKindSetting(db, GUILD, 'digest', { enabled: false, threshold: null }, MORNING);
    await scheduler.reload();
    expect(scheduler.jobs().map((job) => job.name)).toEqual(['rules']);
    await saveKindSetting(db, GUILD, 'digest', { enabled: true, threshold: null }, MORNING);
    await scheduler.reload();
    await disableAlerts(db, GUILD, MORNING);
    await scheduler.reload();
    expect(scheduler.jobs().map((job) => job.name)).toEqual(['rules']);
  });

  it('stops every job and leaves no timer behind, so the process can exit', async () => {
    useClock(MORNING);
    const scheduler = await start({ catchUpMissed: false });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await scheduler.stop();
    expect(scheduler.jobs()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    await scheduler.reload();
    expect(scheduler.jobs()).toEqual([]);
  });

  it('waits for a cycle in progress when stopping', async () => {
    poster.delayMs = 50;
    const scheduler = await start({ catchUpMissed: false });
    const cycle = scheduler.runOnce();
    await scheduler.stop();
    await expect(cycle).resolves.toMatchObject({ stateError: null });
  });
});

describe('firing', () => {
  it('posts the digest when its job fires at 08:00 New York time', async () => {
    useClock(new Date('2024-11-06T12:59:30Z'));
    await start({ catchUpMissed: false });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(poster.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)']);
    expect(poster.posts[0]?.message.files.map((file) => file.name)).toEqual(['zombie-digest.png']);
    expect((await listAlertPosts(db, GUILD)).map((post) => [post.key.period, post.status])).toEqual([['2024-11-06', 'sent']]);
  });

  it('checks the rules every 15 minutes', async () => {
    useClock(new Date('2024-11-06T14:14:50Z'));
    await start({ catchUpMissed: false }, quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06') }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(poster.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(titles(poster.posts)).toEqual(['IWM closed +5.8% on 2024-11-06']);
  });
});

describe('a digest missed while the bot was down', () => {
  it('is sent once on start when within the grace period, and not again by a restarted scheduler', async () => {
    useClock(MORNING);
    for (let run = 0; run < 2; run++) {
      const scheduler = await start();
      await scheduler.settled();
      await scheduler.stop();
    }
    expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)']);
  });

  it('is not sent when catching up is turned off', async () => {
    useClock(MORNING);
    const scheduler = await start({ catchUpMissed: false });
    await scheduler.settled();
    await scheduler.stop();
    expect(poster.posts).toEqual([]);
  });

  it('is not sent after the grace period (configurable)', async () => {
    useClock(MORNING);
    const scheduler = await start({ missedDigestGraceMs: 60 * 60_000 });
    await scheduler.settled();
    await scheduler.stop();
    expect(poster.posts).toEqual([]);
  });
});

describe('stopping', () => {
  it('claims nothing more: the post being sent is cut short and queued again, the next one is never tried', async () => {
    useClock(MORNING);
    let sending: () => void = () => undefined;
    const sendStarted = new Promise<void>((resolve) => (sending = resolve));
    const calls: string[] = [];
    const scheduler = await startAlertScheduler({
      store: db,
      // Discord is slow to answer the first post: the stop comes while it is under way.
      post: (_channelId, message, signal) => {
        calls.push(message.body.embeds?.[0]?.title ?? message.body.content ?? '');
        sending();
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      },
      findPosted: poster.findPosted,
      logger: silentLogger,
      options: { delivery: { sleep: async () => undefined } },
      ...sourcesOf({ state: quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06') }) }, PNG),
    });
    await sendStarted;
    await scheduler.stop();
    expect(calls).toEqual(['Zombie beta: Russell 2000 (IWM)']);
    const statuses = Object.fromEntries((await listAlertPosts(db, GUILD)).map((post) => [post.key.rule, post.status]));
    expect(statuses).toEqual({ digest: 'retry', 'iwm-move': 'queued' });
  });
});

describe('/alerts test', () => {
  it('posts a labelled sample digest in the channel now', async () => {
    useClock(new Date('2024-11-06T20:00:00Z'));
    const scheduler = await start({ catchUpMissed: false });
    await expect(scheduler.postSample(GUILD)).resolves.toEqual({ status: 'posted', channelId: '3333333333333333333' });
    expect(poster.posts[0]?.message.body.content).toBe('Sample post (/alerts test): the daily digest as it would look now.');
    await expect(scheduler.postSample(OTHER_GUILD)).resolves.toEqual({
      status: 'not-posting',
      detail: 'Alerts are off here: choose a channel with /alerts channel first.',
    });
  });

  it('answers instead of failing when the data cannot be loaded', async () => {
    const scheduler = await startAlertScheduler({
      store: db,
      post: poster.post,
      findPosted: poster.findPosted,
      logger: silentLogger,
      options: { catchUpMissed: false },
      loadState: () => {
        throw new Error('no holdings snapshot for IWM');
      },
      summaryEmbed: () => ({ title: 'unused' }),
    });
    running.push(scheduler);
    await expect(scheduler.postSample(GUILD)).resolves.toEqual({
      status: 'not-posting',
      detail: 'The data could not be loaded: no holdings snapshot for IWM',
    });
    expect(poster.posts).toEqual([]);
  });
});

describe('several bot processes on one state: the scheduler lease', () => {
  const RENEW_MS = 10_000;

  it('runs the jobs only in the holder; another takes over at its next renewal when the holder stops', async () => {
    useClock(MORNING);
    const first = await start({ catchUpMissed: false });
    const second = await start({ catchUpMissed: false }, quietState(), connect());
    expect([first.leaseHeld(), second.leaseHeld()]).toEqual([true, false]);
    expect(first.jobs().map((job) => job.name)).toEqual(['rules', `digest:${GUILD}`]);
    expect(second.jobs()).toEqual([]);
    await first.stop();
    expect(await leaseHolder(db, DEFAULT_LEASE.name)).toBeNull();
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(second.leaseHeld()).toBe(true);
    expect(second.jobs().map((job) => job.name)).toEqual(['rules', `digest:${GUILD}`]);
  });

  it('takes over from a holder that died once its lease expires, and sends the digest it missed, once', async () => {
    useClock(MORNING);
    await acquireLease(db, DEFAULT_LEASE.name, 'a host that died', MORNING, DEFAULT_LEASE.ttlMs);
    const survivor = await start();
    const other = await start({}, quietState(), connect());
    await vi.advanceTimersByTimeAsync(DEFAULT_LEASE.ttlMs - RENEW_MS);
    expect(poster.posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect([survivor.leaseHeld(), other.leaseHeld()].filter(Boolean)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5 * RENEW_MS);
    expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)']);
  });

  it('sees a digest time saved through another connection (another process or host) at its next renewal', async () => {
    useClock(MORNING);
    const holder = await start({ catchUpMissed: false });
    await saveDigestSchedule(connect(), GUILD, { digestTime: '16:15', timezone: 'America/Chicago' }, MORNING);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(holder.jobs().find((job) => job.name === `digest:${GUILD}`)).toMatchObject({ pattern: '15 16 * * MON-FRI', timezone: 'America/Chicago' });
  });

  it('runs no job while the state database cannot be reached, and resumes when it can', async () => {
    useClock(MORNING);
    const flaky = connect();
    let down = false;
    const store: AlertDb = { ...flaky, get: (sql, params) => (down ? Promise.reject(new Error('connection refused')) : flaky.get(sql, params)) };
    const scheduler = await start({ catchUpMissed: false }, quietState(), store);
    expect(scheduler.leaseHeld()).toBe(true);
    down = true;
    await vi.advanceTimersByTimeAsync(DEFAULT_LEASE.ttlMs + RENEW_MS);
    expect(scheduler.leaseHeld()).toBe(false);
    expect(scheduler.jobs()).toEqual([]);
    down = false;
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(scheduler.leaseHeld()).toBe(true);
  });
});
