// The bot through discord.js's ShardingManager (src/bot/shards.ts, `npm run start:shards`) against the fake Discord,
// which assigns servers to shards as Discord does ((guild_id >> 22) % shard_count) and here refuses more than one
// server per gateway connection (Discord: 2,500), so only a sharded bot can serve both servers. Two shard processes
// answer their own servers' interactions; the alert scheduler (every shard, behind the lease) posts each alert once
// across shards, also after the lease holder is killed and its shard restarted; SIGTERM stops everything with exit 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAlertState } from '../../src/alerts/load-state.js';
import { loadCommands } from '../../src/bot/commands.js';
import { loadConfig } from '../../src/config.js';
import { main } from '../../src/bot/main.js';
import { leaseHolder } from '../../src/store/alerts/lease.js';
import { ALERT_KINDS, saveKindSetting } from '../../src/store/alerts/rules.js';
import { saveAlertChannel } from '../../src/store/alerts/settings.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb } from '../../src/store/db.js';
import { DEFAULT_LEASE } from '../../src/alerts/lease.js';
import { isAlive, spawnBotProcess, type BotProcess, type LogLine } from '../support/bot-process.js';
import { COMMAND_FIXTURES, sourceArgs } from '../support/sources.js';
import { openDemoCopy } from '../support/demo-db.js';
import { freePort } from '../support/ports.js';
import { FAKE_IDS, channelOf, shardOf, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const TOKEN = 'shards-test-bot-token';
const GUILDS = [FAKE_IDS.guild, FAKE_IDS.secondGuild];
const SETUP = new Date('2026-01-05T12:00:00Z');
/** Fast lease hand-over, so a killed holder is replaced within seconds. */
const ALERT_TIMING = { lease: { ttlMs: 3000, renewMs: 500 } };

let fake: FakeDiscord;
let workDir: string;
let databasePath: string;
let manager: BotProcess | undefined;

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN, guilds: GUILDS, recommendedShards: 2, maxConcurrency: 2, maxGuildsPerShard: 1 });
  workDir = mkdtempSync(join(tmpdir(), 'zombie-shards-'));
});

afterEach(async () => {
  if (manager !== undefined) {
    const pids = shardPids(manager.logs());
    await manager.kill();
    for (const pid of pids.values()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  manager = undefined;
  await fake.close();
  rmSync(workDir, { recursive: true, force: true });
});

const env = () => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_APP_ID: FAKE_IDS.application,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_PATH: databasePath,
  LOG_LEVEL: 'info',
});

/** The latest process id of each shard, from the manager's log. */
function shardPids(lines: LogLine[]): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of lines) if (line.msg === 'shard process started') pids.set(line.shard as number, line.pid as number);
  return pids;
}

/**
 * The demo cache, its snapshots dated three days back so the "stale" rule fires for every source (the only rule left
 * on), and alerts on in both servers: a known set of posts, one per source and server.
 */
async function prepareCache(): Promise<string[]> {
  const demo = await openDemoCopy();
  databasePath = demo.name;
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
  demo.prepare('UPDATE snapshots SET completed_at = ? WHERE completed_at IS NOT NULL').run(threeDaysAgo);
  // The sources the "stale" rule watches, each with a kept snapshot.
  const sources = Object.entries(loadAlertState(demo, loadConfig({})).lastIngestAt)
    .filter(([, at]) => at !== null)
    .map(([source]) => source);
  demo.close();
  const store = sqliteAlertDb(openDb(databasePath));
  for (const guildId of GUILDS) {
    await saveAlertChannel(store, guildId, channelOf(guildId), SETUP);
    for (const kind of ALERT_KINDS.filter((kind) => kind !== 'stale'))
      await saveKindSetting(store, guildId, kind, { enabled: false, threshold: null }, SETUP);
  }
  await store.close();
  return sources;
}

const postsIn = (channelId: string) => fake.channelMessages.filter((message) => message.channel_id === channelId);
const refs = () => fake.channelMessages.map((message) => JSON.stringify(message.embeds.at(-1)?.footer ?? message.content));

describe('sharding', () => {
  it('is required here: one gateway connection for both servers is refused (4011), so `npm start` alone cannot serve them', async () => {
    databasePath = join(workDir, 'unsharded.db');
    let output = '';
    const started = await main({
      argv: ['--commands', COMMAND_FIXTURES],
      env: env(),
      stderr: (text) => (output += text),
      logDestination: { write: (line: string) => (output += line) },
    });
    expect(started).toBe(1);
    expect(output).toContain('could not start the bot');
    expect(fake.gateway.identifies.map((identify) => identify.shard)).toEqual([[0, 1]]);
  });

  it('runs two shard processes that answer their own servers, post each alert once, survive a killed shard, and stop on SIGTERM', async () => {
    const sources = await prepareCache();
    expect(sources.length).toBeGreaterThanOrEqual(4);
    const lookup = (await loadCommands(COMMAND_FIXTURES)).get('lookup')!.data;
    // Part of the configuration in a .env in the working directory, as an operator keeps it; OPS_PORT for both shards.
    const opsPort = await freePort(2);
    const { DISCORD_API_URL, ...exported } = env();
    writeFileSync(join(workDir, '.env'), `DISCORD_API_URL=${DISCORD_API_URL}\nOPS_PORT=${opsPort}\n`);
    manager = spawnBotProcess(
      [...sourceArgs('src/bot/shards.ts'), '--commands', COMMAND_FIXTURES, '--alert-timing', JSON.stringify(ALERT_TIMING)],
      exported,
      workDir,
    );
    await manager.waitForLog((line) => line.msg === 'all shards ready', 90_000);
    await fake.waitForShards(2);
    // Shard N serves the operations endpoints on OPS_PORT + N.
    for (const port of [opsPort, opsPort + 1]) {
      await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    }
    expect(fake.gateway.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(GUILDS.map((guildId) => shardOf(guildId, 2))).toEqual([0, 1]);

    // Each server's interaction reaches the shard that holds it, and that shard answers.
    for (const guildId of GUILDS) {
      const sent = fake.sendChatInput({ command: lookup, guildId, options: { ticker: 'IWM' } });
      const callback = await fake.waitForRequest((r) => r.path.endsWith(`/${sent.token}/callback`), 15_000);
      expect((callback.body as { data: { content: string } }).data.content).toBe('@everyone IWM is tracked.');
      const answered = await manager.waitForLog((line) => line.msg === 'command answered' && line.interactionId === sent.id);
      expect(answered.shard).toBe(shardOf(guildId, 2));
    }

    // The lease holder's first cycle posts one "stale" alert per source in each server, once.
    await expect
      .poll(() => GUILDS.map((guildId) => postsIn(channelOf(guildId)).length), { timeout: 30_000, interval: 200 })
      .toEqual(GUILDS.map(() => sources.length));
    const state = sqliteAlertDb(openDb(databasePath));
    try {
      const holder = await leaseHolder(state, DEFAULT_LEASE.name);
      const holderPid = Number(/pid (\d+)/.exec(holder?.holder ?? '')?.[1]);
      const pids = shardPids(manager.logs());
      const holderShard = [...pids].find(([, pid]) => pid === holderPid)?.[0];
      expect(holderShard).toBeDefined();

      // Kill the shard running the alerts: the manager starts it again; the lease passes on; nothing is posted twice.
      process.kill(holderPid, 'SIGKILL');
      await manager.waitForLog((line) => line.msg === 'shard back after a restart' && line.shard === holderShard, 30_000);
      await fake.waitForShards(2);
      await expect
        .poll(async () => (await leaseHolder(state, DEFAULT_LEASE.name))?.holder ?? holder?.holder, { timeout: 20_000 })
        .not.toBe(holder?.holder);
      await sleep(4 * ALERT_TIMING.lease.renewMs);
      expect(GUILDS.map((guildId) => postsIn(channelOf(guildId)).length)).toEqual(GUILDS.map(() => sources.length));
      expect(new Set(refs()).size).toBe(fake.channelMessages.length);
    } finally {
      await state.close();
    }

    // The restarted shard answers its server again.
    const again = fake.sendChatInput({ command: lookup, guildId: GUILDS[holderShardOf(manager)]!, options: { ticker: 'IWO' } });
    await fake.waitForRequest((r) => r.path.endsWith(`/${again.token}/callback`), 15_000);

    const pids = [...shardPids(manager.logs()).values()];
    manager.child.kill('SIGTERM');
    expect(await manager.exitCode).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(manager.logs().filter((line) => line.msg === 'stopped').length).toBe(3);
    // Only the killed shard's death was news; the stop's are not.
    expect(manager.logs().filter((line) => line.msg === 'shard process died; restarting it')).toHaveLength(1);
    expect(manager.logs().filter((line) => line.msg === 'shard process stopped')).toHaveLength(2);
  }, 180_000);
});

describe('a shard that keeps dying', () => {
  it('stops every shard and the manager exits 1 after 5 deaths within a minute, leaving no shard process behind', async () => {
    databasePath = join(workDir, 'crash-loop.db');
    manager = spawnBotProcess([...sourceArgs('src/bot/shards.ts'), '--commands', COMMAND_FIXTURES], env(), workDir);
    await manager.waitForLog((line) => line.msg === 'all shards ready', 90_000);
    const backs = () => manager!.logs().filter((line) => line.msg === 'shard back after a restart').length;
    for (let death = 1; death <= 5; death += 1) {
      const seen = backs();
      process.kill(shardPids(manager.logs()).get(1)!, 'SIGKILL');
      if (death < 5) await expect.poll(backs, { timeout: 30_000, interval: 100 }).toBe(seen + 1);
    }
    expect(await manager.exitCode).toBe(1);
    expect(manager.logs().find((line) => line.msg === 'a shard keeps dying; stopping')).toMatchObject({ shard: 1, deaths: 5 });
    const started = manager
      .logs()
      .filter((line) => line.msg === 'shard process started')
      .map((line) => line.pid as number);
    await expect.poll(() => started.filter(isAlive), { timeout: 15_000 }).toEqual([]);
  }, 120_000);
});

/** The shard that was restarted (the killed lease holder), from the manager's log. */
function holderShardOf(process: BotProcess): number {
  return process.logs().find((line) => line.msg === 'shard back after a restart')?.shard as number;
}
