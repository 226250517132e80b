// Two bot processes serving one application over HTTP interactions on one host (INTERACTIONS_PORT; a load balancer
// sends each interaction to one of them, here in turn): a burst of signed interactions of every kind — ready
// replies, ephemeral ones, a chart (deferral, then PATCH with the file), autocomplete, a failing command — all
// answered, half by each process, with bad-signature copies mixed in and every one of them refused. The figures of
// the full-size run (1,000 in 2 s on the real commands) come from `npm run bench -- --scale`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/bot/commands.js';
import { spawnBotProcess, type BotProcess } from '../support/bot-process.js';
import { COMMAND_FIXTURES, sourceArgs } from '../support/sources.js';
import { FAKE_IDS, startFakeDiscord, type AutocompleteInvocation, type FakeDiscord, type Invocation } from '../support/fake-discord.js';
import { httpBurst } from '../support/http-burst.js';

const TOKEN = 'http-hosts-test-bot-token';

let fake: FakeDiscord;
let workDir: string;
let hosts: BotProcess[];

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-http-hosts-'));
  hosts = [];
});

afterEach(async () => {
  for (const host of hosts) await host.kill();
  await fake.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function startHost(): Promise<string> {
  const host = spawnBotProcess(
    [...sourceArgs('src/bot/main.ts'), '--commands', COMMAND_FIXTURES],
    {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: FAKE_IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
      INTERACTIONS_PORT: '0',
      INTERACTIONS_HOST: '127.0.0.1',
      DATABASE_PATH: join(workDir, 'zombie.db'),
      LOG_LEVEL: 'info',
    },
    workDir,
  );
  hosts.push(host);
  const listening = await host.waitForLog((line) => line.msg === 'interactions endpoint listening');
  return `http://127.0.0.1:${String(listening.port)}/interactions`;
}

describe('two HTTP processes behind one application', () => {
  it('answer a burst of signed interactions of every kind, half each, and refuse every bad signature', async () => {
    const fixtures = await loadCommands(COMMAND_FIXTURES);
    const command = (name: string) => fixtures.get(name)!.data;
    const endpoints = await Promise.all([startHost(), startHost()]);
    const kinds: (Invocation | AutocompleteInvocation)[] = [
      { command: command('lookup'), options: { ticker: 'IWM' } },
      { command: command('report'), subcommand: 'summary', options: { ticker: 'IWN', days: 5 } },
      { command: command('lookup'), focused: 'ticker', options: { ticker: 'iw' } },
      { command: command('report'), group: 'chart', subcommand: 'show', options: { scale: 2 } },
      { command: command('broken') },
    ];
    const invocations = Array.from({ length: 100 }, (_, index) => kinds[index % kinds.length]!);
    const result = await httpBurst(fake, endpoints, invocations, { spreadMs: 1000, forgeEvery: 10, settleMs: 15_000 });
    expect(result.unanswered).toEqual([]);
    expect(result.late).toBe(0);
    expect(result.answeredInTime).toBe(100);
    expect(result.perEndpoint).toEqual([50, 50]);
    expect(result.deferred).toBeGreaterThanOrEqual(20); // at least the 20 charts: a file never rides in the HTTP answer
    expect(result.forged).toEqual({ sent: 10, accepted: 0 });
    const answeredBy = hosts.map((host) => host.logs().filter((line) => line.msg === 'command answered').length);
    expect(answeredBy.every((count) => count >= 30)).toBe(true);
  }, 60_000);
});
