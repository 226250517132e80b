// Two bot processes ("hosts") serving one application over HTTP interactions, sharing their state on one real
// PostgreSQL (STATE_DATABASE_URL): settings written through one host are read through the other, and every alert is
// posted once while the process posting it is killed (SIGKILL) mid-post and restarted, 20 times. The fake Discord
// holds each alert's POST until the test has killed its sender, then either processes it (Discord accepted the post
// but the bot died before it heard back) or drops it (the post never arrived); Discord's nonce is switched off, so
// only the outbox claims and the look in the channel keep a post single. Each round is bounded: the lease passes on
// within its 1 s expiry and a claim left by the dead process is taken over after 1.5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import * as alerts from '../../commands/alerts.js';
import { DEFAULT_LEASE } from '../../src/alerts/lease.js';
import { postRef, toAlertMessage } from '../../src/alerts/messages.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { leaseHolder } from '../../src/store/alerts/lease.js';
import { enqueuePost, listAlertPosts, type NewPost, type PostKey } from '../../src/store/alerts/outbox.js';
import { ALERT_KINDS } from '../../src/store/alerts/rules.js';
import { MAIN, spawnBotProcess, type BotProcess } from '../support/bot-process.js';
import { connectTo } from '../support/alert-location.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type HeldRequest } from '../support/fake-discord.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.js';

const TOKEN = 'hosts-test-bot-token';
const CHANNEL = FAKE_IDS.otherChannel;
const ADMIN = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const ROUNDS = 20;
/** Cycles every second; the lease passes on 1 s after its holder dies; a dead process claim is retried after 1.5 s. */
const ALERT_TIMING = {
  ruleCheckPattern: '* * * * * *',
  lease: { ttlMs: 1000, renewMs: 250 },
  // 20 posts within the hour in one channel: past the default limit of 10 (which would hold the rest for the hour).
  delivery: { claimTimeoutMs: 1500, attemptsPerRun: 1, hourlyLimit: 100 },
};

interface Host {
  process: BotProcess;
  url: string;
}

let database: TestDatabase;
let fake: FakeDiscord;
let workDir: string;
let state: AlertDb;
const hosts: Host[] = [];

async function startHost(index: number): Promise<Host> {
  const process = spawnBotProcess(
    MAIN,
    ['--alert-timing', JSON.stringify(ALERT_TIMING)],
    {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: FAKE_IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
      INTERACTIONS_PORT: '0',
      INTERACTIONS_HOST: '127.0.0.1',
      DATABASE_PATH: join(workDir, `host-${index}.db`),
      STATE_DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
    },
    workDir,
  );
  const listening = await process.waitForLog((line) => line.msg === 'interactions endpoint listening', 30_000);
  return { process, url: `http://127.0.0.1:${String(listening.port)}/interactions` };
}

/** /alerts through a host: its ephemeral reply, in the HTTP answer or, once deferred, in the follow-up. */
async function alertsVia(host: Host, subcommand: string, options: Record<string, string>, group?: string): Promise<string> {
  const posted = fake.postInteraction(host.url, { command: alerts.data, subcommand, options, permissions: ADMIN, ...(group && { group }) });
  const answer = (await posted.answer).body as { type: number; data: { content: string; flags: number } };
  const followUp = () => fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${posted.token}`);
  const data = answer.type === 4 ? answer.data : ((await followUp()).body as { content: string; flags: number });
  expect(data.flags).toBe(MessageFlags.Ephemeral);
  return data.content;
}

function roundPost(round: number): NewPost {
  const key: PostKey = { guildId: FAKE_IDS.guild, rule: 'iwm-move', subject: `ROUND${round}`, period: '2026-12-07' };
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

const skip = postgresUrl() === null;

describe.skipIf(skip)('two bot processes on one PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeDiscord({ token: TOKEN, nonceWindowMs: 0 });
    workDir = mkdtempSync(join(tmpdir(), 'zombie-hosts-'));
    hosts.push(await startHost(0), await startHost(1));
    state = await connectTo(database.url);
  }, 60_000);

  afterAll(async () => {
    for (const host of hosts) await host.process.kill();
    await state?.close();
    await fake?.close();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('see the settings written through each other', async () => {
    const [a, b] = hosts as [Host, Host];
    expect(await alertsVia(a, 'channel', { channel: CHANNEL })).toContain(`Alerts will post in <#${CHANNEL}>.`);
    // Every rule off, through alternating hosts: only the posts this test queues are sent.
    for (const [index, rule] of ALERT_KINDS.entries()) {
      expect(await alertsVia(hosts[index % 2]!, 'remove', { rule }, 'rule')).toContain(`Off: `);
    }
    await alertsVia(b, 'digest', { time: '07:45', timezone: 'Europe/London' });
    const listed = (await alertsVia(b, 'list', {}, 'rule')).split('\n');
    expect(listed[0]).toBe(`Channel: <#${CHANNEL}>, posting.`);
    expect(listed[1]).toMatch(/^Digest: weekdays at 07:45 \(Europe\/London\)/);
    expect(listed.slice(3)).toEqual(ALERT_KINDS.map((kind) => expect.stringMatching(new RegExp(`^• ${kind}: off `))));
    expect((await alertsVia(a, 'list', {}, 'rule')).split('\n')).toEqual(listed);
  });

  it(`post each alert once while the posting process is killed mid-post and restarted, ${ROUNDS} times`, async () => {
    const outcomes: string[] = [];
    const killed: BotProcess[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const held: Promise<HeldRequest> = fake.holdNext('POST', `/channels/${CHANNEL}/messages`);
      const post = roundPost(round);
      expect(await enqueuePost(state, post, new Date())).toBe(true);
      const request = await Promise.race([
        held,
        sleep(30_000).then(() => {
          throw new Error(`round ${round}: no process sent the post within 30 s`);
        }),
      ]);
      expect((request.body as { nonce: string }).nonce).toBe(postRef(post.key));
      // Only the lease holder runs cycles: it is the process sending this post.
      const pid = holderPid((await leaseHolder(state, DEFAULT_LEASE.name))?.holder);
      const index = hosts.findIndex((host) => host.process.child.pid === pid);
      expect(index).toBeGreaterThanOrEqual(0);
      await hosts[index]!.process.kill();
      killed.push(hosts[index]!.process);
      const accepted = round % 2 === 1;
      if (accepted) request.accept();
      else request.drop();
      outcomes.push(accepted ? 'accepted' : 'dropped');
      // The killed host restarts while the other one takes the lease over and delivers the post.
      const restarted = startHost(index);
      await expect
        .poll(async () => (await listAlertPosts(state, FAKE_IDS.guild)).find((stored) => stored.key.subject === post.key.subject)?.status, {
          timeout: 30_000,
          interval: 100,
        })
        .toBe('sent')
        .catch(async (error: unknown) => {
          throw new Error(
            `round ${round}: ${String(error)}\n${JSON.stringify(await listAlertPosts(state, FAKE_IDS.guild))}\n${JSON.stringify(await leaseHolder(state, DEFAULT_LEASE.name))}\n${[...killed, ...hosts.map((host) => host.process)].map((p) => p.output()).join('\n----\n')}`,
          );
        });
      hosts[index] = await restarted;
      const carrying = fake.channelMessages.filter((message) => message.embeds[0]?.title === `Round ${round} alert`);
      expect(carrying, `round ${round} (${outcomes.at(-1)})`).toHaveLength(1);
    }
    const stored = (await listAlertPosts(state, FAKE_IDS.guild)).filter((post) => post.key.subject.startsWith('ROUND'));
    expect(stored.map((post) => post.status)).toEqual(Array.from({ length: ROUNDS }, () => 'sent'));
    expect(stored.map((post) => post.messageId)).toEqual(
      Array.from(
        { length: ROUNDS },
        (_, index) => fake.channelMessages.find((message) => message.embeds[0]?.title === `Round ${index + 1} alert`)?.id,
      ),
    );
    expect(fake.channelMessages).toHaveLength(ROUNDS);
    // An accepted post was found in the channel (never sent again); a dropped one was sent once more.
    const sends = fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL}/messages`);
    expect(sends).toHaveLength(ROUNDS);
  }, 300_000);
});
