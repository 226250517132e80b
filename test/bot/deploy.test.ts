// deploy-commands against the fake Discord: in-process (deployCommands) and as the script users run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployCommands, describeDeployment } from '../../src/bot/deploy.js';
import { loadCommands } from '../../src/bot/commands.js';
import type { CommandModule } from '../../src/bot/command.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const TOKEN = 'deploy-test-bot-token';
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'commands');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DEPLOY_SCRIPT = join(ROOT, 'src', 'bot', 'deploy.ts');
const run = promisify(execFile);

let commands: Map<string, CommandModule>;
let fake: FakeDiscord;
let workDir: string;

beforeAll(async () => {
  commands = await loadCommands(FIXTURES);
});
beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-deploy-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(workDir, { recursive: true, force: true });
});

const puts = () => fake.requests.filter((request) => request.method === 'PUT');
const base = () => ({ token: TOKEN, applicationId: FAKE_IDS.application, apiUrl: fake.apiUrl, commands });

describe('deployCommands', () => {
  it('registers every module’s data in the guild when a guild id is given', async () => {
    const result = await deployCommands({ ...base(), guildId: FAKE_IDS.guild });
    const [put] = puts();
    expect(put?.path).toBe(`/applications/${FAKE_IDS.application}/guilds/${FAKE_IDS.guild}/commands`);
    expect(put?.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(put?.body).toEqual([...commands.values()].map((module) => module.data));
    expect(result.scope).toBe('guild');
    expect(result.registered.map((command) => command.name)).toEqual(['broken', 'lookup', 'report', 'slow']);
    expect(describeDeployment(result)).toMatch(/^Registered 4 command\(s\) in guild 2222222222222222222:\n {2}\/broken \(id \d+\)/);
  });

  it('registers globally without a guild id', async () => {
    const result = await deployCommands(base());
    expect(puts().map((request) => request.path)).toEqual([`/applications/${FAKE_IDS.application}/commands`]);
    expect(result).toMatchObject({ scope: 'global', guildId: null });
    expect(fake.registeredCommands.get('global')).toHaveLength(4);
  });

  it('fails on a Discord error', async () => {
    fake.fail('PUT', /commands$/, { status: 403 });
    await expect(deployCommands(base())).rejects.toMatchObject({ status: 403, code: 50013 });
  });

  it('refuses to replace the registered commands with none', async () => {
    await expect(deployCommands({ ...base(), commands: new Map() })).rejects.toThrow(/no command modules to register/);
    expect(puts()).toEqual([]);
  });
});

describe('npx tsx src/bot/deploy.ts', () => {
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: FAKE_IDS.application,
    DISCORD_API_URL: fake.apiUrl,
    ...extra,
  });
  const deploy = (extra?: Record<string, string>) =>
    run(TSX, [DEPLOY_SCRIPT, '--commands', FIXTURES], { cwd: workDir, env: env(extra), timeout: 15_000 });

  it('registers in DISCORD_GUILD_ID and prints what it registered', async () => {
    const { stdout } = await deploy({ DISCORD_GUILD_ID: FAKE_IDS.guild });
    expect(stdout).toMatch(/^Registered 4 command\(s\) in guild 2222222222222222222:/);
    expect(stdout).toContain('/report (id ');
    expect(fake.registeredCommands.get(FAKE_IDS.guild)).toHaveLength(4);
  });

  it('registers globally when DISCORD_GUILD_ID is unset', async () => {
    const { stdout } = await deploy();
    expect(stdout).toMatch(/^Registered 4 command\(s\) globally/);
    expect(puts().map((request) => request.path)).toEqual([`/applications/${FAKE_IDS.application}/commands`]);
  });

  it('exits non-zero with the error, never the token, when Discord refuses', async () => {
    fake.fail('PUT', /commands$/, { status: 403 });
    const failure = await deploy().then(() => null, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('deploy-commands: Missing Permissions');
    expect(`${failure?.stdout}${failure?.stderr}`).not.toContain(TOKEN);
  });

  it('exits non-zero naming the missing configuration', async () => {
    const failure = await run(TSX, [DEPLOY_SCRIPT], { cwd: workDir, env: { PATH: process.env.PATH }, timeout: 15_000 }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Missing configuration for deploy-commands: set DISCORD_TOKEN, DISCORD_APP_ID');
  });
});
