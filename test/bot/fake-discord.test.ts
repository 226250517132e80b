// The fake Discord against a bare discord.js client: the routes scheduled posts and the bot rely on, its failure
// injection (429 with retry_after, 5xx, 403), the gateway heartbeat and the 3 s interaction deadline.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { type Client, DiscordAPIError, Events, REST, Routes, type APIMessage, type TextChannel } from 'discord.js';
import { createDiscordClient } from '../../src/bot/client.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const TOKEN = 'fake-discord-test-token';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let fake: FakeDiscord | undefined;
let client: Client | undefined;

async function connect(options: { heartbeatIntervalMs?: number; interactionDeadlineMs?: number } = {}): Promise<[FakeDiscord, Client]> {
  fake = await startFakeDiscord({ token: TOKEN, ...options });
  client = createDiscordClient({ DISCORD_API_URL: fake.apiUrl });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return [fake, client];
}

const channelPosts = (server: FakeDiscord) =>
  server.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${FAKE_IDS.channel}/messages`);

afterEach(async () => {
  await client?.destroy();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

describe('channel messages (scheduled posts)', () => {
  it('records a multipart post with its JSON part, file names and sizes', async () => {
    const [server, bot] = await connect();
    const channel = bot.channels.cache.get(FAKE_IDS.channel) as TextChannel;
    const message = await channel.send({ content: 'Weekly zombie beta', files: [{ attachment: PNG, name: 'weekly.png' }] });
    const [post] = channelPosts(server);
    expect(post?.body).toMatchObject({ content: 'Weekly zombie beta', allowed_mentions: { parse: [] } });
    expect(post?.files).toEqual([{ field: 'files[0]', name: 'weekly.png', size: PNG.length, contentType: expect.any(String) }]);
    expect(message.attachments.first()?.name).toBe('weekly.png');
    expect(server.channelMessages).toHaveLength(1);
  });

  it('answers 429 with retry_after, which discord.js waits out before retrying', async () => {
    const [server, bot] = await connect();
    server.fail('POST', `/channels/${FAKE_IDS.channel}/messages`, { status: 429, retryAfterSeconds: 0.3 });
    await (bot.channels.cache.get(FAKE_IDS.channel) as TextChannel).send('after the limit');
    const [limited, accepted] = channelPosts(server);
    expect([limited?.status, accepted?.status]).toEqual([429, 200]);
    expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(290);
  });

  it('answers 5xx, which discord.js retries', async () => {
    const [server, bot] = await connect();
    server.fail('POST', /^\/channels\/\d+\/messages$/, { status: 502, times: 2 });
    await (bot.channels.cache.get(FAKE_IDS.channel) as TextChannel).send('eventually');
    expect(channelPosts(server).map((request) => request.status)).toEqual([502, 502, 200]);
  });

  it('answers 403 Missing Permissions, which the caller receives as a DiscordAPIError', async () => {
    const [server, bot] = await connect();
    server.fail('POST', `/channels/${FAKE_IDS.channel}/messages`, { status: 403 });
    const sent = (bot.channels.cache.get(FAKE_IDS.channel) as TextChannel).send('refused');
    await expect(sent).rejects.toMatchObject({ status: 403, code: 50013 });
  });

  it('refuses a post to a channel outside the fake guild with Unknown Channel', async () => {
    const [, bot] = await connect();
    const posted = bot.rest.post(Routes.channelMessages('9999999999999999999'), { body: { content: 'lost' } });
    await expect(posted).rejects.toMatchObject({ status: 404, code: 10003 });
  });
});

describe('message nonces, channel history and lost answers', () => {
  it('returns the earlier message for a repeated nonce with enforce_nonce, and lists messages newest first without nonces', async () => {
    const server = await startFakeDiscord({ token: TOKEN });
    fake = server;
    const rest = new REST({ version: '10', api: server.apiUrl }).setToken(TOKEN);
    const route = Routes.channelMessages(FAKE_IDS.channel);
    const first = (await rest.post(route, { body: { content: 'a', nonce: 'n1', enforce_nonce: true } })) as APIMessage;
    const again = (await rest.post(route, { body: { content: 'a', nonce: 'n1', enforce_nonce: true } })) as APIMessage;
    const other = (await rest.post(route, { body: { content: 'b', nonce: 'n2', enforce_nonce: true } })) as APIMessage;
    expect(again.id).toBe(first.id);
    expect(first.nonce).toBe('n1');
    expect(server.channelMessages).toHaveLength(2);
    const recent = (await rest.get(route, { query: new URLSearchParams({ limit: '1' }) })) as APIMessage[];
    expect(recent.map((m) => [m.id, m.nonce])).toEqual([[other.id, undefined]]);
  });

  it('forgets a nonce after its window, as Discord does after a few minutes', async () => {
    const server = await startFakeDiscord({ token: TOKEN, nonceWindowMs: 0 });
    fake = server;
    const rest = new REST({ version: '10', api: server.apiUrl }).setToken(TOKEN);
    for (let i = 0; i < 2; i += 1)
      await rest.post(Routes.channelMessages(FAKE_IDS.channel), { body: { content: 'a', nonce: 'n1', enforce_nonce: true } });
    expect(server.channelMessages).toHaveLength(2);
  });

  it('accepts a post and then drops the connection without answering', async () => {
    const server = await startFakeDiscord({ token: TOKEN });
    fake = server;
    const rest = new REST({ version: '10', api: server.apiUrl }).setToken(TOKEN);
    server.acceptThenDrop('POST', `/channels/${FAKE_IDS.channel}/messages`);
    await expect(rest.post(Routes.channelMessages(FAKE_IDS.channel), { body: { content: 'a' } })).rejects.toThrow(/other side closed/);
    expect(server.channelMessages).toHaveLength(1);
  });
});

describe('bot identity routes', () => {
  it('serves /users/@me and /applications/@me to the bot token only', async () => {
    const [server, bot] = await connect();
    await expect(bot.rest.get(Routes.user())).resolves.toMatchObject({ id: FAKE_IDS.botUser, bot: true });
    await expect(bot.application!.fetch()).resolves.toMatchObject({ id: FAKE_IDS.application });
    const stranger = await fetch(`${server.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong-token' } });
    expect(stranger.status).toBe(401);
  });

  it('rejects a login with the wrong token', async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    client = createDiscordClient({ DISCORD_API_URL: fake.apiUrl });
    await expect(client.login('not-the-token')).rejects.toThrow(/invalid token/i);
  });
});

describe('gateway', () => {
  it('acknowledges heartbeats so the client measures a ping', async () => {
    const [server, bot] = await connect({ heartbeatIntervalMs: 100 });
    await expect.poll(() => server.gateway.heartbeats, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(bot.ws.ping).toBeGreaterThanOrEqual(0);
    expect(server.gateway.connections).toBe(1);
  });
});

describe('interaction deadline', () => {
  it('refuses a first response after the deadline with Unknown interaction (10062)', async () => {
    const [server, bot] = await connect({ interactionDeadlineMs: 100 });
    const outcome = new Promise<unknown>((resolve) => {
      bot.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        setTimeout(() => interaction.reply('too late').then(resolve, resolve), 200);
      });
    });
    server.sendChatInput({ command: { name: 'late', description: 'late' } });
    const error = await outcome;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 404, code: 10062 });
  });

  it('refuses a second acknowledgement with 40060', async () => {
    const [server, bot] = await connect();
    const outcome = new Promise<unknown>((resolve) => {
      bot.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const route = Routes.interactionCallback(interaction.id, interaction.token);
        const body = { type: 4, data: { content: 'once' } };
        void bot.rest
          .post(route, { body, auth: false })
          .then(() => bot.rest.post(route, { body, auth: false }))
          .then(resolve, resolve);
      });
    });
    server.sendChatInput({ command: { name: 'twice', description: 'twice' } });
    await expect(outcome).resolves.toMatchObject({ status: 400, code: 40060 });
  });
});
