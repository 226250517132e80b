// End to end: the real discord.js client logs into the fake Discord and answers interactions through the router,
// with the fixture commands in test/fixtures/commands. Assertions are on the exact bodies Discord receives.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/store/db.js';
import { startBot, type Bot, type BotOptions } from '../../src/bot/client.js';
import { loadCommands } from '../../src/bot/commands.js';
import type { CommandModule } from '../../src/bot/command.js';
import { createLogger } from '../../src/core/log.js';
import { AUTOCOMPLETE_TIMEOUT_MS, BUSY_REPLY, DEFER_AFTER_MS } from '../../src/bot/router.js';
import { interactionResponsePayload, replyMessageData } from '../../src/render/payload.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';
import { CHART_BYTES } from '../fixtures/commands/report.js';
import type { SlowContext } from '../fixtures/commands/slow.js';
import { gate, manualClock, type Gate, type ManualClock } from '../support/gate.js';

const TOKEN = 'router-test-bot-token';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'commands');
const REF_MESSAGE = /^Something went wrong \(ref ([0-9a-f]{6})\)\. The error is logged\.$/;

let commands: Map<string, CommandModule>;
let fake: FakeDiscord;
let bot: Bot;
let db: Db;
let logLines: string[];
let clock: ManualClock;
let slowWork: Gate;

async function startTestBot(options: Pick<BotOptions, 'maxInFlight'> = {}): Promise<Bot> {
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: { write: (line: string) => logLines.push(line) } });
  const context: SlowContext = { db, config, now: () => new Date('2024-11-06T15:00:00Z'), slowWork: () => slowWork.wait() };
  return startBot({ config: { ...config, DISCORD_TOKEN: TOKEN }, commands, context, logger, sleep: clock.sleep, ...options });
}

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
  clock = manualClock();
  slowWork = gate();
  bot = await startTestBot().catch(async (error: unknown) => {
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
    expect(fake.gateway.identifies).toEqual([{ token: TOKEN, intents: GatewayIntentBits.Guilds, shard: [0, 1] }]);
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
  /** Sends /slow and lets its work outlast the defer threshold: returns once the deferral reached Discord. */
  async function sendAndDefer(options: Record<string, boolean> = {}) {
    const sent = fake.sendChatInput({ command: command('slow'), options });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.responsesTo(sent)).toEqual([]);
    clock.advance(1);
    const deferral = await fake.waitForRequest(isCallbackFor(sent.token));
    return { sent, deferral };
  }

  it('defers (type 5) once its work outlasts the defer threshold, then edits the original with the reply', async () => {
    const { sent, deferral } = await sendAndDefer();
    expect(deferral.body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
    expect(deferral.status).toBe(204);
    slowWork.release();
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(sent.token));
    expect(fake.responsesTo(sent)).toEqual([deferral, edit]);
    expect(edit.path).toBe(`/webhooks/${FAKE_IDS.application}/${sent.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.body).toEqual(replyMessageData({ embeds: [{ title: 'Slow figures', description: 'Computed after the deferral.' }] }));
  });

  it('answers with one callback, not deferred, when the work ends within the threshold', async () => {
    const sent = fake.sendChatInput({ command: command('slow') });
    await slowWork.started;
    slowWork.release();
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect((callback.body as { type: number }).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    await expect.poll(() => bot.inFlight()).toBe(0);
    expect(fake.responsesTo(sent)).toEqual([callback]);
  });

  it('replaces a public deferral with an ephemeral follow-up when the late reply is ephemeral', async () => {
    const { sent } = await sendAndDefer({ private: true });
    slowWork.release();
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${sent.token}`);
    const responses = fake.responsesTo(sent).map((request) => `${request.method} ${request.status}`);
    expect(responses).toEqual(['POST 204', 'DELETE 204', 'POST 200']);
    expect(followUp.query.get('wait')).toBe('true');
    expect((followUp.body as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.body).toEqual(
      replyMessageData({ embeds: [{ title: 'Slow figures', description: 'Computed after the deferral.' }], ephemeral: true }),
    );
  });
});

describe('load shedding', () => {
  it('answers "busy" ephemerally at once past the in-flight limit, and answers normally once there is room', async () => {
    await bot.destroy();
    bot = await startTestBot({ maxInFlight: 1 });
    const slow = fake.sendChatInput({ command: command('slow') });
    await slowWork.started;
    const shed = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWM' } });
    const busy = await fake.waitForRequest(isCallbackFor(shed.token));
    expect(busy.status).toBe(204);
    expect(busy.body).toEqual({ type: InteractionResponseType.ChannelMessageWithSource, data: replyMessageData(BUSY_REPLY) });
    expect((busy.body as { data: { flags: number } }).data.flags).toBe(MessageFlags.Ephemeral);
    expect(logs().find((line) => line.interactionId === shed.id)).toMatchObject({ level: 40, inFlight: 1 });

    slowWork.release();
    await fake.waitForRequest(isCallbackFor(slow.token));
    await expect.poll(() => bot.inFlight()).toBe(0);
    const next = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWM' } });
    const answer = await fake.waitForRequest(isCallbackFor(next.token));
    expect((answer.body as { data: { content: string } }).data.content).toBe('@everyone IWM is tracked.');
  });

  it('answers "busy" when the command cannot start its work now, logged as a warning, not an error', async () => {
    const sent = fake.sendChatInput({ command: command('broken'), options: { busy: true } });
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.body).toEqual({ type: InteractionResponseType.ChannelMessageWithSource, data: replyMessageData(BUSY_REPLY) });
    const lines = logs().filter((line) => line.interactionId === sent.id);
    expect(lines.find((line) => line.reason === '24 charts are waiting to be drawn')).toMatchObject({ level: 40 });
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
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

  it('answers no choices once the module outlasts the autocomplete time limit, logging why', async () => {
    const sent = fake.sendAutocomplete({ command: command('slow'), focused: 'pick', options: { pick: 'a' } });
    await slowWork.started;
    clock.advance(AUTOCOMPLETE_TIMEOUT_MS - 1);
    expect(fake.responsesTo(sent)).toEqual([]);
    clock.advance(1);
    const callback = await fake.waitForRequest(isCallbackFor(sent.token));
    expect(callback.body).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
    expect(logs().find((line) => line.interactionId === sent.id)).toMatchObject({ level: 40, timeoutMs: AUTOCOMPLETE_TIMEOUT_MS });
    slowWork.release();
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

  it('logs one warning and sends nothing more when the interaction expired before its first response (10062)', async () => {
    await bot.destroy();
    await fake.close();
    fake = await startFakeDiscord({ token: TOKEN, interactionDeadlineMs: -1 });
    bot = await startTestBot();
    const sent = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'SPY' } });
    await fake.waitForRequest(isCallbackFor(sent.token));
    await expect
      .poll(() => logs().find((line) => line.interactionId === sent.id && line.level === 40))
      .toMatchObject({
        msg: 'the interaction expired before its first response reached Discord',
        status: 404,
      });
    expect(fake.responsesTo(sent).map((request) => request.status)).toEqual([404]);
    expect(logs().filter((line) => line.interactionId === sent.id && (line.level as number) >= 50)).toEqual([]);
  });

  it('replaces the deferral with an ephemeral notice when the edit of a slow reply is refused', async () => {
    fake.fail('PATCH', /@original$/, { status: 403 });
    const sent = fake.sendChatInput({ command: command('slow') });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS);
    await fake.waitForRequest(isCallbackFor(sent.token));
    slowWork.release();
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${sent.token}`);
    const responses = fake.responsesTo(sent).map((request) => `${request.method} ${request.status}`);
    expect(responses).toEqual(['POST 204', 'PATCH 403', 'DELETE 204', 'POST 200']);
    const body = notice.body as { content: string; flags: number };
    expect(body.content).toMatch(REF_MESSAGE);
    expect(body.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('stop', () => {
  it('finishes the reply in flight, answers what arrives meanwhile, then closes the gateway', async () => {
    const slow = fake.sendChatInput({ command: command('slow') });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS);
    await fake.waitForRequest(isCallbackFor(slow.token));
    const stopped = bot.stop({ answeringMs: 10_000, quietMs: 50 });
    const meanwhile = fake.sendChatInput({ command: command('lookup'), options: { ticker: 'IWM' } });
    await fake.waitForRequest(isCallbackFor(meanwhile.token));
    expect(bot.client.isReady()).toBe(true);
    slowWork.release();
    await expect(stopped).resolves.toBe(true);
    expect(fake.responsesTo(slow).map((request) => request.method)).toEqual(['POST', 'PATCH']);
    expect(fake.responsesTo(meanwhile).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204']);
    expect(bot.client.isReady()).toBe(false);
  });
});
