// Bot processes serving one application over HTTP interactions with their state on one PostgreSQL, and the round the
// multi-host test repeats (and `npm run bench -- --scale` times): a post is queued, the lease holder claims it and
// POSTs it, the fake Discord holds that POST until the test has SIGKILLed the process, then processes it (Discord
// accepted it; the bot never heard back) or drops it (it never arrived); the killed host restarts while another takes
// the lease over, finds a stale claim, looks in the channel and records or sends the post. The round reports how many
// channel messages carry the post (1 is right) and how long the recovery took.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_LEASE } from '../../src/alerts/lease.js';
import { postRef, toAlertMessage } from '../../src/alerts/messages.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { leaseHolder } from '../../src/store/alerts/lease.js';
import { enqueuePost, listAlertPosts, type NewPost, type PostKey } from '../../src/store/alerts/outbox.js';
import { spawnBotProcess, type BotProcess } from './bot-process.js';
import { sourceArgs } from './sources.js';
import { FAKE_IDS, type FakeDiscord } from './fake-discord.js';

/** Cycles every second; the lease passes on 1 s after its holder dies; a dead process's claim is retried after 1.5 s, a failed send after 0.5 s. */
export const FAST_ALERT_TIMING = {
  ruleCheckPattern: '* * * * * *',
  lease: { ttlMs: 1000, renewMs: 250 },
  // Many posts within the hour in one channel: past the default limit of 10 (which would hold the rest for the hour).
  delivery: { claimTimeoutMs: 1500, attemptsPerRun: 1, hourlyLimit: 1000, retryLaterMs: 500 },
};

export interface Host {
  process: BotProcess;
  url: string;
}

export interface Fleet {
  hosts: Host[];
  /** Processes killed so far (their output stays readable). */
  killed: BotProcess[];
  start(index: number): Promise<Host>;
  stop(): Promise<void>;
}

/** Bot processes in HTTP mode (INTERACTIONS_PORT), each with its own cache file, sharing the state at `stateUrl`. */
export function hostFleet(fake: FakeDiscord, options: { token: string; stateUrl: string; workDir: string }): Fleet {
  const fleet: Fleet = {
    hosts: [],
    killed: [],
    start: async (index) => {
      const process = spawnBotProcess(
        [...sourceArgs('src/bot/main.ts'), '--alert-timing', JSON.stringify(FAST_ALERT_TIMING)],
        {
          DISCORD_TOKEN: options.token,
          DISCORD_APP_ID: FAKE_IDS.application,
          DISCORD_API_URL: fake.apiUrl,
          DISCORD_PUBLIC_KEY: fake.publicKeyHex,
          INTERACTIONS_PORT: '0',
          INTERACTIONS_HOST: '127.0.0.1',
          DATABASE_PATH: join(options.workDir, `host-${index}.db`),
          STATE_DATABASE_URL: options.stateUrl,
          LOG_LEVEL: 'info',
        },
        options.workDir,
      );
      const listening = await process.waitForLog((line) => line.msg === 'interactions endpoint listening', 30_000);
      const host = { process, url: `http://127.0.0.1:${String(listening.port)}/interactions` };
      fleet.hosts[index] = host;
      return host;
    },
    stop: async () => {
      for (const host of fleet.hosts) await host.process.kill();
    },
  };
  return fleet;
}

export interface RoundResult {
  round: number;
  outcome: 'accepted' | 'dropped';
  /** Channel messages carrying the round's post. */
  copies: number;
  /** From the kill to the post recorded as sent. */
  recoveryMs: number;
}

function roundPost(round: number, guildId: string): NewPost {
  const key: PostKey = { guildId, rule: 'iwm-move', subject: `ROUND${round}`, period: 'kill-rounds' };
  return {
    key,
    title: `Round ${round}`,
    priority: 2,
    message: toAlertMessage({ embeds: [{ title: `Round ${round} alert` }] }, key),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

/** The process id in a lease holder id ("host pid 1234 abcdef"). */
const holderPid = (holder: string | undefined) => Number(/ pid (\d+) /.exec(holder ?? '')?.[1]);

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`timed out after ${ms} ms: ${what}`);
    }),
  ]);
}

/** One kill round in a server whose alert channel is `channelId`; odd rounds are accepted, even ones dropped. */
export async function killRound(fake: FakeDiscord, fleet: Fleet, state: AlertDb, channelId: string, round: number): Promise<RoundResult> {
  const held = fake.holdNext('POST', `/channels/${channelId}/messages`);
  const post = roundPost(round, FAKE_IDS.guild);
  if (!(await enqueuePost(state, post, new Date()))) throw new Error(`round ${round}: its post was queued before`);
  const request = await within(held, 30_000, `round ${round}: no process sent the post`);
  if ((request.body as { nonce?: unknown }).nonce !== postRef(post.key)) throw new Error(`round ${round}: another post was sent`);
  // Only the lease holder runs cycles: it is the process sending this post.
  const pid = holderPid((await leaseHolder(state, DEFAULT_LEASE.name))?.holder);
  const index = fleet.hosts.findIndex((host) => host.process.child.pid === pid);
  if (index < 0) throw new Error(`round ${round}: the lease holder (pid ${pid}) is none of the hosts`);
  const killedAt = performance.now();
  await fleet.hosts[index]!.process.kill();
  fleet.killed.push(fleet.hosts[index]!.process);
  const outcome = round % 2 === 1 ? 'accepted' : 'dropped';
  if (outcome === 'accepted') request.accept();
  else request.drop();
  // The killed host restarts while the other takes the lease over and delivers the post.
  const restarted = fleet.start(index);
  const status = async () => (await listAlertPosts(state, FAKE_IDS.guild)).find((stored) => stored.key.subject === post.key.subject)?.status;
  const deadline = killedAt + 30_000;
  while ((await status()) !== 'sent') {
    if (performance.now() > deadline) {
      const outputs = [...fleet.killed, ...fleet.hosts.map((host) => host.process)].map((process) => process.output().slice(-3000));
      throw new Error(`round ${round}: the post was not sent within 30 s of the kill\n${outputs.join('\n----\n')}`);
    }
    await sleep(50);
  }
  const recoveryMs = performance.now() - killedAt;
  await restarted;
  const copies = fake.channelMessages.filter((message) => message.embeds[0]?.title === `Round ${round} alert`).length;
  return { round, outcome, copies, recoveryMs };
}
