// `npm start` and `zombie` as production runs them: the compiled code in dist/ (built here from the current sources
// by `npm run build`) under plain node. The `zombie` bin ingests the bundled IWM holdings into a new cache (the
// migrations found from dist/), then the bot, started with the start script's flags, answers through the fake
// Discord. No TypeScript may run: NODE_OPTIONS turns type stripping off in both and in the chart worker processes,
// so a path that still pointed at a .ts file (the worker, a command module) would fail instead of silently working.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest, type SentInteraction } from '../support/fake-discord.js';
import { startScriptArgs } from '../support/start-script.js';
import { data as zombieCommand } from '../../commands/zombie.js';

const TOKEN = 'built-bot-secret-token-value';
const ROOT = join(import.meta.dirname, '..', '..');

let fake: FakeDiscord;
let workDir: string;
let child: ChildProcess;
let output = '';
let ingested = '';
let exitCode: Promise<number | null>;

beforeAll(async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-built-'));
  const env = { PATH: process.env.PATH, NODE_OPTIONS: '--no-experimental-strip-types', DATABASE_PATH: join(workDir, 'zombie.db') };
  const holdings = join(ROOT, 'data', 'demo', 'holdings', 'IWM_holdings.csv');
  ingested = execFileSync(process.execPath, [join(ROOT, 'bin', 'zombie.js'), 'ingest', 'holdings', holdings], {
    cwd: workDir,
    env,
    encoding: 'utf8',
  });
  fake = await startFakeDiscord({ token: TOKEN });
  child = spawn(process.execPath, startScriptArgs(), {
    cwd: workDir,
    env: {
      ...env,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: FAKE_IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exitCode = once(child, 'exit').then(([code]) => code as number | null);
  await fake.waitForSession(20_000);
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exitCode;
  }
  await fake?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The bot's final answer to an interaction: its callback, or the edit of its deferral. */
async function finalAnswer(sent: SentInteraction): Promise<RecordedRequest> {
  const callback = await fake.waitForRequest((r) => r.path.endsWith(`/${sent.token}/callback`), 15_000);
  if ((callback.body as { type: number }).type !== 5) return callback;
  return fake.waitForRequest((r) => r.path.includes(`/webhooks/${FAKE_IDS.application}/${sent.token}`) && r.method !== 'DELETE', 15_000);
}

const zombie = (subcommand: string) => ({ command: zombieCommand, subcommand });

describe('the built zombie CLI and bot (dist/, plain node)', () => {
  it('zombie ingests the holdings into a new cache', () => {
    expect(ingested).toMatch(/^holdings IWM: 1,983 rows as of 2024-07-11 /);
  });

  it('the bot answers /zombie summary from that cache', async () => {
    const answer = await finalAnswer(fake.sendChatInput(zombie('summary')));
    const data = (answer.body as { data?: { embeds: { title: string }[] } }).data ?? (answer.body as { embeds: { title: string }[] });
    expect(data.embeds[0]!.title).toBe('Zombie beta — IWM: 1,983 members');
  }, 30_000);

  it('the bot answers /zombie sectors with its chart, drawn by a worker process running the compiled worker', async () => {
    const answer = await finalAnswer(fake.sendChatInput(zombie('sectors')));
    expect(answer.files.map((file) => file.name)).toEqual(['sectors.png']);
    expect(answer.files[0]!.contentType).toBe('image/png');
    expect(answer.files[0]!.size).toBeGreaterThan(10_000);
  }, 30_000);

  it('the bot stops on SIGTERM with exit 0 and no error line, and never printed the token', async () => {
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    // The stop does not wait for a publication still under way (docs/operations.md, Clean stops).
    expect(output).toMatch(/"msg":"(published the replies of the current snapshots|publication cut short by the stop)"/);
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toMatch(/"level":(50|60)/);
    expect(output).not.toContain(TOKEN);
  }, 15_000);
});
