// `npm run bench -- --scale`: many servers, many hosts, on the demo data against the local fake Discord.
// 1. Two bot processes in HTTP interactions mode (the node command of `npm start`, with INTERACTIONS_PORT), taking
//    interactions in turn as behind a load balancer: 1,000 signed mixed interactions in 2 s, with a bad-signature
//    copy after every tenth; how many were answered within Discord's 3 s, the HTTP answer time, and how many forged
//    requests were accepted (must be 0).
// 2. `npm run start:shards` with 2 shards (the fake gateway puts the two servers on different shards): shard 1's
//    process killed 5 times; the time until the manager reports it back (its ready event) and until its gateway
//    session is live again.
// 3. When PostgreSQL is on the machine: two HTTP bot processes sharing their state on a throwaway cluster, the process
//    posting an alert SIGKILLed mid-post and restarted 20 times (test/support/kill-rounds.ts); duplicates (must be 0)
//    and the time from the kill to the post recorded as sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { CommandModule } from '../src/bot/command.js';
import { ALERT_KINDS, saveKindSetting } from '../src/store/alerts/rules.js';
import { saveAlertChannel } from '../src/store/alerts/settings.js';
import { connectTo } from '../test/support/alert-location.js';
import { spawnBotProcess, type BotProcess, type LogLine } from '../test/support/bot-process.js';
import { FAKE_IDS, startFakeDiscord, type AutocompleteInvocation, type Invocation } from '../test/support/fake-discord.js';
import { httpBurst } from '../test/support/http-burst.js';
import { hostFleet, killRound, type RoundResult } from '../test/support/kill-rounds.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { startScriptArgs } from '../test/support/start-script.js';
import { mb, mixedSteps, ms, percentile, ROOT, rss } from './bench-common.js';

const TOKEN = 'bench-scale-bot-token';
const SHARD_KILLS = 5;
/** Kills spaced so that the 5 of them span more than a minute: 5 deaths within one the manager takes for a crash loop. */
const SHARD_KILL_SPACING_MS = 16_000;
const KILL_ROUNDS = 20;

export interface ScaleInput {
  dbPath: string;
  commands: ReadonlyMap<string, CommandModule>;
  members: readonly string[];
}

/** An npm script's node command (its build, with its heap flags) as a bot process. */
function spawnScript(script: string, env: Record<string, string>): BotProcess {
  return spawnBotProcess(startScriptArgs(script), { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, LOG_LEVEL: 'info', ...env }, ROOT);
}

const summary = (values: number[]) => `p50 ${ms(percentile(values, 50))} ms, p99 ${ms(percentile(values, 99))} ms, max ${ms(Math.max(...values))} ms`;

async function httpHosts(input: ScaleInput): Promise<void> {
  const fake = await startFakeDiscord({ token: TOKEN });
  const hosts = [0, 1].map(() =>
    spawnScript('start', {
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: fake.publicKeyHex,
      INTERACTIONS_PORT: '0',
      INTERACTIONS_HOST: '127.0.0.1',
      DATABASE_PATH: input.dbPath,
    }),
  );
  try {
    const endpoints = await Promise.all(
      hosts.map(async (host) => {
        const listening = await host.waitForLog((line) => line.msg === 'interactions endpoint listening', 60_000);
        await host.waitForLog((line) => line.msg === 'published the replies of the current snapshots', 120_000);
        return `http://127.0.0.1:${String(listening.port)}/interactions`;
      }),
    );
    const definitions = new Map([...input.commands].map(([name, module]) => [name, module.data]));
    const invocations = mixedSteps(1000, input.members, 20241105).map((step): Invocation | AutocompleteInvocation => ({
      command: definitions.get(step.command)!,
      ...(step.subcommand !== undefined && { subcommand: step.subcommand }),
      options: step.options ?? {},
      ...(step.focused !== undefined && { focused: step.focused }),
    }));
    const before = hosts.map((host) => rss(host.child.pid!).bot);
    const result = await httpBurst(fake, endpoints, invocations, { spreadMs: 2000, forgeEvery: 10, settleMs: 120_000 });
    const after = hosts.map((host) => rss(host.child.pid!).bot);
    console.log(
      `\n1,000 signed mixed interactions in 2 s over two HTTP processes: answered within 3 s ${result.answeredInTime} of ${result.sent}, ` +
        `HTTP answer ${summary(result.answerMs)}, deferred ${result.deferred}, late ${result.late}, not answered in full ${result.unanswered.length}; ` +
        `${result.perEndpoint.join(' + ')} per process; forged requests ${result.forged.sent}, accepted ${result.forged.accepted}`,
    );
    console.log(`  RSS per process before / after: ${before.map((bytes, index) => `${mb(bytes)} / ${mb(after[index]!)}`).join(', ')}`);
  } finally {
    for (const host of hosts) await host.kill();
    await fake.close();
  }
}

async function shardRestarts(input: ScaleInput): Promise<void> {
  const guilds = [FAKE_IDS.guild, FAKE_IDS.secondGuild];
  const fake = await startFakeDiscord({ token: TOKEN, guilds, recommendedShards: 2, maxConcurrency: 2 });
  const manager = spawnScript('start:shards', { DISCORD_API_URL: fake.apiUrl, DATABASE_PATH: input.dbPath });
  const pidOf = (lines: LogLine[], shard: number) =>
    lines.filter((line) => line.msg === 'shard process started' && line.shard === shard).at(-1)?.pid as number;
  const backs = (lines: LogLine[]) => lines.filter((line) => line.msg === 'shard back after a restart');
  try {
    await manager.waitForLog((line) => line.msg === 'all shards ready', 120_000);
    await fake.waitForShards(2);
    const reported: number[] = [];
    const sessions: number[] = [];
    for (let kill = 0; kill < SHARD_KILLS; kill += 1) {
      const seen = backs(manager.logs()).length;
      const killedAt = performance.now();
      process.kill(pidOf(manager.logs(), 1), 'SIGKILL');
      while (fake.liveShards().some(([id]) => id === 1)) await sleep(10);
      await fake.waitForShards(2, 60_000);
      sessions.push(performance.now() - killedAt);
      const back = await manager.waitForLog(() => backs(manager.logs()).length > seen, 60_000).then(() => backs(manager.logs()).at(-1)!);
      reported.push(back.restartMs as number);
      await sleep(SHARD_KILL_SPACING_MS - (performance.now() - killedAt));
    }
    console.log(
      `\nShard restart (shard 1 of 2 killed ${SHARD_KILLS} times): until the manager has it ready again ${summary(reported)}; ` +
        `until its gateway session is live ${summary(sessions)}`,
    );
  } catch (error) {
    console.log(`\nShard restart: failed (${String(error)}); the manager's last lines:\n${manager.output().split('\n').slice(-30).join('\n')}`);
  } finally {
    const pids = [0, 1].map((shard) => pidOf(manager.logs(), shard));
    await manager.kill();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await fake.close();
  }
}

async function killRounds(): Promise<void> {
  const cluster = await startPostgresCluster();
  if (cluster === null) {
    console.log('\nKill/restart cycles on PostgreSQL: skipped (no initdb/pg_ctl on this machine)');
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'zombie-bench-hosts-'));
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE zombie_bench');
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, '/zombie_bench');
  const fake = await startFakeDiscord({ token: TOKEN, nonceWindowMs: 0 });
  const state = await connectTo(url);
  const fleet = hostFleet(fake, { token: TOKEN, stateUrl: url, workDir });
  try {
    const setup = new Date();
    await saveAlertChannel(state, FAKE_IDS.guild, FAKE_IDS.otherChannel, setup);
    for (const kind of ALERT_KINDS) await saveKindSetting(state, FAKE_IDS.guild, kind, { enabled: false, threshold: null }, setup);
    await Promise.all([fleet.start(0), fleet.start(1)]);
    const rounds: RoundResult[] = [];
    for (let round = 1; round <= KILL_ROUNDS; round += 1) rounds.push(await killRound(fake, fleet, state, FAKE_IDS.otherChannel, round));
    const duplicates = rounds.filter((round) => round.copies > 1).length;
    const missing = rounds.filter((round) => round.copies === 0).length;
    console.log(
      `\n${KILL_ROUNDS} kill/restart cycles, two processes on one PostgreSQL (the posting process SIGKILLed mid-post; odd rounds ` +
        `Discord had accepted the post, even rounds it had not): ${duplicates} duplicate posts, ${missing} lost; ` +
        `kill → post recorded as sent ${summary(rounds.map((round) => round.recoveryMs))} (lease expiry 1 s and claim timeout 1.5 s in this run)`,
    );
  } finally {
    await fleet.stop();
    await state.close();
    await fake.close();
    await cluster.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export async function benchScale(input: ScaleInput): Promise<void> {
  await httpHosts(input);
  await shardRestarts(input);
  await killRounds();
}
