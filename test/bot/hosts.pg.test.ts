// Two bot processes ("hosts") serving one application over HTTP interactions, sharing their state on one real
// PostgreSQL (STATE_DATABASE_URL): settings written through one host are read through the other, and every alert is
// posted once while the process posting it is killed (SIGKILL) mid-post and restarted, 20 times. The fake Discord
// holds each alert's POST until the test has killed its sender, then either processes it (Discord accepted the post
// but the bot died before it heard back) or drops it (the post never arrived); Discord's nonce is switched off, so
// only the outbox claims and the look in the channel keep a post single. Each round is bounded (test/support/
// kill-rounds.ts): the lease passes on within 1 s of its holder's death, a dead process's claim is taken over after
// 1.5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import * as alerts from '../../commands/alerts.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { listAlertPosts } from '../../src/store/alerts/outbox.js';
import { ALERT_KINDS } from '../../src/store/alerts/rules.js';
import { connectTo } from '../support/alert-location.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { hostFleet, killRound, type Fleet, type Host, type RoundResult } from '../support/kill-rounds.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.js';

const TOKEN = 'hosts-test-bot-token';
const CHANNEL = FAKE_IDS.otherChannel;
const ADMIN = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const ROUNDS = 20;

let database: TestDatabase;
let fake: FakeDiscord;
let workDir: string;
let state: AlertDb;
let fleet: Fleet;

/** /alerts through a host: its ephemeral reply, in the HTTP answer or, once deferred, in the follow-up. */
async function alertsVia(host: Host, subcommand: string, options: Record<string, string>, group?: string): Promise<string> {
  const posted = fake.postInteraction(host.url, { command: alerts.data, subcommand, options, permissions: ADMIN, ...(group && { group }) });
  const answer = (await posted.answer).body as { type: number; data: { content: string; flags: number } };
  const followUp = () => fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${posted.token}`);
  const data = answer.type === 4 ? answer.data : ((await followUp()).body as { content: string; flags: number });
  expect(data.flags).toBe(MessageFlags.Ephemeral);
  return data.content;
}

describe.skipIf(postgresUrl() === null)('two bot processes on one PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeDiscord({ token: TOKEN, nonceWindowMs: 0 });
    workDir = mkdtempSync(join(tmpdir(), 'zombie-hosts-'));
    fleet = hostFleet(fake, { token: TOKEN, stateUrl: database.url, workDir });
    await Promise.all([fleet.start(0), fleet.start(1)]);
    state = await connectTo(database.url);
  }, 60_000);

  afterAll(async () => {
    await fleet?.stop();
    await state?.close();
    await fake?.close();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('see the settings written through each other', async () => {
    const [a, b] = fleet.hosts as [Host, Host];
    expect(await alertsVia(a, 'channel', { channel: CHANNEL })).toContain(`Alerts will post in <#${CHANNEL}>.`);
    // Every rule off, through alternating hosts: only the posts this test queues are sent.
    for (const [index, rule] of ALERT_KINDS.entries()) {
      expect(await alertsVia(fleet.hosts[index % 2]!, 'remove', { rule }, 'rule')).toContain('Off: ');
    }
    await alertsVia(b, 'digest', { time: '07:45', timezone: 'Europe/London' });
    const listed = (await alertsVia(b, 'list', {}, 'rule')).split('\n');
    expect(listed[0]).toBe(`Channel: <#${CHANNEL}>, posting.`);
    expect(listed[1]).toMatch(/^Digest: weekdays at 07:45 \(Europe\/London\)/);
    expect(listed.slice(3)).toEqual(ALERT_KINDS.map((kind) => expect.stringMatching(new RegExp(`^• ${kind}: off `))));
    expect((await alertsVia(a, 'list', {}, 'rule')).split('\n')).toEqual(listed);
  });

  it(`post each alert once while the posting process is killed mid-post and restarted, ${ROUNDS} times`, async () => {
    const rounds: RoundResult[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) rounds.push(await killRound(fake, fleet, state, CHANNEL, round));
    expect(rounds.map((result) => `${result.round} ${result.outcome}: ${result.copies}`)).toEqual(
      rounds.map((result) => `${result.round} ${result.outcome}: 1`),
    );
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
