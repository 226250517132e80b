// Exactly-once delivery (restarts, a second connection, other processes, crashes between claim and send), the
// hourly limit with its "and N more" post, and Discord's failures (5xx, 403, 404, 400) — on both engines of the
// alert state: SQLite (one file) and PostgreSQL (one database, as several hosts share it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY, classifyPostError, deliverServer, planBatch, type DeliveryOptions } from '../../src/alerts/poster.js';
import { DEFAULT_SCHEDULER_OPTIONS, runAlertCycle, type CycleDeps } from '../../src/alerts/scheduler.js';
import type { AlertState } from '../../src/alerts/state.js';
import { takeNotices } from '../../src/store/alerts/notices.js';
import { listAlertPosts } from '../../src/store/alerts/outbox.js';
import { listKindOverrides, saveKindSetting } from '../../src/store/alerts/rules.js';
import { getAlertSettings, listPostingServers, saveAlertChannel } from '../../src/store/alerts/settings.js';
import type { AlertDb as Db } from '../../src/store/alerts/engine.js';
import { ENGINES, type EngineFixture } from '../support/alert-engines.js';
import {
  CHANNEL,
  GUILD,
  discordError,
  enableAlerts,
  members,
  quietState,
  readCloses,
  recordingPoster,
  silentLogger,
  sourcesOf,
  titles,
  type RecordingPoster,
} from './support.js';

const SETUP = new Date('2024-11-01T12:00:00Z');
/** Wednesday 09:30 in New York: the 08:00 digest is 90 minutes late (the bot was down). */
const MORNING = new Date('2024-11-06T14:30:00Z');
const MINUTE = 60_000;
const GRACE = DEFAULT_SCHEDULER_OPTIONS.missedDigestGraceMs;
const WORKER = join(import.meta.dirname, 'race-worker.ts');

const electionDay = (): AlertState => quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06') });

describe.each(ENGINES)('on $name', (engine) => {
  let dir: string;
  let fixture: EngineFixture;

  beforeEach(async (context) => {
    if (!engine.available) context.skip('no PostgreSQL on this machine (apt-get install postgresql)');
    dir = mkdtempSync(join(tmpdir(), 'zombie-alerts-'));
    fixture = await engine.create();
  });

  afterEach(async () => {
    await fixture?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = () => fixture.connect();

  interface Harness {
    deps: CycleDeps;
    sleeps: number[];
    at(time: Date): Harness;
  }

  function harness(db: Db, poster: RecordingPoster, holder: { state: AlertState }, delivery: Partial<DeliveryOptions> = {}): Harness {
    const sleeps: number[] = [];
    let now = MORNING;
    const self: Harness = {
      deps: {
        store: db,
        post: poster.post,
        findPosted: poster.findPosted,
        now: () => now,
        logger: silentLogger,
        options: {
          ...DEFAULT_SCHEDULER_OPTIONS,
          delivery: { ...DEFAULT_DELIVERY, sleep: async (ms) => void sleeps.push(ms), ...delivery },
        },
        ...sourcesOf(holder),
      },
      sleeps,
      at: (time) => {
        now = time;
        return self;
      },
    };
    return self;
  }

  const cycle = (h: Harness) => runAlertCycle(h.deps, GRACE);
  const later = (minutes: number) => new Date(MORNING.getTime() + minutes * MINUTE);
  const statuses = async (db: Db) => (await listAlertPosts(db, GUILD)).map((post) => `${post.key.rule}:${post.status}`);

  describe('exactly once', () => {
    it('posts the missed digest and the IWM alert once, and nothing again after a restart', async () => {
      const poster = recordingPoster();
      const first = await connect();
      await enableAlerts(first, SETUP);
      await cycle(harness(first, poster, { state: electionDay() }));
      expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
      expect(poster.posts.every((post) => post.channelId === CHANNEL)).toBe(true);
      await first.close();

      const restarted = await connect();
      await cycle(harness(restarted, poster, { state: electionDay() }).at(later(1)));
      await cycle(harness(restarted, poster, { state: electionDay() }).at(later(120)));
      expect(poster.posts).toHaveLength(2);
      expect(await statuses(restarted)).toEqual(['iwm-move:sent', 'digest:sent']);
    });

    it('never posts twice from two connections to one database racing', async () => {
      const poster = recordingPoster();
      poster.delayMs = 20;
      const a = await connect();
      const b = await connect();
      await enableAlerts(a, SETUP);
      const [reportA, reportB] = await Promise.all([
        cycle(harness(a, poster, { state: electionDay() })),
        cycle(harness(b, poster, { state: electionDay() })),
      ]);
      expect(poster.posts.map((post) => post.message.body.nonce).sort()).toEqual(
        [...new Set(poster.posts.map((post) => post.message.body.nonce))].sort(),
      );
      expect(poster.posts).toHaveLength(2);
      const sentBy = [reportA, reportB].map((report) => report.deliveries.flatMap((d) => d.sent).length);
      expect(sentBy[0]! + sentBy[1]!).toBe(2);
    });

    it('never posts twice from two processes started together on one database', async () => {
      const setup = await connect();
      await enableAlerts(setup, SETUP);
      const out = join(dir, 'posts.jsonl');
      const workers = [0, 1].map(() =>
        spawn(process.execPath, ['--import', import.meta.resolve('tsx'), WORKER, fixture.location, out, MORNING.toISOString()], {
          stdio: ['pipe', 'pipe', 'inherit'],
        }),
      );
      await Promise.all(workers.map((worker) => once(createInterface({ input: worker.stdout! }), 'line')));
      for (const worker of workers) worker.stdin!.write('go\n');
      const codes = await Promise.all(workers.map((worker) => once(worker, 'exit').then(([code]) => code)));
      expect(codes).toEqual([0, 0]);
      const posted = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { nonce: string });
      expect(posted).toHaveLength(2);
      expect(new Set(posted.map((post) => post.nonce)).size).toBe(2);
    });

    it('does not post again when an ingest is re-run with the same data, but does for a new trading day', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      const holder = { state: electionDay() };
      await cycle(harness(db, poster, holder));
      holder.state = electionDay();
      await cycle(harness(db, poster, holder).at(later(30)));
      expect(poster.posts).toHaveLength(2);
      holder.state = quietState({
        iwmCloses: [...readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06'), { date: '2024-11-07', close: 230 }],
      });
      await cycle(harness(db, poster, holder).at(later(24 * 60)));
      // Thursday 09:30 in New York: Thursday's digest and the new close's alert.
      expect(titles(poster.posts).slice(2)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed −3.0% on 2024-11-07']);
    });

    describe('a crash between the claim and the send', () => {
      /** The first process claims, then "dies" while sending; with `reached`, after Discord accepted the post. */
      async function crashAfterClaim(reached?: RecordingPoster): Promise<void> {
        const db = await connect();
        await enableAlerts(db, SETUP);
        const hung = harness(db, recordingPoster(), { state: electionDay() });
        let sending!: () => void;
        const sent = new Promise<void>((resolve) => (sending = resolve));
        hung.deps.post = async (channelId, message) => {
          if (reached) reached.posts.push({ channelId, message });
          sending();
          return new Promise(() => undefined);
        };
        void cycle(hung);
        await sent;
        expect(await statuses(db)).toEqual(['iwm-move:pending', 'digest:pending']);
      }

      it('records a stale claim whose post is already in the channel instead of posting it again', async () => {
        const channel = recordingPoster();
        await crashAfterClaim(channel);
        expect(titles(channel.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)']);
        const db = await connect();
        await cycle(harness(db, channel, { state: electionDay() }).at(later(11)));
        // The digest was found by its ref; the IWM alert never reached Discord and is posted now, once.
        expect(titles(channel.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
        expect(channel.lookups).toBe(2);
        expect((await listAlertPosts(db, GUILD)).map((post) => [post.key.rule, post.status, post.messageId])).toEqual([
          ['iwm-move', 'sent', '1000002'],
          ['digest', 'sent', '1000001'],
        ]);
      });

      it('looks in the channel before a second send when Discord accepted the first but its answer was lost', async () => {
        const poster = recordingPoster();
        const db = await connect();
        await enableAlerts(db, SETUP);
        poster.loseAnswers(1);
        await cycle(harness(db, poster, { state: electionDay() }));
        expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
        expect(await statuses(db)).toEqual(['iwm-move:sent', 'digest:sent']);
      });

      it('leaves a fresh claim alone (no double post while the first process may still be sending)', async () => {
        await crashAfterClaim();
        const poster = recordingPoster();
        await cycle(harness(await connect(), poster, { state: electionDay() }).at(later(5)));
        expect(poster.posts).toHaveLength(0);
      });

      it('sends a claim older than the claim timeout once when its post never reached Discord', async () => {
        await crashAfterClaim();
        const poster = recordingPoster();
        const db = await connect();
        await cycle(harness(db, poster, { state: electionDay() }).at(later(11)));
        await cycle(harness(db, poster, { state: electionDay() }).at(later(30)));
        expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
        expect((await listAlertPosts(db, GUILD)).map((post) => [post.status, post.attempts])).toEqual([
          ['sent', 2],
          ['sent', 2],
        ]);
      });

      it('cuts a send short before its claim would go stale, so a slow send never goes out after a takeover', async () => {
        const poster = recordingPoster();
        const db = await connect();
        await enableAlerts(db, SETUP);
        // Discord never answers (a long rate-limit wait); the claim timeout is 400 ms, so the send is cut at 300 ms.
        const stuck = harness(db, poster, { state: electionDay() }, { claimTimeoutMs: 400, attemptsPerRun: 1 });
        stuck.deps.post = (_channelId, _message, signal) =>
          new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
        await cycle(stuck);
        // The digest (sent first) cut short is retried later; the IWM alert behind it was given back untried.
        expect((await listAlertPosts(db, GUILD)).map((post) => `${post.key.rule}:${post.status}`)).toEqual(['iwm-move:queued', 'digest:retry']);
        await cycle(harness(db, poster, { state: electionDay() }, { claimTimeoutMs: 400 }).at(later(30)));
        expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
      });

      it('never retries it with an infinite claim timeout (at-most-once)', async () => {
        await crashAfterClaim();
        const poster = recordingPoster();
        await cycle(harness(await connect(), poster, { state: electionDay() }, { claimTimeoutMs: Number.POSITIVE_INFINITY }).at(later(60)));
        expect(poster.posts).toHaveLength(0);
      });
    });
  });

  describe('at most 10 posts per channel per hour', () => {
    /** After the digest window: only alerts post. */
    const AFTERNOON = new Date('2024-11-06T20:00:00Z');
    const minutesAfter = (minutes: number) => new Date(AFTERNOON.getTime() + minutes * MINUTE);

    it('sends 9 alerts and folds the other 4 into one "and 4 more" post, then holds new alerts until the hour has passed', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      const holder = { state: quietState({ members: members('grey', 16) }) };
      await cycle(harness(db, poster, holder).at(AFTERNOON)); // records the baseline
      holder.state = quietState({ members: [...members('distress', 13), ...members('grey', 3).map((m, i) => ({ ...m, ticker: `ZB${14 + i}` }))] });
      await cycle(harness(db, poster, holder).at(minutesAfter(1)));
      expect(poster.posts).toHaveLength(10);
      const fold = poster.posts[9]!.message.body.content!;
      expect(fold.split('\n')).toEqual([
        '…and 4 more alerts (this channel gets at most 10 posts an hour):',
        '• Zombie Co 10 (ZB10) entered the Altman distress zone',
        '• Zombie Co 11 (ZB11) entered the Altman distress zone',
        '• Zombie Co 12 (ZB12) entered the Altman distress zone',
        '• Zombie Co 13 (ZB13) entered the Altman distress zone',
        `-# ref ${String(poster.posts[9]!.message.body.nonce)}`,
      ]);
      expect((await listAlertPosts(db, GUILD)).filter((p) => p.status === 'folded')).toHaveLength(4);

      holder.state = quietState({ members: members('distress', 16) });
      const held = await cycle(harness(db, poster, holder).at(minutesAfter(30)));
      expect(poster.posts).toHaveLength(10);
      expect(held.deliveries[0]?.waiting).toBe(3);

      await cycle(harness(db, poster, holder).at(minutesAfter(62)));
      expect(titles(poster.posts.slice(10))).toEqual([
        'Zombie Co 14 (ZB14) entered the Altman distress zone',
        'Zombie Co 15 (ZB15) entered the Altman distress zone',
        'Zombie Co 16 (ZB16) entered the Altman distress zone',
      ]);
    });

    it('sends the 10th post of the hour once when the process sending it died, after its claim timeout, not an hour later', async () => {
      const db = await connect();
      await enableAlerts(db, SETUP);
      const holder = { state: quietState({ members: members('grey', 10) }) };
      await cycle(harness(db, recordingPoster(), holder).at(AFTERNOON));
      holder.state = quietState({ members: members('distress', 10) });
      // The first process sends 9 of the 10 alerts, then dies while sending the 10th.
      const dying = recordingPoster();
      let sending!: () => void;
      const tenth = new Promise<void>((resolve) => (sending = resolve));
      const first = harness(db, dying, holder).at(minutesAfter(1));
      first.deps.post = async (channelId, message) => {
        if (dying.posts.length === 9) {
          sending();
          return new Promise(() => undefined);
        }
        return dying.post(channelId, message);
      };
      void cycle(first);
      await tenth;
      const next = recordingPoster();
      next.posts.push(...dying.posts);
      await cycle(harness(db, next, holder).at(minutesAfter(12)));
      expect(titles(next.posts)).toEqual(
        Array.from({ length: 10 }, (_, index) => `Zombie Co ${index + 1} (ZB${index + 1}) entered the Altman distress zone`),
      );
      expect((await listAlertPosts(db, GUILD)).filter((post) => post.key.rule === 'distress').map((post) => post.status)).toEqual(
        Array.from({ length: 10 }, () => 'sent'),
      );
    });

    it('gives every claim back when the channel fails first: the alerts queue again, the "and N more" post is dropped', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      const holder = { state: quietState({ members: members('grey', 12) }) };
      await cycle(harness(db, poster, holder).at(AFTERNOON));
      holder.state = quietState({ members: members('distress', 12) });
      poster.failNext(discordError(403, 50013, 'Missing Permissions'));
      await cycle(harness(db, poster, holder).at(minutesAfter(1)));
      expect(poster.posts).toEqual([]);
      const posts = await listAlertPosts(db, GUILD);
      expect(posts.filter((p) => p.key.rule === 'fold').map((p) => p.status)).toEqual(['dropped']);
      expect(posts.filter((p) => p.key.rule === 'distress').every((p) => p.status === 'queued' && p.foldedInto === null)).toBe(true);
      await saveAlertChannel(db, GUILD, CHANNEL, minutesAfter(2));
      await cycle(harness(db, poster, holder).at(minutesAfter(3)));
      expect(poster.posts).toHaveLength(10);
      expect(poster.posts[9]?.message.body.content).toMatch(/^…and 3 more alerts/);
    });

    /** 9 alerts sent and the other 4 folded at minutesAfter(1); the fold's send meets `trouble` (one attempt a run). */
    async function foldInTrouble(trouble: (poster: RecordingPoster) => void) {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      const holder = { state: quietState({ members: members('grey', 13) }) };
      await cycle(harness(db, poster, holder).at(AFTERNOON));
      holder.state = quietState({ members: members('distress', 13) });
      const run = harness(db, poster, holder, { attemptsPerRun: 1 }).at(minutesAfter(1));
      const outcomes: string[] = [];
      run.deps.onPost = (outcome) => outcomes.push(outcome);
      run.deps.post = async (channelId, message) => {
        if (message.body.content?.startsWith('…and') === true) trouble(poster);
        return poster.post(channelId, message);
      };
      await cycle(run);
      const folds = () => poster.posts.filter((post) => post.message.body.content?.startsWith('…and 4 more') === true).length;
      const later = (minutes: number, findPosted = poster.findPosted) => {
        const run = harness(db, poster, holder, { attemptsPerRun: 1 }).at(minutesAfter(minutes));
        run.deps.findPosted = findPosted;
        run.deps.onPost = (outcome) => outcomes.push(outcome);
        return cycle(run);
      };
      const statusesOf = async (rule: string) =>
        (await listAlertPosts(db, GUILD)).filter((post) => post.key.rule === rule).map((post) => post.status);
      return { db, poster, folds, later, statusesOf, outcomes };
    }

    it('keeps the claim of an "and N more" post whose answer was lost, then finds it in the channel: posted once', async () => {
      const { poster, folds, later, statusesOf, outcomes } = await foldInTrouble((p) => p.loseAnswers(1));
      expect(folds()).toBe(1);
      expect(await statusesOf('fold')).toEqual(['pending']);
      await later(5); // the claim is not stale yet: the fold and its posts wait
      await later(15);
      expect(folds()).toBe(1);
      // What zombie_alert_posts_total counts: 9 alerts sent, the fold's lost answer a retry, then the fold found.
      expect(outcomes).toEqual([...Array.from({ length: 9 }, () => 'sent'), 'retry', 'found']);
      expect(poster.posts).toHaveLength(10);
      expect(await statusesOf('fold')).toEqual(['sent']);
      expect((await statusesOf('distress')).filter((status) => status === 'folded')).toHaveLength(4);
    });

    it('gives up an "and N more" post it cannot look for until its expiry: its alerts expire, nothing is posted twice', async () => {
      const { poster, folds, later, statusesOf } = await foldInTrouble((p) => p.loseAnswers(1));
      const noHistory = async () => {
        throw discordError(403, 50001, 'Missing Access');
      };
      await later(15, noHistory); // stale, cannot be looked for: it waits
      expect(await statusesOf('fold')).toEqual(['pending']);
      await later(62, noHistory); // past the fold's hour: given up
      expect(await statusesOf('fold')).toEqual(['expired']);
      expect((await statusesOf('distress')).filter((status) => status === 'expired')).toHaveLength(4);
      await later(70);
      expect(folds()).toBe(1);
      expect(poster.posts).toHaveLength(10);
    });

    it('delivers the alerts of an "and N more" post dropped without them (as an older version did) once their claim is stale', async () => {
      const { db, folds, later, statusesOf } = await foldInTrouble((p) => p.failNext(discordError(503, null, 'Service Unavailable')));
      await db.run(`UPDATE alert_posts SET status = 'dropped' WHERE rule = 'fold'`);
      await later(15);
      expect(await statusesOf('fold')).toEqual(['dropped', 'sent']);
      expect(folds()).toBe(1);
    });

    it('folds anew the alerts of an "and N more" post whose channel is gone (404): nobody can see it', async () => {
      const { folds, later, statusesOf } = await foldInTrouble((p) => p.loseAnswers(1));
      const gone = async () => {
        throw discordError(404, 10003, 'Unknown Channel');
      };
      await later(15, gone); // (posting itself still works here: as in the channel an admin set since)
      expect(await statusesOf('fold')).toEqual(['dropped', 'sent']);
      expect(folds()).toBe(2);
    });

    it('drops an "and N more" post that surely never arrived once its claim is stale, and folds its posts anew, once', async () => {
      const { poster, folds, later, statusesOf } = await foldInTrouble((p) => p.failNext(discordError(503, null, 'Service Unavailable')));
      expect(folds()).toBe(0);
      await later(15);
      expect(folds()).toBe(1);
      expect(poster.posts).toHaveLength(10);
      expect(await statusesOf('fold')).toEqual(['dropped', 'sent']);
    });

    it('splits by the remaining budget', () => {
      expect(planBatch([1, 2, 3], 3)).toEqual({ send: [1, 2, 3], fold: [], waiting: [] });
      expect(planBatch([1, 2, 3, 4], 3)).toEqual({ send: [1, 2], fold: [3, 4], waiting: [] });
      expect(planBatch([1, 2], 1)).toEqual({ send: [], fold: [1, 2], waiting: [] });
      expect(planBatch([1, 2], 0)).toEqual({ send: [], fold: [], waiting: [1, 2] });
    });
  });

  describe("Discord's failures", () => {
    it('classifies 404/403 as the channel, 429/5xx/no answer as transient, other 4xx as the post', () => {
      expect(classifyPostError(discordError(404, 10003, 'Unknown Channel'))).toBe('channel');
      expect(classifyPostError(discordError(403, 50013, 'Missing Permissions'))).toBe('channel');
      expect(classifyPostError(discordError(403, 50001, 'Missing Access'))).toBe('channel');
      expect(classifyPostError(discordError(429, null, 'rate limited'))).toBe('transient');
      expect(classifyPostError(discordError(502, null, 'Bad Gateway'))).toBe('transient');
      expect(classifyPostError(new Error('fetch failed'))).toBe('transient');
      expect(classifyPostError(discordError(400, 50035, 'Invalid Form Body'))).toBe('payload');
    });

    it('retries a 5xx with backoff within the run', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      poster.failNext(discordError(502, null, 'Bad Gateway'));
      const h = harness(db, poster, { state: electionDay() });
      await cycle(h);
      expect(poster.posts).toHaveLength(2);
      expect(h.sleeps).toEqual([DEFAULT_DELIVERY.backoffMs]);
    });

    it('leaves a post that keeps failing for a later run, and sends it then, once', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      poster.failNext(discordError(503, null, 'Service Unavailable'), 2);
      const report = await cycle(harness(db, poster, { state: electionDay() }));
      expect(report.deliveries[0]?.retrying.map((key) => key.rule)).toEqual(['digest']);
      expect(await statuses(db)).toEqual(['iwm-move:queued', 'digest:retry']);
      await cycle(harness(db, poster, { state: electionDay() }).at(later(2)));
      expect(poster.posts).toHaveLength(1); // the IWM alert; the digest waits for its retry time (5 min)
      await cycle(harness(db, poster, { state: electionDay() }).at(later(6)));
      expect(titles(poster.posts)).toEqual(['IWM closed +5.8% on 2024-11-06', 'Zombie beta: Russell 2000 (IWM)']);
    });

    it.each([
      [403, 50013, 'Missing Permissions'],
      [404, 10003, 'Unknown Channel'],
    ])('pauses the server on %i %s, tells the admin once, and resumes when a channel is set again', async (status, code, message) => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      poster.failNext(discordError(status, code, message));
      const report = await cycle(harness(db, poster, { state: electionDay() }));
      expect(report.deliveries[0]?.pausedReason).toContain(`Discord refused posting in <#${CHANNEL}>`);
      expect((await getAlertSettings(db, GUILD))?.pausedReason).toBe(`Discord refused posting in <#${CHANNEL}>: ${status} ${message} (code ${code})`);
      expect(await listPostingServers(db)).toEqual([]);
      const [notice, ...more] = await takeNotices(db, GUILD, later(1));
      expect(notice).toMatch(/^Alerts are paused\. Discord refused posting in <#3333333333333333333>: 40[34] /);
      expect(more).toEqual([]);

      await cycle(harness(db, poster, { state: electionDay() }).at(later(10)));
      expect(poster.posts).toHaveLength(0);
      await saveAlertChannel(db, GUILD, CHANNEL, later(20));
      await cycle(harness(db, poster, { state: electionDay() }).at(later(21)));
      expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
    });

    it('drops a post Discord rejects (400), pauses that rule with a notice, and sends the others', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      await saveKindSetting(db, GUILD, 'digest', { enabled: false, threshold: null }, SETUP);
      const state = { ...electionDay(), trumpTradeCorrelation30d: { now: 0.6, previous: 0.3, asOfDate: '2024-11-06' } };
      poster.failNext(discordError(400, 50035, 'Invalid Form Body'));
      await cycle(harness(db, poster, { state }));
      expect(titles(poster.posts)).toEqual(['Trump-trade correlation strengthened past ±0.50']);
      expect((await listKindOverrides(db, GUILD)).find((k) => k.kind === 'iwm-move')?.pausedReason).toBe('400 Invalid Form Body (code 50035)');
      expect(await takeNotices(db, GUILD, later(1))).toEqual([
        'The "IWM move" alert is paused: Discord rejected its post (400 Invalid Form Body (code 50035)). Turn it back on with /alerts rule add rule:iwm-move.',
      ]);
      expect(await statuses(db)).toEqual(['iwm-move:dropped', 'correlation:sent']);
    });

    it('does not send posts that stopped being relevant while the channel was paused', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      poster.failNext(discordError(403, 50001, 'Missing Access'));
      await cycle(harness(db, poster, { state: electionDay() }));
      await saveAlertChannel(db, GUILD, CHANNEL, later(13 * 60));
      await cycle(harness(db, poster, { state: electionDay() }).at(later(13 * 60 + 1)));
      expect(poster.posts).toHaveLength(0);
      expect(await statuses(db)).toEqual(['iwm-move:expired', 'digest:expired']);
    });

    it('keeps running when the data cannot be loaded, still delivering what is queued', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      poster.failNext(discordError(503, null, 'Service Unavailable'), 2);
      await cycle(harness(db, poster, { state: electionDay() }));
      const broken = harness(db, poster, { state: electionDay() }).at(later(10));
      broken.deps.loadState = () => {
        throw new Error('no prices snapshot for IWM');
      };
      const report = await cycle(broken);
      expect(report.stateError).toBe('no prices snapshot for IWM');
      expect(titles(poster.posts)).toEqual(['Zombie beta: Russell 2000 (IWM)', 'IWM closed +5.8% on 2024-11-06']);
    });

    it('delivers only to the server’s current channel', async () => {
      const poster = recordingPoster();
      const db = await connect();
      await enableAlerts(db, SETUP);
      await saveAlertChannel(db, GUILD, '7777777777777777777', SETUP);
      const settings = (await getAlertSettings(db, GUILD))!;
      const report = await deliverServer(
        { store: db, post: poster.post, findPosted: poster.findPosted, now: () => MORNING, options: DEFAULT_DELIVERY, logger: silentLogger },
        { ...settings, channelId: settings.channelId! },
      );
      expect(report).toMatchObject({ sent: [], waiting: 0 });
    });
  });
});
