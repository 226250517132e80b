// End to end: the real discord.js client logs into the fake Discord and answers interactions through the router,
// with the fixture commands in test/fixtures/commands. Assertions are on the exact bodies Discord receives.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/store/db.js';
import { startBot, type Bot } from '../../src/bot/client.js';
import { loadCommands } from '../../src/bot/commands.js';
import type { CommandModule } from '../../src/bot/command.js';
import { createLogger } from '../../src/bot/log.js';
import { interactionResponsePayload, replyMessageData } from '../../src/render/payload.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';
import { CHART_BYTES } from '../fixtures/commands/report.js';
import { SLOW_REPLY_MS } from '../fixtures/commands/slow.js';

const TOKEN = 'router-test-bot-token';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'commands');
const REF_MESSAGE = /^Something went wrong \(ref ([0-9a-f]{6})\)\. The error is logged\.$/;

let commands: Map<string, CommandModule>;
let fake: FakeDiscord;
let bot: Bot;
let db: Db;
let logLines: string[];

const command = (name: string) => commands.get(name)!.data;
const isCallbackFor = (token: string) => (request: RecordedRequest) => request.path.endsWith(`/${token}/callback`);
const logs = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  commands = await loadCommands(FIXTURES);
});

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  db = openDb(':memory:');
  logLines = [];
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: { write: (line: string) => logLines.push(line) } });
  bot = await startBot({
    config: { ...config, DISCORD_TOKEN: TOKEN },
    commands,
    context: { db, config, now: () => new Date('2024-11-06T15:00:00Z') },
    logger,
  }).catch(async (error: unknown) => {
    db.close();
    await fake.close();
    throw error;
  });
});

afterEach(async () => {
  await bot.destroy();
  db.close();
  await fake.close();
});

describe('the bot on the gateway', () => {
  it('identifies with only the Guilds intent over gateway v10 JSON', () => {
    expect(fake.gateway.identifies).toEqual([{ token: TOKEN, intents: GatewayIntentBits.Guilds }]);
    expect(fake.gateway.queries[0]?.get('v')).toBe('10');
    expect(fake.gateway.queries[0]?.get('encoding')).toBe('json');
    expect(bot.client.guilds.cache.get(FAKE_IDS.guild)?.name).toBe('Small Caps Club');
  });
});

describe('chat-input commands', () => {
  it('answers a subcommand with its embed in one callback (type 4), mentions disabled, not ephemeral', async () => {
    const sent = fake.sendChatInput({
      command: command('report'),
      subcommand: 'summary',
      options: { ticker: 'IWM', channel: FAKE_IDS.otherChannel, days: 30, detailed: true },
    });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.status).toBe(204);
    const body = callback.body as { type: number; data: Record<string, unknown> };
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.flags).toBeUndefined();
    const [embed] = body.data.embeds as { title: string; fields: { value: string }[] }[];
    expect(embed?.title).toBe('Summary for IWM');
    expect(JSON.parse(embed!.fields[0]!.value)).toEqual({
      command: 'report',
      subcommand: 'summary',
      options: { ticker: 'IWM', channel: FAKE_IDS.otherChannel, days: 30, detailed: true },
      guildId: FAKE_IDS.guild,
      channelId: FAKE_IDS.channel,
      userId: FAKE_IDS.member,
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(fake.responsesTo(sent)).toHaveLength(1);
  });

  it('sends a subcommand group reply with its file as multipart, the body equal to the shared payload builder', async () => {
    const sent = fake.sendChatInput({ command: command('report'), group: 'chart', subcommand: 'show', options: { scale: 1.5 } });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.files).toEqual([{ field: 'files[0]', name: 'chart.png', size: CHART_BYTES.length, contentType: expect.any(String) }]);
    expect(callback.body).toEqual(
      interactionResponsePayload({ content: 'Chart attached.', files: [{ name: 'chart.png', data: CHART_BYTES, description: 'IWM chart' }] }),
    );
    expect((callback.body as { data: { attachments: unknown } }).data.attachments).toEqual([
      { id: 0, filename: 'chart.png', description: 'IWM chart' },
    ]);
  });

  it('marks an ephemeral reply with flags 64 and still parses no mentions in "@everyone" content', async () => {
    const sent = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWO' } });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.body).toEqual({
      type: 4,
      data: { content: '@everyone IWO is tracked.', allowed_mentions: { parse: [] }, flags: MessageFlags.Ephemeral },
    });
  });

  it('answers a failing command ephemerally with a reference id that the log line carries, then keeps answering', async () => {
    const failed = fake.sendChatInput({ command: command('broken') });
    const callback = await fake.waitForRequest(isCallbackFor(failed.token));
    const data = (callback.body as { data: { content: string; flags: number; allowed_mentions: unknown } }).data;
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const ref = REF_MESSAGE.exec(data.content)?.[1];
    expect(ref).toBeDefined();
    const logged = logs().find((line) => line.ref === ref);
    expect(logged).toMatchObject({ level: 50, msg: 'command failed', command: '/broken', interactionId: failed.id });
    expect(JSON.stringify(logged)).toContain('upstream refused credentials [redacted]');
    expect(logLines.join('\n')).not.toContain(TOKEN);

    const next = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWM' } });
    const nextCallback = await fake.waitForRequest(isCallbackFor(next.token));
    expect((nextCallback.body as { data: { content: string } }).data.content).toBe('@everyone IWM is tracked.');
  });

  it('answers an unknown command with the ephemeral reference message', async () => {
    const sent = fake.sendChatInput({ command: { name: 'ghost', description: 'not loaded' } });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    const data = (callback.body as { data: { content: string; flags: number } }).data;
    expect(data.content).toMatch(REF_MESSAGE);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(logLines.join('\n')).toContain('no command module is loaded for /ghost');
  });
});

describe('slow commands', () => {
  it('defers (type 5) before Discord’s 3 s deadline, then edits the original with the reply', async () => {
    const sent = fake.sendChatInput({ command: command('slow') });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(sent.token), 6000);
    const [deferral, ...rest] = fake.responsesTo(sent);
    expect(deferral?.body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
    expect(deferral?.status).toBe(204);
    expect(deferral!.at - sent.sentAt).toBeGreaterThanOrEqual(1400);
    expect(deferral!.at - sent.sentAt).toBeLessThan(SLOW_REPLY_MS);
    expect(rest).toEqual([edit]);
    expect(edit.path).toBe(`/webhooks/${FAKE_IDS.application}/${sent.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.body).toEqual(replyMessageData({ embeds: [{ title: 'Slow figures', description: 'Computed in 2.5 s.' }] }));
  });

  it('replaces a public deferral with an ephemeral follow-up when the late reply is ephemeral', async () => {
    const sent = fake.sendChatInput({ command: command('slow'), options: { private: true } });
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${sent.token}`, 6000);
    const responses = fake.responsesTo(sent).map((request) => `${request.method} ${request.status}`);
    expect(responses).toEqual(['POST 204', 'DELETE 204', 'POST 200']);
    expect(followUp.query.get('wait')).toBe('true');
    expect((followUp.body as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.body).toEqual(
      replyMessageData({ embeds: [{ title: 'Slow figures', description: 'Computed in 2.5 s.' }], ephemeral: true }),
    );
  });
});

describe('autocomplete', () => {
  it('answers with the module’s choices (type 8)', async () => {
    const sent = fake.sendAutocomplete({ command: command('lookup'), focused: 'ticker', options: { ticker: 'iw' } });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: ['IWM', 'IWN', 'IWO'].map((ticker) => ({ name: ticker, value: ticker })) },
    });
  });

  it('answers no choices for a command without an autocomplete handler, logging why', async () => {
    const sent = fake.sendAutocomplete({ command: command('report'), subcommand: 'summary', focused: 'ticker' });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.body).toEqual({ type: 8, data: { choices: [] } });
    expect(logLines.join('\n')).toContain('no autocomplete handler is loaded for /report');
  });
});

describe('when Discord refuses', () => {
  it('logs a refused reply with a reference id and tells the member through a second response', async () => {
    fake.fail('POST', /\/callback$/, { status: 403 });
    const sent = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'SPY' } });
    const notice = await fake.waitForRequest((r) => isCallbackFor(sent.token)(r) && r.status === 204);
    expect(fake.responsesTo(sent).map((request) => request.status)).toEqual([403, 204]);
    const ref = REF_MESSAGE.exec((notice.body as { data: { content: string } }).data.content)?.[1];
    expect(logs().find((line) => line.ref === ref)).toMatchObject({ msg: 'could not deliver the reply' });
  });

  it('replaces the deferral with an ephemeral notice when the edit of a slow reply is refused', async () => {
    fake.fail('PATCH', /@original$/, { status: 403 });
    const sent = fake.sendChatInput({ command: command('slow') });
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${sent.token}`, 6000);
    const responses = fake.responsesTo(sent).map((request) => `${request.method} ${request.status}`);
    expect(responses).toEqual(['POST 204', 'PATCH 403', 'DELETE 204', 'POST 200']);
    const body = notice.body as { content: string; flags: number };
    expect(body.content).toMatch(REF_MESSAGE);
    expect(body.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('shutdown', () => {
  it('drains: stops taking interactions but finishes the reply in flight', async () => {
    const slow = fake.sendChatInput({ command: command('slow') });
    await expect.poll(() => bot.inFlight(), { timeout: 2000 }).toBe(1);
    const drained = bot.drain(5000);
    const ignored = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWM' } });
    await expect(drained).resolves.toBe(true);
    const answered = fake.responsesTo(slow).map((request) => request.method);
    expect(answered).toEqual(['POST', 'PATCH']);
    expect(fake.responsesTo(ignored)).toEqual([]);
  });
});
