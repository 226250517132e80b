// deploy-commands against the fake Discord: deployCommands, and the script users run (runDeployCli) in-process.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployCommands, describeDeployment, runDeployCli } from '../../src/bot/deploy.js';
import { loadCommands } from '../../src/bot/commands.js';
import type { CommandModule } from '../../src/bot/command.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const TOKEN = 'deploy-test-bot-token';
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'commands');

let commands: Map<string, CommandModule>;
let fake: FakeDiscord;

beforeAll(async () => {
  commands = await loadCommands(FIXTURES);
});
beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN });
});
afterEach(async () => {
  await fake.close();
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

describe('npm run deploy-commands (runDeployCli)', () => {
  const deploy = async (extra: Record<string, string> = {}, args = ['--commands', FIXTURES]) => {
    const out = { stdout: '', stderr: '' };
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl, ...extra };
    const code = await runDeployCli(args, { env, stdout: (text) => (out.stdout += text), stderr: (text) => (out.stderr += text) });
    return { code, ...out };
  };

  it('registers in DISCORD_GUILD_ID and prints what it registered', async () => {
    const { code, stdout } = await deploy({ DISCORD_GUILD_ID: FAKE_IDS.guild });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Registered 4 command\(s\) in guild 2222222222222222222:/);
    expect(stdout).toContain('/report (id ');
    expect(fake.registeredCommands.get(FAKE_IDS.guild)).toHaveLength(4);
  });

  it('registers globally when DISCORD_GUILD_ID is unset', async () => {
    const { code, stdout } = await deploy();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Registered 4 command\(s\) globally/);
    expect(puts().map((request) => request.path)).toEqual([`/applications/${FAKE_IDS.application}/commands`]);
  });

  it('exits non-zero with the error, never the token, when Discord refuses', async () => {
    fake.fail('PUT', /commands$/, { status: 403 });
    const failure = await deploy();
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('deploy-commands: Missing Permissions');
    expect(`${failure.stdout}${failure.stderr}`).not.toContain(TOKEN);
  });

  it('exits non-zero naming the missing configuration', async () => {
    let stderr = '';
    const code = await runDeployCli([], { env: {}, stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(code).toBe(1);
    expect(stderr).toContain('Missing configuration for deploy-commands: set DISCORD_TOKEN, DISCORD_APP_ID');
  });
});
