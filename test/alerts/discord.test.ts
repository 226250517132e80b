// Scheduled posts as Discord receives them: discord.js REST (what the bot's client uses) against the local fake
// Discord — the channel message with its embeds, the chart as a multipart file, and Discord's 429/5xx/403/404.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { discordChannel } from '../../src/alerts/poster.js';
import { DEFAULT_SCHEDULER_OPTIONS, runAlertCycle } from '../../src/alerts/scheduler.js';
import type { AlertState } from '../../src/alerts/state.js';
import { takeNotices } from '../../src/store/alerts/notices.js';
import { listAlertPosts, readPostMessage } from '../../src/store/alerts/outbox.js';
import { getAlertSettings, saveAlertChannel } from '../../src/store/alerts/settings.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb } from '../../src/store/db.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';
import { PNG, SUMMARY_EMBED, quietState, readCloses, silentLogger, sourcesOf } from './support.js';

const TOKEN = 'alerts-discord-test-token';
const SETUP = new Date('2024-11-01T12:00:00Z');
const MORNING = new Date('2024-11-06T14:30:00Z');
const GUILD = FAKE_IDS.guild;
const CHANNEL = FAKE_IDS.otherChannel;

let fake: FakeDiscord;
let rest: REST;
let db: AlertDb;

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  rest = new REST({ version: '10', api: fake.apiUrl }).setToken(TOKEN);
  db = sqliteAlertDb(openDb(':memory:'));
  await saveAlertChannel(db, GUILD, CHANNEL, SETUP);
});

afterEach(async () => {
  await db.close();
  await fake.close();
});

const electionDay = (): AlertState => quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06') });

function cycle(state: AlertState, at = MORNING, chart: Buffer | null = PNG) {
  return runAlertCycle(
    {
      store: db,
      ...discordChannel(rest),
      now: () => at,
      logger: silentLogger,
      options: { ...DEFAULT_SCHEDULER_OPTIONS, delivery: { ...DEFAULT_SCHEDULER_OPTIONS.delivery, sleep: async () => undefined } },
      ...sourcesOf({ state }, chart),
    },
    DEFAULT_SCHEDULER_OPTIONS.missedDigestGraceMs,
  );
}

const channelPosts = (channelId = CHANNEL): RecordedRequest[] =>
  fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`);

describe('the posts as Discord receives them', () => {
  it('posts the digest as a channel message with both embeds and the chart uploaded as files[0]', async () => {
    await cycle(quietState());
    const [post] = channelPosts();
    expect(post?.status).toBe(200);
    expect(post?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(post?.body).toMatchObject({
      content: 'Zombie beta digest for 2024-11-06',
      allowed_mentions: { parse: [] },
      enforce_nonce: true,
      attachments: [{ id: 0, filename: 'zombie-digest.png' }],
    });
    const body = post!.body as { embeds: { title?: string; image?: { url: string } }[]; nonce: string };
    expect(body.embeds.map((embed) => embed.title)).toEqual([SUMMARY_EMBED.title, 'What changed since the previous digest']);
    expect(body.embeds[1]?.image).toEqual({ url: 'attachment://zombie-digest.png' });
    expect(body.nonce).toMatch(/^[\w-]{25}$/);
    expect(post?.files).toEqual([{ field: 'files[0]', name: 'zombie-digest.png', size: PNG.length, contentType: expect.any(String) }]);
    const [message] = fake.channelMessages;
    expect(message?.channel_id).toBe(CHANNEL);
    expect(message?.attachments.map((attachment) => attachment.filename)).toEqual(['zombie-digest.png']);
    const [stored] = await listAlertPosts(db, GUILD);
    expect(stored?.messageId).toBe(message?.id);
    expect((await readPostMessage(db, stored!.id)).files).toEqual([]); // the chart is not kept once sent
  });

  it('posts an alert without a file as plain JSON with one embed', async () => {
    await cycle(electionDay(), MORNING, null);
    const alert = channelPosts().find((request) => (request.body as { embeds: { title: string }[] }).embeds[0]?.title.startsWith('IWM'));
    expect(alert?.headers['content-type']).toMatch(/^application\/json/);
    expect(alert?.files).toEqual([]);
    expect(alert?.body).toMatchObject({
      embeds: [
        {
          title: 'IWM closed +5.8% on 2024-11-06',
          footer: { text: expect.stringMatching(/^IWM move alert · adjust with \/alerts rule · ref [\w-]{25}$/) },
        },
      ],
      allowed_mentions: { parse: [] },
      enforce_nonce: true,
    });
    const body = alert?.body as { nonce: string; embeds: { footer: { text: string } }[] };
    expect(body.embeds[0]!.footer.text.endsWith(`ref ${body.nonce}`)).toBe(true);
    expect(fake.channelMessages).toHaveLength(2);
  });
});

describe('exactly once across a lost answer or a crash', () => {
  const gets = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`);

  it('records a post Discord accepted but whose answer was lost, found in the channel, without posting again', async () => {
    fake.acceptThenDrop('POST', `/channels/${CHANNEL}/messages`);
    const report = await cycle(quietState());
    expect(report.deliveries[0]?.sent.map((key) => key.rule)).toEqual(['digest']);
    expect(channelPosts()).toHaveLength(1);
    expect(gets()).toHaveLength(1);
    expect(fake.channelMessages).toHaveLength(1);
    expect((await listAlertPosts(db, GUILD))[0]).toMatchObject({ status: 'sent', messageId: fake.channelMessages[0]!.id });
  });

  it('after a crash between Discord accepting a post and the bot recording it, the next run finds it (Discord forgot the nonce)', async () => {
    await fake.close();
    fake = await startFakeDiscord({ token: TOKEN, nonceWindowMs: 0 });
    rest = new REST({ version: '10', api: fake.apiUrl }).setToken(TOKEN);
    const channel = discordChannel(rest);
    // The first process: Discord accepts each post, then the process dies before recording it.
    const dying = runAlertCycle(
      {
        store: db,
        post: async (channelId, message) => {
          await channel.post(channelId, message);
          return new Promise(() => undefined);
        },
        findPosted: channel.findPosted,
        now: () => MORNING,
        logger: silentLogger,
        options: DEFAULT_SCHEDULER_OPTIONS,
        ...sourcesOf({ state: quietState() }, PNG),
      },
      DEFAULT_SCHEDULER_OPTIONS.missedDigestGraceMs,
    );
    void dying;
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`);
    expect((await listAlertPosts(db, GUILD)).map((post) => post.status)).toEqual(['pending']);

    // Eleven minutes later the claim is stale: the next run looks in the channel first and records the message.
    await cycle(quietState(), new Date(MORNING.getTime() + 11 * 60_000));
    expect(channelPosts()).toHaveLength(1);
    expect(fake.channelMessages).toHaveLength(1);
    expect((await listAlertPosts(db, GUILD))[0]).toMatchObject({ status: 'sent', attempts: 2, messageId: fake.channelMessages[0]!.id });
  });
});

describe("Discord's failures through discord.js", () => {
  it('waits out a 429 (discord.js honours retry_after) and posts once', async () => {
    fake.fail('POST', `/channels/${CHANNEL}/messages`, { status: 429, retryAfterSeconds: 0.2 });
    await cycle(quietState());
    expect(channelPosts().map((request) => request.status)).toEqual([429, 200]);
    expect(fake.channelMessages).toHaveLength(1);
  });

  it('gets through 5xx answers (discord.js retries, then ours) and posts once', async () => {
    fake.fail('POST', `/channels/${CHANNEL}/messages`, { status: 502, times: 5 });
    await cycle(quietState());
    // discord.js tries 4 times per call; before our second call we look in the channel (the post might be there),
    // then that call gets the fifth 502 and succeeds.
    expect(channelPosts().map((request) => request.status)).toEqual([502, 502, 502, 502, 502, 200]);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`)).toHaveLength(1);
    expect(fake.channelMessages).toHaveLength(1);
  });

  it('pauses the server and stores a notice on 403 Missing Permissions, without crashing', async () => {
    fake.fail('POST', `/channels/${CHANNEL}/messages`, { status: 403 });
    const report = await cycle(electionDay());
    expect(report.deliveries[0]?.pausedReason).toBe(`Discord refused posting in <#${CHANNEL}>: 403 Missing Permissions (code 50013)`);
    expect(channelPosts()).toHaveLength(1);
    expect((await takeNotices(db, GUILD, MORNING))[0]).toContain(
      'Give the bot View Channel, Send Messages, Read Message History, Embed Links and Attach Files',
    );
  });

  it('pauses the server when its channel is gone (404 Unknown Channel)', async () => {
    await saveAlertChannel(db, GUILD, '9999999999999999999', SETUP);
    await cycle(quietState());
    expect((await getAlertSettings(db, GUILD))?.pausedReason).toBe(
      'Discord refused posting in <#9999999999999999999>: 404 Unknown Channel (code 10003)',
    );
    expect(fake.channelMessages).toHaveLength(0);
  });
});

describe('the stop signal', () => {
  it('stays free of listeners however many posts go out under it, and aborts a post under way', async () => {
    const { post, findPosted } = discordChannel(rest);
    const stop = new AbortController();
    const message = { body: { content: 'hello' }, files: [] };
    for (let i = 0; i < 15; i++) await post(CHANNEL, message, stop.signal);
    await findPosted(CHANNEL, 'no-such-ref', stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    fake.acceptThenDrop('POST', `/channels/${CHANNEL}/messages`);
    const cut = post(CHANNEL, message, stop.signal);
    stop.abort();
    await expect(cut).rejects.toThrow(/abort/i);
  });
});
