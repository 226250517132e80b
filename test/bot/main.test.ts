// What `npm start` runs (src/bot/main.ts) against the fake Discord: in-process, main() answers every command module
// in commands/, shuts down cleanly and refuses to start without its configuration or with a rejected token; as a
// separate process (the two smoke tests), it exits 0 on SIGTERM after finishing the reply in flight, survives
// failing interactions and stray rejections, and never prints the token.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from '../../src/bot/commands.js';
import { main, type RunningBot } from '../../src/bot/main.js';
import {
  FAKE_IDS,
  startFakeDiscord,
  type FakeDiscord,
  type Invocation,
  type RecordedRequest,
  type SentInteraction,
} from '../support/fake-discord.js';
import { spawnBotProcess, type BotProcess } from '../support/bot-process.js';
import { COMMAND_FIXTURES, sourceArgs } from '../support/sources.js';

const TOKEN = 'main-process-secret-token-value';
const REF_MESSAGE = /^Something went wrong \(ref [0-9a-f]{6}\)\. The error is logged\.$/;

let fake: FakeDiscord;
let workDir: string;
let running: BotProcess | undefined;

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-bot-'));
});

afterEach(async () => {
  await running?.kill();
  running = undefined;
  await fake.close();
  rmSync(workDir, { recursive: true, force: true });
});

const databasePath = () => join(workDir, 'zombie.db');

/** The bot's environment in these tests: the fake Discord, the test's database, and `env` on top. */
const botEnv = (env: Record<string, string>) => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_APP_ID: FAKE_IDS.application,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_PATH: databasePath(),
  LOG_LEVEL: 'info',
  ...env,
});

/** Runs main() in this process with the test's environment; its log lines and stderr collect in `output()`. */
async function startBotInProcess(args: string[], env: Record<string, string> = {}): Promise<{ started: RunningBot | number; output(): string }> {
  let output = '';
  const started = await main({
    argv: args,
    env: botEnv(env),
    stderr: (text) => (output += text),
    logDestination: { write: (line: string) => (output += line) },
  });
  return { started, output: () => output };
}

function startBotProcess(args: string[], env: Record<string, string> = {}): BotProcess {
  running = spawnBotProcess([...sourceArgs('src/bot/main.ts'), ...args], botEnv(env), workDir);
  return running;
}

/** The bot's final answer to an interaction: its callback, then the edit or follow-up when it deferred. */
async function finalAnswer(sent: SentInteraction, timeoutMs = 10_000): Promise<RecordedRequest> {
  const callback = await fake.waitForRequest((r) => r.path.endsWith(`/${sent.token}/callback`), timeoutMs);
  if ((callback.body as { type: number }).type !== 5) return callback;
  return fake.waitForRequest((r) => r.path.includes(`/webhooks/${FAKE_IDS.application}/${sent.token}`) && r.method !== 'DELETE', timeoutMs);
}

/** A value Discord would accept for a required option: its first choice, its minimum, or a plain value. */
function sampleValue(option: APIApplicationCommandOption): string | number | boolean {
  const first = 'choices' in option ? option.choices?.[0]?.value : undefined;
  if (first !== undefined) return first;
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return option.min_value ?? 1;
    case ApplicationCommandOptionType.Boolean:
      return false;
    case ApplicationCommandOptionType.Channel:
      return FAKE_IDS.channel;
    case ApplicationCommandOptionType.User:
      return FAKE_IDS.member;
    default:
      return 'IWM';
  }
}

/** One invocation per subcommand (in every group) of a command, required options filled in. */
function invocationsOf(command: Invocation['command']): Invocation[] {
  const withRequired = (base: Invocation, options: readonly APIApplicationCommandOption[]): Invocation => ({
    ...base,
    options: Object.fromEntries(options.filter((o) => 'required' in o && o.required).map((o) => [o.name, sampleValue(o)])),
  });
  const top = command.options ?? [];
  const subcommands = top.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const groups = top.filter((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (subcommands.length === 0 && groups.length === 0) return [withRequired({ command }, top)];
  return [
    ...subcommands.map((sub) => withRequired({ command, subcommand: sub.name }, sub.options ?? [])),
    ...groups.flatMap((group) =>
      (group.options ?? []).map((sub) => withRequired({ command, group: group.name, subcommand: sub.name }, sub.options ?? [])),
    ),
  ];
}

describe('npm start: main() in-process', () => {
  it('answers every subcommand of every command module, within the deadline and with mentions disabled', async () => {
    const realCommands = await loadCommands(DEFAULT_COMMANDS_DIR);
    const commands = realCommands.size > 0 ? realCommands : await loadCommands(COMMAND_FIXTURES);
    const bot = await startBotInProcess(realCommands.size > 0 ? [] : ['--commands', COMMAND_FIXTURES]);
    if (typeof bot.started === 'number') throw new Error(`main() could not start:\n${bot.output()}`);
    await fake.waitForSession(15_000);
    const invocations = [...commands.values()].flatMap((module) => invocationsOf(module.data));
    const sent = invocations.map((invocation) => [invocation, fake.sendChatInput(invocation)] as const);
    for (const [invocation, interaction] of sent) {
      const label = [`/${invocation.command.name}`, invocation.group, invocation.subcommand].filter(Boolean).join(' ');
      const answer = await finalAnswer(interaction);
      expect(fake.responsesTo(interaction)[0]?.status, `first response to ${label}`).toBe(204);
      expect(answer.status, `answer to ${label}`).toBeLessThan(300);
      const data = (answer.body as { data?: Record<string, unknown> }).data ?? (answer.body as Record<string, unknown>);
      expect(data.allowed_mentions, `mentions in the answer to ${label}`).toEqual({ parse: [] });
    }
    expect(sent.length).toBeGreaterThanOrEqual(commands.size);
    await bot.started.shutdown('SIGTERM');
    expect(bot.output()).toContain('"msg":"stopped"');
  }, 60_000);

  it('returns 1 without printing the token when Discord rejects it', async () => {
    const bot = await startBotInProcess(['--commands', COMMAND_FIXTURES], { DISCORD_TOKEN: 'a-wrong-but-secret-token' });
    expect(bot.started).toBe(1);
    expect(bot.output()).toContain('could not start the bot');
    expect(bot.output()).not.toContain('a-wrong-but-secret-token');
  });

  it('with INTERACTIONS_PORT answers signed interactions over HTTP and never connects to the gateway', async () => {
    const bot = await startBotInProcess(['--commands', COMMAND_FIXTURES], {
      INTERACTIONS_PORT: '0',
      INTERACTIONS_HOST: '127.0.0.1',
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
    });
    if (typeof bot.started === 'number') throw new Error(`main() could not start:\n${bot.output()}`);
    const port = /"msg":"interactions endpoint listening"/.test(bot.output()) ? Number(/"port":(\d+)/.exec(bot.output())?.[1]) : Number.NaN;
    const url = `http://127.0.0.1:${port}/interactions`;
    expect((await fake.postPing(url)).body).toEqual({ type: 1 });
    expect((await fake.postPing(url, 'bad-signature')).status).toBe(401);
    const lookup = (await loadCommands(COMMAND_FIXTURES)).get('lookup')!.data;
    const answer = await fake.postInteraction(url, { command: lookup, options: { ticker: 'IWM' } }).answer;
    expect((answer.body as { data: { content: string } }).data.content).toBe('@everyone IWM is tracked.');
    expect(fake.gateway.connections).toBe(0);
    await bot.started.shutdown('SIGTERM');
    expect(bot.output()).toContain('"msg":"stopped"');
    expect((await fetch(url, { method: 'POST' }).catch(() => null))?.status ?? 'closed').toBe('closed');
  });

  it('returns 1 when INTERACTIONS_PORT is set without the public key', async () => {
    const bot = await startBotInProcess(['--commands', COMMAND_FIXTURES], { INTERACTIONS_PORT: '0' });
    expect(bot.started).toBe(1);
    expect(bot.output()).toContain('Missing configuration for the HTTP interactions endpoint (INTERACTIONS_PORT): set DISCORD_PUBLIC_KEY');
  });

  it('returns 1 naming the missing configuration', async () => {
    const bot = await startBotInProcess([], { DISCORD_APP_ID: '' });
    expect(bot.started).toBe(1);
    expect(bot.output()).toContain('Missing configuration for the Discord bot (npm start): set DISCORD_APP_ID');
  });
});

describe('npm start as a process (smoke tests: signals and process-wide handlers)', () => {
  it('on SIGTERM finishes the reply in flight, closes the database and exits 0', async () => {
    const bot = startBotProcess(['--commands', COMMAND_FIXTURES]);
    await fake.waitForSession(15_000);
    const slow = fake.sendChatInput({ command: (await loadCommands(COMMAND_FIXTURES)).get('slow')!.data });
    await fake.waitForRequest((r) => r.path.endsWith(`/${slow.token}/callback`), 5000);
    expect(existsSync(`${databasePath()}-wal`)).toBe(true);
    bot.child.kill('SIGTERM');
    expect(await bot.exitCode).toBe(0);
    expect(fake.responsesTo(slow).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204', 'PATCH 200']);
    expect(bot.output()).toContain('"msg":"shutting down"');
    expect(bot.output()).toContain('"msg":"stopped"');
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(`${databasePath()}-wal`)).toBe(false);
  }, 30_000);

  it('survives a throwing command, a stray rejection and a refused reply, and never prints the token', async () => {
    const fixtures = await loadCommands(COMMAND_FIXTURES);
    const bot = startBotProcess(['--commands', COMMAND_FIXTURES]);
    await fake.waitForSession(15_000);
    const thrown = await finalAnswer(fake.sendChatInput({ command: fixtures.get('broken')!.data }));
    expect((thrown.body as { data: { content: string } }).data.content).toMatch(REF_MESSAGE);
    await finalAnswer(fake.sendChatInput({ command: fixtures.get('broken')!.data, options: { stray: true } }));
    fake.fail('POST', /\/callback$/, { status: 403 });
    await finalAnswer(fake.sendChatInput({ command: fixtures.get('lookup')!.data, options: { ticker: 'IWM' } }));
    const after = await finalAnswer(fake.sendChatInput({ command: fixtures.get('lookup')!.data, options: { ticker: 'IJR' } }));
    expect((after.body as { data: { content: string } }).data.content).toBe('@everyone IJR is tracked.');
    bot.child.kill('SIGTERM');
    expect(await bot.exitCode).toBe(0);
    const output = bot.output();
    expect(output).toContain('unhandled promise rejection; still running');
    expect(output).toContain('could not deliver the reply');
    expect(output).toContain('upstream refused credentials [redacted]');
    expect(output).not.toContain(TOKEN);
  }, 30_000);
});
