// The bot as an operator runs it (`npm start`'s node command, a separate process leading its own process group, as
// systemd and container runtimes start it) against the fake Discord on the demo cache: the operations endpoints,
// clean stops on a SIGTERM sent to the whole group (during start-up publication and during a burst of
// interactions), the start-up checks of the cache, and the .env file read like the command line reads it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from '../../src/bot/commands.js';
import { openDb } from '../../src/store/db.js';
import { latestHoldings } from '../../src/store/holdings.js';
import { demoBuild } from '../support/demo-db.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest, type SentInteraction } from '../support/fake-discord.js';
import { COMMAND_FIXTURES, sourceArgs } from '../support/sources.js';

const TOKEN = 'operations-test-secret-token';
/** The stop the bot promises an orchestrator (docs/operations.md): exit 0 within 5 s of the signal. */
const STOP_LIMIT_MS = 5000;

interface LogLine {
  level: number;
  msg: string;
  time: number;
  [key: string]: unknown;
}

interface BotProcess {
  child: ChildProcess;
  /** Everything printed, stdout and stderr. */
  output(): string;
  /** The JSON log lines so far. */
  logs(): LogLine[];
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

let fake: FakeDiscord;
let workDir: string;
let running: BotProcess | undefined;

beforeEach(async () => {
  // A generous first-response deadline: these tests are about stopping cleanly, the bench measures latency.
  fake = await startFakeDiscord({ token: TOKEN, interactionDeadlineMs: 30_000 });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-ops-'));
  chmodSync(workDir, 0o755);
});

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    killGroup(running.child, 'SIGKILL');
    await running.exited;
  }
  running = undefined;
  await fake.close();
  rmSync(workDir, { recursive: true, force: true });
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

/** `npm start`'s node command, detached so that it leads its own process group (as under systemd). */
function startBot(
  options: { env?: Record<string, string>; args?: string[]; uid?: number; gid?: number; script?: 'src/bot/main.ts' | 'src/bot/deploy.ts' } = {},
): BotProcess {
  const child = spawn(process.execPath, [...sourceArgs(options.script ?? 'src/bot/main.ts'), ...(options.args ?? [])], {
    cwd: workDir,
    detached: true,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined && { uid: options.uid, gid: options.gid }),
  });
  let output = '';
  let stdout = '';
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
    let newline = stdout.indexOf('\n');
    while (newline >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
      newline = stdout.indexOf('\n');
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: Date.now(),
  }));
  running = {
    child,
    output: () => output,
    logs: () => lines,
    exited,
    waitForLog: (msg, timeoutMs = 60_000) =>
      new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = lines.find((line) => line.msg === msg);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no "${msg}" log line within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
        void exited.then(() => {
          if (!check()) {
            clearTimeout(timer);
            waiters.delete(wake);
            reject(new Error(`the bot exited without a "${msg}" log line; output:\n${output}`));
          }
        });
      }),
  };
  return running;
}

const botEnv = (databasePath: string, extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_APP_ID: FAKE_IDS.application,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_PATH: databasePath,
  LOG_LEVEL: 'info',
  ...extra,
});

/** A copy of this run's demo cache in the test's folder. */
async function demoCache(): Promise<string> {
  const path = join(workDir, 'zombie.db');
  copyFileSync((await demoBuild()).path, path);
  return path;
}

/** What a clean stop leaves: exit code 0, no log line at error level or above, no error reply. */
function expectCleanStop(bot: BotProcess, exit: { code: number | null; signal: NodeJS.Signals | null }): void {
  expect(exit).toMatchObject({ code: 0, signal: null });
  const loud = bot.logs().filter((line) => line.level >= 50);
  expect(loud, 'log lines at error level or above').toEqual([]);
  // A worker still starting when the group's signal came may go: said at info level, as part of the stop.
  const workerLoss = bot.logs().filter((line) => line.level >= 40 && JSON.stringify(line).includes('Worker exited unexpectedly'));
  expect(workerLoss, 'a worker loss logged as a warning').toEqual([]);
  expect(bot.output()).not.toContain('Something went wrong');
  expect(bot.logs().at(-1)?.msg).toBe('stopped');
  expect(bot.output()).not.toContain(TOKEN);
}

/** Every process of the group has exited (chart workers included). */
function groupGone(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return false;
  } catch {
    return true;
  }
}

async function get(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('a stop signal sent to the whole process group', () => {
  let definitions: Map<string, RESTPostAPIChatInputApplicationCommandsJSONBody>;
  let members: string[];

  beforeAll(async () => {
    definitions = new Map([...(await loadCommands(DEFAULT_COMMANDS_DIR))].map(([name, module]) => [name, module.data]));
    const db = openDb((await demoBuild()).path);
    members = (latestHoldings(db, 'IWM')?.holdings ?? []).map((holding) => holding.ticker);
    db.close();
  }, 120_000);

  /** A mix like the bench's: member cards (each draws a chart on first request), views, autocomplete, unknown symbols. */
  function sendMixed(count: number, offset: number): SentInteraction[] {
    const views = ['summary', 'health', 'returns', 'sectors', 'trump', 'seasonality', 'evictions', 'trend'];
    return Array.from({ length: count }, (_, index) => {
      const i = index + offset;
      const ticker = definitions.get('ticker')!;
      switch (i % 5) {
        case 0:
        case 1:
          return fake.sendChatInput({ command: ticker, options: { symbol: members[(i * 7) % members.length]! } });
        case 2:
          return fake.sendChatInput({ command: definitions.get('zombie')!, subcommand: views[i % views.length]! });
        case 3:
          return fake.sendAutocomplete({ command: ticker, focused: 'symbol', options: { symbol: members[i % members.length]!.slice(0, 2) } });
        default:
          return fake.sendChatInput({ command: ticker, options: { symbol: `ZZ${i % 10}Q` } });
      }
    });
  }

  /** Discord's record of how an interaction was answered: its callback (2xx) and, after a deferral, the edit. */
  function answerOf(interaction: SentInteraction): { acknowledged: boolean; final: RecordedRequest | undefined } {
    const responses = fake.responsesTo(interaction);
    const callback = responses.find((request) => request.path.endsWith('/callback'));
    const acknowledged = callback !== undefined && callback.status < 300;
    if ((callback?.body as { type?: number } | undefined)?.type !== 5) return { acknowledged, final: acknowledged ? callback : undefined };
    return {
      acknowledged,
      final: responses.find((request) => request.path.startsWith('/webhooks/') && request.method !== 'DELETE' && request.status < 300),
    };
  }

  const contentOf = (request: RecordedRequest): string => {
    const body = request.body as { data?: { content?: string }; content?: string };
    return body.data?.content ?? body.content ?? '';
  };

  it('during a burst: every interaction that reached the bot is answered, then it exits 0 within 5 s, quietly', async () => {
    const bot = startBot({ env: botEnv(await demoCache(), { OPS_PORT: '0' }) });
    await bot.waitForLog('published the replies of the current snapshots');
    await fake.waitForSession(60_000);
    const burst = sendMixed(120, 0);
    await fake.flushed();
    const signalledAt = Date.now();
    killGroup(bot.child, 'SIGTERM');
    // More arrive while the bot is stopping: Discord keeps sending until the gateway closes.
    const meanwhile = sendMixed(30, 120);
    await fake.flushed();
    const exit = await bot.exited;
    expect(exit.at - signalledAt).toBeLessThan(STOP_LIMIT_MS);
    expectCleanStop(bot, exit);
    for (const interaction of [...burst, ...meanwhile]) {
      const { acknowledged, final } = answerOf(interaction);
      expect(acknowledged, `interaction ${interaction.id} acknowledged`).toBe(true);
      if (interaction.payload.type === 4) continue; // autocomplete: its choices are the answer
      expect(final, `interaction ${interaction.id} answered`).toBeDefined();
      expect(contentOf(final!)).not.toMatch(/Something went wrong/);
    }
    // The replies that finished after the signal: the stop waited for them.
    const stoppingAt = bot.logs().find((line) => line.msg === 'shutting down')!.time;
    expect(fake.requests.filter((request) => request.at > stoppingAt && request.status < 300).length).toBeGreaterThan(0);
    expect(bot.logs().map((line) => line.msg)).toContain('gateway closed');
    await expect.poll(() => groupGone(bot.child), { timeout: 5000 }).toBe(true);
  }, 180_000);

  it('during start-up publication: it stops publishing and exits 0 within 5 s, quietly', async () => {
    const bot = startBot({ env: botEnv(await demoCache()) });
    await bot.waitForLog('publishing the replies of the current snapshots');
    const signalledAt = Date.now();
    killGroup(bot.child, 'SIGTERM');
    const exit = await bot.exited;
    expect(exit.at - signalledAt).toBeLessThan(STOP_LIMIT_MS);
    expectCleanStop(bot, exit);
    expect(bot.logs().map((line) => line.msg)).not.toContain('published the replies of the current snapshots');
    await expect.poll(() => groupGone(bot.child), { timeout: 5000 }).toBe(true);
  }, 180_000);

  it('SIGINT to the bot alone stops it the same way', async () => {
    const bot = startBot({ env: botEnv(join(workDir, 'empty.db')), args: ['--commands', COMMAND_FIXTURES] });
    await fake.waitForSession(60_000);
    bot.child.kill('SIGINT');
    expectCleanStop(bot, await bot.exited);
  }, 60_000);
});

describe('operations endpoints (OPS_PORT)', () => {
  it('answer /healthz, /readyz (503 saying why while the cache is unreadable) and /metrics on 127.0.0.1', async () => {
    const databasePath = join(workDir, 'zombie.db');
    const bot = startBot({ env: botEnv(databasePath, { OPS_PORT: '0' }), args: ['--commands', COMMAND_FIXTURES] });
    const { url } = (await bot.waitForLog('operations endpoints listening (/healthz, /readyz, /metrics)')) as LogLine & { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    await fake.waitForSession(60_000);
    await expect.poll(async () => (await get(`${url}/readyz`)).status).toBe(200);
    expect((await get(`${url}/readyz`)).body).toBe('ready\ndiscord: ok\ncache: ok\n');

    // A command and a Discord error, then the metrics name them (and never an id).
    const lookup = (await loadCommands(COMMAND_FIXTURES)).get('lookup')!.data;
    const answered = fake.sendChatInput({ command: lookup, options: { ticker: 'IWM' } });
    await fake.waitForRequest((request) => request.path.endsWith(`/${answered.token}/callback`));
    fake.fail('POST', /\/callback$/, { status: 403 });
    const refused = fake.sendChatInput({ command: lookup, options: { ticker: 'IJR' } });
    await fake.waitForRequest((request) => request.path.includes(refused.token) && request.method === 'POST' && request.status < 300);
    const metrics = await get(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^zombie_commands_total\{command="\/lookup",outcome="answered"\} 1$/m);
    expect(metrics.body).toMatch(/^zombie_commands_total\{command="\/lookup",outcome="undelivered"\} 1$/m);
    expect(metrics.body).toMatch(/^zombie_command_duration_seconds_bucket\{le="3",command="\/lookup"\} 2$/m);
    expect(metrics.body).toMatch(/^zombie_discord_rest_errors_total\{status="403"\} 1$/m);
    expect(metrics.body).toMatch(/^zombie_chart_queue_depth 0$/m);
    expect(metrics.body).toContain('# TYPE zombie_chart_render_seconds histogram');
    expect(metrics.body).toContain('# TYPE zombie_alert_posts_total counter');
    expect(metrics.body).toContain('# TYPE zombie_snapshot_age_seconds gauge');
    expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(metrics.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    for (const id of Object.values(FAKE_IDS)) expect(metrics.body).not.toContain(id);

    // The cache file taken away under the running bot (moved, as a botched restore would): not ready, saying why.
    renameSync(databasePath, `${databasePath}.moved`);
    const unreadable = await get(`${url}/readyz`);
    expect(unreadable.status).toBe(503);
    expect(unreadable.body).toBe(`not ready\ndiscord: ok\ncache: no file at ${databasePath}\n`);
    renameSync(`${databasePath}.moved`, databasePath);
    expect((await get(`${url}/readyz`)).status).toBe(200);

    killGroup(bot.child, 'SIGTERM');
    // The refused reply was logged at error level, as it should be; the stop itself is clean.
    expect(await bot.exited).toMatchObject({ code: 0 });
    expect(
      bot
        .logs()
        .filter((line) => line.level >= 50)
        .map((line) => line.msg),
    ).toEqual(['could not deliver the reply']);
  }, 90_000);

  it('are off without OPS_PORT', async () => {
    const bot = startBot({ env: botEnv(join(workDir, 'zombie.db')), args: ['--commands', COMMAND_FIXTURES] });
    await fake.waitForSession(60_000);
    expect(bot.logs().map((line) => line.msg)).not.toContain('operations endpoints listening (/healthz, /readyz, /metrics)');
    killGroup(bot.child, 'SIGTERM');
    expectCleanStop(bot, await bot.exited);
  }, 60_000);
});

/** An unprivileged user to run the bot as when the tests run as root (for whom file modes stop no write). */
function unprivilegedUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  return nobody ? { uid: Number(nobody[2]), gid: Number(nobody[3]) } : null;
}
const AS_ROOT_WITHOUT_NOBODY = process.getuid?.() === 0 && unprivilegedUser() === null;

describe('start-up checks of the cache', () => {
  /** Runs the bot until it exits by itself (a refused cache never reaches Discord). */
  async function refusedStart(databasePath: string, as: { uid: number; gid: number } | null = null) {
    const bot = startBot({ env: botEnv(databasePath), args: ['--commands', COMMAND_FIXTURES], ...(as !== null && as) });
    const exit = await bot.exited;
    return { exit, output: bot.output(), lines: bot.output().trim().split('\n') };
  }

  it('refuses a corrupt cache (pages of a real cache overwritten) with one line saying to restore the backup or re-ingest', async () => {
    const path = await demoCache();
    // Pages in the middle of the real demo cache (4 KiB pages: holdings, prices, fundamentals b-trees) overwritten.
    const fd = openSync(path, 'r+');
    for (const page of [200, 1000, 3000]) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, page * 4096);
    closeSync(fd);
    const { exit, lines } = await refusedStart(path);
    expect(exit.code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^zombie-bot: the cache ${path} is corrupt \\(quick_check: \\*\\*\\* in database main \\*\\*\\*; `));
    expect(lines[0]).toContain('Restore the last backup (zombie backup; see docs/operations.md, "Backups and restore"), or move the file away');
    expect(fake.gateway.connections).toBe(0);
  }, 120_000);

  it('refuses a file that is no database at all, and a cache written by a newer schema', async () => {
    const garbage = join(workDir, 'garbage.db');
    writeFileSync(garbage, 'not a database, just text that someone copied here\n'.repeat(200));
    const notDb = await refusedStart(garbage);
    expect(notDb.exit.code).toBe(1);
    expect(notDb.lines).toEqual([
      expect.stringMatching(/^zombie-bot: the cache .*garbage\.db is corrupt \(file is not a database\)\. Restore the last backup/),
    ]);
    const newer = join(workDir, 'newer.db');
    const db = openDb(newer);
    db.pragma('user_version = 999');
    db.close();
    const refused = await refusedStart(newer);
    expect(refused.exit.code).toBe(1);
    expect(refused.lines).toEqual([
      expect.stringMatching(/was written by a newer zombie-beta \(its schema version is 999; this version of zombie-beta knows up to \d+\)/),
    ]);
  }, 60_000);

  it.skipIf(AS_ROOT_WITHOUT_NOBODY)(
    'names a read-only location as such: a folder and a file it may not write (run as an unprivileged user when the tests run as root)',
    async () => {
      const as = unprivilegedUser();
      const folder = join(workDir, 'read-only');
      mkdirSync(folder);
      const inFolder = join(folder, 'zombie.db');
      openDb(inFolder).close();
      chmodSync(inFolder, 0o644);
      chmodSync(folder, 0o555);
      const dir = await refusedStart(inFolder, as);
      expect(dir.exit.code).toBe(1);
      expect(dir.lines).toEqual([
        `zombie-bot: the cache ${inFolder} is in a read-only location: its folder ${folder} is not writable (EACCES); SQLite creates the -wal and -shm files there. ` +
          'Point DATABASE_PATH at a writable folder, or give the user running zombie-beta write access to it.',
      ]);
      const writableFolder = join(workDir, 'writable');
      mkdirSync(writableFolder, { mode: 0o777 });
      chmodSync(writableFolder, 0o777);
      const readOnlyFile = join(writableFolder, 'zombie.db');
      openDb(readOnlyFile).close();
      chmodSync(readOnlyFile, 0o444);
      const file = await refusedStart(readOnlyFile, as);
      expect(file.exit.code).toBe(1);
      expect(file.lines[0]).toContain(`the cache ${readOnlyFile} is in a read-only location: the file is not writable (EACCES)`);
      expect(file.output).not.toContain('unable to open database file');
    },
    60_000,
  );
});

describe('.env in the working directory, read like the command line reads it', () => {
  const dotenv = (databasePath: string) =>
    [
      `DISCORD_TOKEN=${TOKEN}`,
      `DISCORD_APP_ID=${FAKE_IDS.application}`,
      `DISCORD_GUILD_ID=${FAKE_IDS.guild}`,
      `DISCORD_API_URL=${fake.apiUrl}`,
      `DATABASE_PATH=${databasePath}`,
      '',
    ].join('\n');

  it('configures npm start and npm run deploy-commands with nothing in the environment', async () => {
    writeFileSync(join(workDir, '.env'), dotenv(join(workDir, 'zombie.db')));
    // A child process, not spawnSync: the fake Discord answers from this process's event loop.
    const deploy = startBot({ script: 'src/bot/deploy.ts', args: ['--commands', COMMAND_FIXTURES] });
    expect((await deploy.exited).code).toBe(0);
    expect(deploy.output()).toMatch(/^Registered 4 command\(s\) in guild 2222222222222222222:/);
    expect(fake.registeredCommands.get(FAKE_IDS.guild)).toHaveLength(4);

    const bot = startBot({ args: ['--commands', COMMAND_FIXTURES] });
    await fake.waitForSession(60_000);
    expect(fake.gateway.identifies.map((identify) => identify.token)).toEqual([TOKEN]);
    killGroup(bot.child, 'SIGTERM');
    expectCleanStop(bot, await bot.exited);
  }, 90_000);
});
