// `zombie alerts run [--dry]`: the dry run prints what would be posted now and changes nothing; the real run
// posts through the Discord REST API (here the fake Discord), once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { Command } from 'commander';
import { registerAlertsCli, type CliAlertSources } from '../../src/cli/alerts.js';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { readAlertMemory } from '../../src/store/alerts/memory.js';
import { listAlertPosts } from '../../src/store/alerts/outbox.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb, type Db } from '../../src/store/db.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { GUILD, PNG, SUMMARY_EMBED, enableAlerts, members, quietState, readCloses } from './support.js';

const SETUP = new Date('2024-11-01T12:00:00Z');
const MORNING = new Date('2024-11-06T14:30:00Z');

let cache: Db;
let db: AlertDb;
let output: string[];

beforeEach(() => {
  cache = openDb(':memory:');
  db = sqliteAlertDb(openDb(':memory:'));
  output = [];
});

afterEach(async () => {
  cache.close();
  await db.close();
});

const sources: CliAlertSources = {
  loadState: () => quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06'), members: members('grey', 3) }),
  summaryEmbed: () => SUMMARY_EMBED,
  chartPng: () => PNG,
};

async function zombie(args: string[], config: Config = loadConfig({}), now = MORNING): Promise<string> {
  const app = testCliApp(cache, { config, alertDb: db, out: (text) => void output.push(text) });
  const program = new Command('zombie').exitOverride();
  registerAlertsCli(program, app, sources, () => now);
  await program.parseAsync(['node', 'zombie', ...args]);
  return output.join('\n');
}

describe('zombie alerts run --dry', () => {
  it('prints the digest and the alerts that would be posted now, and records nothing', async () => {
    await enableAlerts(db, SETUP);
    const text = await zombie(['alerts', 'run', '--dry']);
    expect(text).toContain(`Server ${GUILD} → channel 3333333333333333333`);
    expect(text).toContain(`--- would post: ${GUILD}/digest/summary/2024-11-06`);
    expect(text).toContain('Zombie beta digest for 2024-11-06');
    expect(text).toContain('[attachment zombie-digest.png, 12 bytes]');
    expect(text).toContain(`--- would post: ${GUILD}/iwm-move/IWM/2024-11-06`);
    expect(text).toContain('IWM closed +5.8% on 2024-11-06');
    expect(await listAlertPosts(db, GUILD)).toEqual([]);
    expect(await readAlertMemory(db, GUILD)).toEqual({ digest: null, rules: { zones: null, correlation: null } });
  });

  it('marks a finding whose data is too old as not posted, and the run posts only what is fresh', async () => {
    await enableAlerts(db, SETUP);
    // Tuesday 2024-11-12, 09:30 New York: the IWM move of Wednesday 2024-11-06 is 5 days old.
    const text = await zombie(['alerts', 'run', '--dry'], loadConfig({}), new Date('2024-11-12T14:30:00Z'));
    expect(text).toContain(`--- would post: ${GUILD}/digest/summary/2024-11-12`);
    expect(text).not.toContain(`--- would post: ${GUILD}/iwm-move`);
    expect(text).toContain(`--- not posted, old: ${GUILD}/iwm-move/IWM/2024-11-06: IWM closed +5.8% on 2024-11-06`);
    expect(text).toContain('  its data (2024-11-07 00:00 UTC) is 5 days old; this rule announces data at most 72 hours old');
    expect(await listAlertPosts(db, GUILD)).toEqual([]);
  });

  it('says so when no server has alerts on', async () => {
    expect(await zombie(['alerts', 'run', '--dry'])).toBe('No server has alerts on (an admin sets a channel with /alerts channel). Nothing to post.');
  });
});

describe('zombie alerts run', () => {
  let fake: FakeDiscord;
  const TOKEN = 'alerts-cli-test-token';

  beforeEach(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('posts what is due through the REST API, and nothing more when run again', async () => {
    await enableAlerts(db, SETUP, FAKE_IDS.guild, FAKE_IDS.channel);
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
    const first = await zombie(['alerts', 'run'], config);
    expect(first).toContain('Queued 2 new post(s).');
    expect(first).toContain(`sent ${GUILD}/digest/summary/2024-11-06`);
    expect(first).toContain(`sent ${GUILD}/iwm-move/IWM/2024-11-06`);
    output = [];
    expect(await zombie(['alerts', 'run'], config)).toContain('Queued 0 new post(s).');
    expect(fake.channelMessages).toHaveLength(2);
  });

  it('posts no finding whose data is too old to be news', async () => {
    await enableAlerts(db, SETUP, FAKE_IDS.guild, FAKE_IDS.channel);
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
    const text = await zombie(['alerts', 'run'], config, new Date('2024-11-12T14:30:00Z'));
    expect(text).toContain('Queued 1 new post(s).');
    expect(text).toContain(`sent ${GUILD}/digest/summary/2024-11-12`);
    expect(fake.channelMessages).toHaveLength(1);
    expect((await listAlertPosts(db, GUILD)).map((post) => post.key.rule)).toEqual(['digest']);
  });

  it('needs the bot token to post', async () => {
    await expect(zombie(['alerts', 'run'])).rejects.toThrow(ConfigError);
  });
});
