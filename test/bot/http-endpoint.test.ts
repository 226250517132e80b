// The HTTP interactions endpoint (INTERACTIONS_PORT) against the fake Discord, which POSTs interactions signed with
// the application's Ed25519 key as Discord does, and spoiled ones as Discord sends to test an endpoint. The same
// router and fixture commands as the gateway tests (router.test.ts): assertions are on the HTTP answers and the
// exact webhook requests Discord receives.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { loadCommands } from '../../src/bot/commands.js';
import type { CommandModule } from '../../src/bot/command.js';
import { INTERACTIONS_PATH, MAX_BODY_BYTES, startHttpEndpoint, type HttpEndpoint } from '../../src/bot/http-endpoint.js';
import { BUSY_REPLY, DEFER_AFTER_MS } from '../../src/bot/router.js';
import { TIMESTAMP_TOLERANCE_S } from '../../src/bot/signature.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import { replyMessageData } from '../../src/render/payload.js';
import { openDb, type Db } from '../../src/store/db.js';
import { CHART_BYTES } from '../fixtures/commands/report.js';
import type { SlowContext } from '../fixtures/commands/slow.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type Forgery } from '../support/fake-discord.js';
import { gate, manualClock, type Gate, type ManualClock } from '../support/gate.js';

const TOKEN = 'http-endpoint-test-bot-token';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'commands');

let commands: Map<string, CommandModule>;
let fake: FakeDiscord;
let endpoint: HttpEndpoint;
let url: string;
let db: Db;
let clock: ManualClock;
let slowWork: Gate;
let logLines: string[];

async function startEndpoint(options: { maxInFlight?: number } = {}): Promise<HttpEndpoint> {
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: { write: (line: string) => logLines.push(line) } });
  const context: SlowContext = { db, config, now: () => new Date('2024-11-06T15:00:00Z'), slowWork: () => slowWork.wait() };
  return startHttpEndpoint({
    config: { ...config, DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: fake.publicKeyHex, INTERACTIONS_PORT: 0, INTERACTIONS_HOST: '127.0.0.1' },
    commands,
    context,
    logger,
    sleep: clock.sleep,
    ...options,
  });
}

const command = (name: string) => commands.get(name)!.data;
const webhookRequests = (token: string) => fake.requests.filter((request) => request.path.startsWith(`/webhooks/${FAKE_IDS.application}/${token}`));

beforeAll(async () => {
  commands = await loadCommands(FIXTURES);
});

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  db = openDb(':memory:');
  clock = manualClock();
  slowWork = gate();
  logLines = [];
  endpoint = await startEndpoint();
  url = `http://127.0.0.1:${endpoint.port}${INTERACTIONS_PATH}`;
});

afterEach(async () => {
  slowWork.release();
  await endpoint.destroy();
  db.close();
  await fake.close();
});

describe('what Discord checks when the endpoint URL is saved', () => {
  it('answers a signed PING with PONG', async () => {
    const answer = await fake.postPing(url);
    expect(answer).toMatchObject({ status: 200, body: { type: InteractionResponseType.Pong } });
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it.each<Forgery>(['bad-signature', 'no-signature', 'stale-timestamp', 'tampered-body'])('refuses a PING with a %s: 401', async (forgery) => {
    const answer = await fake.postPing(url, forgery);
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid request signature' } });
  });

  it.each<Forgery>(['bad-signature', 'no-signature', 'stale-timestamp', 'tampered-body'])(
    'never runs a command whose request has a %s',
    async (forgery) => {
      const posted = fake.postInteraction(url, { command: command('lookup'), options: { ticker: 'IWM' } }, forgery);
      expect((await posted.answer).status).toBe(401);
      expect(logLines.join('\n')).not.toContain('command answered');
      expect(fake.requests).toEqual([]);
    },
  );

  it(`accepts a timestamp up to ${TIMESTAMP_TOLERANCE_S} s from this host's clock, either way`, async () => {
    await endpoint.destroy();
    const skewed = async (offsetS: number) => {
      const started = await startHttpEndpointAt(Date.now() + offsetS * 1000);
      const answer = await fake.postPing(`http://127.0.0.1:${started.port}${INTERACTIONS_PATH}`);
      await started.destroy();
      return answer.status;
    };
    expect(await skewed(TIMESTAMP_TOLERANCE_S - 5)).toBe(200);
    expect(await skewed(-(TIMESTAMP_TOLERANCE_S - 5))).toBe(200);
    expect(await skewed(TIMESTAMP_TOLERANCE_S + 5)).toBe(401);
    expect(await skewed(-(TIMESTAMP_TOLERANCE_S + 5))).toBe(401);
    endpoint = await startEndpoint();
  });
});

/** An endpoint whose clock reads `nowMs` (to check the timestamp window). */
function startHttpEndpointAt(nowMs: number): Promise<HttpEndpoint> {
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
  return startHttpEndpoint({
    config: { ...config, DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: fake.publicKeyHex, INTERACTIONS_PORT: 0, INTERACTIONS_HOST: '127.0.0.1' },
    commands,
    context: { db, config, now: () => new Date() },
    logger: createLogger({ level: 'silent', secrets: [TOKEN] }),
    now: () => nowMs,
  });
}

describe('requests that are no interaction', () => {
  it(`refuses a body over ${MAX_BODY_BYTES / 1024} KiB with 413, before checking anything`, async () => {
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
  });

  it('refuses a signed body that is not JSON with 400, other paths with 404 and other methods with 405', async () => {
    expect(await fake.postSignedText(url, '{"type": 2, "id": ')).toMatchObject({ status: 400, body: { error: 'body is not JSON' } });
    expect((await fetch(url, { method: 'GET' })).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${endpoint.port}/other`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('refuses a signed body not shaped like an interaction with 400, without an error line or internal detail', async () => {
    for (const text of ['null', '5', '[1]', '{"type": 2}', '{"type": 4, "id": "1", "application_id": "2", "token": "t"}', '{"type": "1"}']) {
      expect(await fake.postSignedText(url, text), text).toMatchObject({ status: 400, body: { error: 'body is not an interaction' } });
    }
    expect(logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });

  it('answers a path no URL parser takes (POST //) with 404, not an error', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port: endpoint.port, method: 'POST', path: '//' }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      sent.on('error', reject);
      sent.end('{}');
    });
    expect(status).toBe(404);
    expect(logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });
});

describe('commands over HTTP: the same router as the gateway', () => {
  it('answers a ready reply in the HTTP answer (type 4), mentions disabled, within the deadline', async () => {
    const posted = fake.postInteraction(url, { command: command('report'), subcommand: 'summary', options: { ticker: 'IWM', days: 30 } });
    const answer = await posted.answer;
    expect(answer.status).toBe(200);
    expect(answer.late).toBe(false);
    const body = answer.body as { type: number; data: { allowed_mentions: unknown; embeds: { title: string; fields: { value: string }[] }[] } };
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.embeds[0]?.title).toBe('Summary for IWM');
    expect(JSON.parse(body.data.embeds[0]!.fields[0]!.value)).toMatchObject({
      guildId: FAKE_IDS.guild,
      userId: FAKE_IDS.member,
      options: { days: 30 },
    });
    expect(webhookRequests(posted.token)).toEqual([]);
  });

  it('marks an ephemeral reply with flags 64', async () => {
    const answer = await fake.postInteraction(url, { command: command('lookup'), options: { ticker: 'IWO' } }).answer;
    expect(answer.body).toEqual({
      type: 4,
      data: { content: '@everyone IWO is tracked.', allowed_mentions: { parse: [] }, flags: MessageFlags.Ephemeral },
    });
  });

  it('answers a reply with a file with a deferral, then PATCHes the original message with the file as multipart', async () => {
    const posted = fake.postInteraction(url, { command: command('report'), group: 'chart', subcommand: 'show', options: { scale: 1.5 } });
    expect((await posted.answer).body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(posted.token));
    expect(edit.path).toBe(`/webhooks/${FAKE_IDS.application}/${posted.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(edit.files).toEqual([{ field: 'files[0]', name: 'chart.png', size: CHART_BYTES.length, contentType: expect.any(String) }]);
    expect(edit.body).toEqual(
      replyMessageData({ content: 'Chart attached.', files: [{ name: 'chart.png', data: CHART_BYTES, description: 'IWM chart' }] }),
    );
    expect(edit.headers.authorization).toBeUndefined();
  });

  it('defers a slow command (type 5) and completes it with PATCH …/messages/@original', async () => {
    const posted = fake.postInteraction(url, { command: command('slow') });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS);
    expect((await posted.answer).body).toEqual({ type: 5, data: { flags: 0 } });
    slowWork.release();
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(posted.token));
    expect(edit.body).toEqual(replyMessageData({ embeds: [{ title: 'Slow figures', description: 'Computed after the deferral.' }] }));
  });

  it('replaces the public deferral with an ephemeral follow-up when the late reply is ephemeral', async () => {
    const posted = fake.postInteraction(url, { command: command('slow'), options: { private: true } });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS);
    await posted.answer;
    slowWork.release();
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${posted.token}`);
    expect(webhookRequests(posted.token).map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 204', 'POST 200']);
    expect((followUp.body as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
  });

  it('answers autocomplete with the module’s choices (type 8)', async () => {
    const answer = await fake.postInteraction(url, { command: command('lookup'), focused: 'ticker', options: { ticker: 'iw' } }).answer;
    expect(answer.body).toEqual({ type: 8, data: { choices: ['IWM', 'IWN', 'IWO'].map((ticker) => ({ name: ticker, value: ticker })) } });
  });

  it('answers a failing command ephemerally with a reference id', async () => {
    const answer = await fake.postInteraction(url, { command: command('broken') }).answer;
    const data = (answer.body as { data: { content: string; flags: number } }).data;
    expect(data.content).toMatch(/^Something went wrong \(ref [0-9a-f]{6}\)\. The error is logged\.$/);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('sheds load past the in-flight limit with the ephemeral "busy" answer', async () => {
    await endpoint.destroy();
    endpoint = await startEndpoint({ maxInFlight: 1 });
    url = `http://127.0.0.1:${endpoint.port}${INTERACTIONS_PATH}`;
    const slow = fake.postInteraction(url, { command: command('slow') });
    await slowWork.started;
    const shed = await fake.postInteraction(url, { command: command('lookup'), options: { ticker: 'IWM' } }).answer;
    expect(shed.body).toEqual({ type: 4, data: replyMessageData(BUSY_REPLY) });
    clock.advance(DEFER_AFTER_MS);
    slowWork.release();
    await slow.answer;
  });

  it('reports a refused PATCH to the member with an ephemeral follow-up instead of leaving "thinking…"', async () => {
    fake.fail('PATCH', /@original$/, { status: 403 });
    const posted = fake.postInteraction(url, { command: command('report'), group: 'chart', subcommand: 'show', options: { scale: 1 } });
    await posted.answer;
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.application}/${posted.token}`);
    expect(webhookRequests(posted.token).map((request) => `${request.method} ${request.status}`)).toEqual(['PATCH 403', 'DELETE 204', 'POST 200']);
    expect((notice.body as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('stopping', () => {
  it('answers what arrives until quiet, then closes: the reply in flight is finished, later requests find no endpoint', async () => {
    const slow = fake.postInteraction(url, { command: command('slow') });
    await slowWork.started;
    clock.advance(DEFER_AFTER_MS);
    await slow.answer;
    const stopped = endpoint.stop({ answeringMs: 10_000, quietMs: 50 });
    const meanwhile = await fake.postInteraction(url, { command: command('lookup'), options: { ticker: 'IWM' } }).answer;
    expect(meanwhile).toMatchObject({ status: 200, body: { type: 4 } });
    slowWork.release();
    await expect(stopped).resolves.toBe(true);
    expect(webhookRequests(slow.token).map((request) => request.method)).toEqual(['PATCH']);
    expect(endpoint.ready()).toBe(false);
    const after = await fetch(url, { method: 'POST', body: '{}' }).catch(() => null);
    expect(after === null || after.status === 503).toBe(true);
    expect(logLines.join('\n')).toContain('"msg":"interactions endpoint closed"');
  });
});
