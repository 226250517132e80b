// `npm run bench`: how the bot holds up, on the demo data (`npm run demo` builds data/demo.db).
// 1. Handler time per command, in this process: cold (nothing published for the current snapshots: a fresh
//    database connection), first request after publication (what the bot's `prepare` leaves), and warm.
// 2. The real bot process (the node command of `npm start`, with its heap flags) logged into the local fake Discord
//    (test/support/fake-discord.ts): 1,000 mixed interactions within 2 s, then 10,000 more; for each, whether the
//    first response reached Discord within its 3 s, the time to it, refused late callbacks (error 10062), and the
//    bot's resident memory (and its chart workers') before, at peak and after. Then the stop: SIGTERM to the bot's
//    whole process group (as systemd sends it), timed to the exit, with its exit code and any error-level log line;
//    and a stop in the middle of a burst, on a fresh bot: its time and the interactions left unacknowledged.
// 3. With --scale: two HTTP-interactions processes, shard restarts, kill/restart cycles on PostgreSQL (bench-scale.ts).
// Usage: npm run bench [-- --cold-rounds N --warm-runs N --skip-burst --scale]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext, CommandModule } from '../src/bot/command.js';
import type { CommandRequest } from '../src/core/request.js';
import { loadCommands } from '../src/bot/commands.js';
import { loadConfig } from '../src/config.js';
import { createChartPool } from '../src/render/charts/pool.js';
import { openDb } from '../src/store/db.js';
import { latestHoldings } from '../src/store/holdings.js';
import { startScriptArgs } from '../test/support/start-script.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest, type SentInteraction } from '../test/support/fake-discord.js';
import { mb, mixedSteps, ms, percentile, ROOT, rss, ZOMBIE_VIEWS, type Step } from './bench-common.js';
import { benchScale } from './bench-scale.js';

const DEMO_DB = join(ROOT, 'data', 'demo.db');
const DEADLINE_MS = 3000;
const TOKEN = 'bench-bot-token';

const { values: args } = parseArgs({
  options: {
    'cold-rounds': { type: 'string', default: '5' },
    'warm-runs': { type: 'string', default: '1000' },
    'skip-burst': { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
  },
});
const coldRounds = Number(args['cold-rounds']);
const warmRuns = Number(args['warm-runs']);

// ---- 1. Handler times ----------------------------------------------------------------------------------------

function request(step: Step): CommandRequest {
  return {
    command: step.command,
    ...(step.subcommand !== undefined && { subcommand: step.subcommand }),
    options: step.options ?? {},
    guildId: FAKE_IDS.guild,
    channelId: FAKE_IDS.channel,
    userId: FAKE_IDS.member,
    memberPermissions: null,
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function handlerTimes(dbPath: string, commands: ReadonlyMap<string, CommandModule>, members: readonly string[]): Promise<void> {
  const config = loadConfig({ DATABASE_PATH: dbPath });
  const charts = createChartPool();
  const contextFor = (): CommandContext => ({ db: openDb(dbPath), config, now: () => new Date(), drawChart: charts.render });
  const steps: Step[] = [
    ...ZOMBIE_VIEWS.map((view) => ({ label: `/zombie ${view}`, command: 'zombie', subcommand: view })),
    { label: '/ticker IWM', command: 'ticker', options: { symbol: 'IWM' } },
    { label: '/ticker <member>', command: 'ticker', options: { symbol: members[0]! } },
    { label: '/ticker <unknown>', command: 'ticker', options: { symbol: 'ZZZZQ' } },
    { label: 'autocomplete', command: 'ticker', focused: 'symbol', options: { symbol: 'AA' } },
  ];
  const run = (step: Step, context: CommandContext) => {
    const module = commands.get(step.command)!;
    if (step.focused === undefined) return module.execute(request(step), context);
    return module.autocomplete!({ ...request(step), focused: { name: step.focused, value: step.options![step.focused]! } }, context);
  };
  await charts.render({ chart: 'returns', input: { returns: [0], caption: 'warm-up' } });
  const cold = new Map<string, number[]>(steps.map((s) => [s.label, []]));
  const afterPublication = new Map<string, number[]>(steps.map((s) => [s.label, []]));
  for (let round = 0; round < coldRounds; round++) {
    for (const step of steps) {
      const context = contextFor();
      cold.get(step.label)!.push(await timed(() => run(step, context)));
      context.db.close();
    }
    const context = contextFor();
    for (const module of commands.values()) await module.prepare?.(context);
    for (const step of steps) afterPublication.get(step.label)!.push(await timed(() => run(step, context)));
    context.db.close();
  }
  const context = contextFor();
  for (const module of commands.values()) await module.prepare?.(context);
  const rows: string[][] = [];
  for (const step of steps) {
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      const varied = step.label === '/ticker <member>' ? { ...step, options: { symbol: members[i % 200]! } } : step;
      if (i < 200 && varied !== step) await run(varied, context);
      warm.push(await timed(() => run(varied, context)));
    }
    const c = cold.get(step.label)!;
    const a = afterPublication.get(step.label)!;
    rows.push([
      step.label,
      ms(percentile(c, 50)),
      ms(percentile(c, 99)),
      ms(percentile(a, 50)),
      ms(percentile(a, 99)),
      ms(percentile(warm, 50)),
      ms(percentile(warm, 99)),
    ]);
  }
  context.db.close();
  await charts.close();
  console.log(
    `\nHandler time in ms (cold: ${coldRounds} rounds on a fresh connection, nothing published; after publication: the first request once prepare ran; warm: ${warmRuns} requests, member cards over 200 members already asked)`,
  );
  table(['command', 'cold p50', 'cold p99', 'first p50', 'first p99', 'warm p50', 'warm p99'], rows);
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

// ---- 2. The bot process under a burst ------------------------------------------------------------------------

interface BurstResult {
  sent: number;
  acknowledged: number;
  ackMs: number[];
  late: number;
  busy: number;
  deferred: number;
  unanswered: number;
}

const TOKEN_IN_PATH = /^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/;

/** Sends the steps evenly over `spreadMs`, waits for every answer (or `settleMs`), and reads what Discord got. */
async function burst(
  fake: FakeDiscord,
  definitions: ReadonlyMap<string, RESTPostAPIChatInputApplicationCommandsJSONBody>,
  steps: Step[],
  spreadMs: number,
  settleMs: number,
): Promise<BurstResult> {
  const firstRequest = fake.requests.length;
  const sent: SentInteraction[] = [];
  const start = performance.now();
  for (let i = 0; i < steps.length; i++) {
    const due = start + (i * spreadMs) / steps.length;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const step = steps[i]!;
    const invocation = {
      command: definitions.get(step.command)!,
      ...(step.subcommand && { subcommand: step.subcommand }),
      options: step.options ?? {},
    };
    sent.push(step.focused === undefined ? fake.sendChatInput(invocation) : fake.sendAutocomplete({ ...invocation, focused: step.focused }));
  }
  const byToken = () => {
    const map = new Map<string, RecordedRequest[]>();
    for (const r of fake.requests.slice(firstRequest)) {
      const token = TOKEN_IN_PATH.exec(r.path)?.[1];
      if (token !== undefined) map.set(token, [...(map.get(token) ?? []), r]);
    }
    return map;
  };
  /** Answered: a callback with the message (type 4 or 8), or a deferral followed by an edit or follow-up. */
  const answered = (responses: RecordedRequest[]) =>
    responses.some((r) => r.path.endsWith('/callback') && r.status < 300 && (r.body as { type: number }).type !== 5) ||
    responses.some((r) => r.path.startsWith('/webhooks/') && r.method !== 'DELETE' && r.status < 300);
  const deadline = performance.now() + settleMs;
  let responses = byToken();
  while (
    performance.now() < deadline &&
    !sent.every((s) => answered(responses.get(s.token) ?? []) || (responses.get(s.token) ?? []).some((r) => r.status === 404))
  ) {
    await sleep(250);
    responses = byToken();
  }
  const result: BurstResult = { sent: sent.length, acknowledged: 0, ackMs: [], late: 0, busy: 0, deferred: 0, unanswered: 0 };
  for (const interaction of sent) {
    const own = responses.get(interaction.token) ?? [];
    const callbacks = own.filter((r) => r.path.endsWith('/callback'));
    result.late += callbacks.filter((r) => r.status === 404).length;
    const first = callbacks.find((r) => r.status < 300);
    if (first && first.at - interaction.sentAt <= DEADLINE_MS) {
      result.acknowledged++;
      result.ackMs.push(first.at - interaction.sentAt);
    }
    const body = first?.body as { type: number; data?: { content?: string } } | undefined;
    if (body?.type === 5) result.deferred++;
    if (body?.data?.content?.startsWith('The bot is busy')) result.busy++;
    if (!answered(own)) result.unanswered++;
  }
  return result;
}

function report(label: string, r: BurstResult): void {
  const p = (q: number) => (r.ackMs.length ? `${ms(percentile(r.ackMs, q))} ms` : 'n/a');
  console.log(
    `${label}: acknowledged within 3 s ${r.acknowledged} of ${r.sent} (${((100 * r.acknowledged) / r.sent).toFixed(1)}%), ack p50 ${p(50)}, p99 ${p(99)}, ` +
      `late callbacks ${r.late}, deferred ${r.deferred}, "busy" ${r.busy}, never answered in full ${r.unanswered}`,
  );
}

interface BenchBot {
  fake: FakeDiscord;
  pid: number;
  child: ReturnType<typeof spawn>;
  /** Resolves once the bot has published the replies of the demo's snapshots and is connected. */
  ready(): Promise<void>;
  exited: Promise<number | null>;
  /** Log lines at error level or above so far. */
  errorLines(): number;
  /** Ends the bot if it still runs and closes the fake Discord. */
  close(): Promise<void>;
}

/** The real bot process (the node command of `npm start`) in its own process group, as under systemd, logged into a
 * fresh fake Discord. */
async function startBenchBot(dbPath: string, fakeOptions: { interactionDeadlineMs?: number } = {}): Promise<BenchBot> {
  const fake = await startFakeDiscord({ token: TOKEN, ...fakeOptions });
  const child = spawn(process.execPath, startScriptArgs(), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: FAKE_IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let published = false;
  let errorLines = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes('published the replies')) published = true;
    errorLines += text.match(/"level":(?:50|60)/g)?.length ?? 0;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    fake,
    pid: child.pid!,
    child,
    ready: async () => {
      await fake.waitForSession(60_000);
      while (!published) await sleep(100);
    },
    exited,
    errorLines: () => errorLines,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
      }
      await fake.close();
    },
  };
}

/** SIGTERM to the bot's whole process group; the time to its exit and its exit code. */
async function timedStop(bot: BenchBot): Promise<{ ms: number; code: number | null }> {
  const signalledAt = performance.now();
  process.kill(-bot.pid, 'SIGTERM');
  const code = await bot.exited;
  return { ms: performance.now() - signalledAt, code };
}

async function botUnderBurst(dbPath: string, commands: ReadonlyMap<string, CommandModule>, members: readonly string[]): Promise<void> {
  const bot = await startBenchBot(dbPath);
  const { fake, pid, child } = bot;
  let peak = { bot: 0, workers: 0 };
  const sampler = setInterval(() => {
    const now = rss(pid);
    peak = { bot: Math.max(peak.bot, now.bot), workers: Math.max(peak.workers, now.workers) };
  }, 50);
  try {
    await bot.ready();
    await sleep(1000);
    const definitions = new Map([...commands].map(([name, module]) => [name, module.data]));
    const before = rss(pid);
    peak = { ...before };
    report('\n1,000 mixed interactions in 2 s', await burst(fake, definitions, mixedSteps(1000, members, 20241105), 2000, 120_000));
    const burstPeak = { ...peak };
    await sleep(5000);
    const afterBurst = rss(pid);
    console.log(
      `  RSS bot ${mb(before.bot)} before, ${mb(burstPeak.bot)} peak, ${mb(afterBurst.bot)} 5 s after; chart workers ${mb(before.workers)} / ${mb(burstPeak.workers)} / ${mb(afterBurst.workers)}`,
    );
    report('1,000 mixed interactions in 10 s (100/s)', await burst(fake, definitions, mixedSteps(1000, members, 7), 10_000, 120_000));
    report('10,000 mixed interactions in 50 s', await burst(fake, definitions, mixedSteps(10_000, members, 1999), 50_000, 300_000));
    await sleep(5000);
    const after = rss(pid);
    console.log(
      `  RSS bot ${mb(before.bot)} before, ${mb(peak.bot)} peak, ${mb(after.bot)} after the 12,000 interactions; chart workers ${mb(before.workers)} / ${mb(peak.workers)} / ${mb(after.workers)}`,
    );
    if (child.exitCode !== null || child.signalCode !== null) {
      console.log(`Stop: not measured, the bot ended during the run (exit code ${child.exitCode}, signal ${child.signalCode})`);
      return;
    }
    const stop = await timedStop(bot);
    console.log(
      `Stop after the bursts (SIGTERM to the process group): exit code ${stop.code} in ${ms(stop.ms)} ms (target ≤ 5 s); ` +
        `log lines at error level over the whole run: ${bot.errorLines()}`,
    );
  } finally {
    clearInterval(sampler);
    await bot.close();
  }
}

/**
 * A stop in the middle of a burst: 1,000 mixed interactions sent within 2 s to a fresh bot, SIGTERM to its group
 * once half are out, the rest sent on until the gateway closes. Every interaction that reached the bot should be
 * answered (a generous first-response deadline here: this measures the stop, the burst above measures latency).
 */
async function stopDuringBurst(dbPath: string, commands: ReadonlyMap<string, CommandModule>, members: readonly string[]): Promise<void> {
  const bot = await startBenchBot(dbPath, { interactionDeadlineMs: 60_000 });
  try {
    await bot.ready();
    await sleep(1000);
    const definitions = new Map([...commands].map(([name, module]) => [name, module.data]));
    const steps = mixedSteps(1000, members, 4242);
    const sent: SentInteraction[] = [];
    let stop: Promise<{ ms: number; code: number | null }> | null = null;
    const start = performance.now();
    for (let i = 0; i < steps.length; i++) {
      const wait = start + i * 2 - performance.now();
      if (wait > 1) await sleep(wait);
      if (i === steps.length / 2) stop = timedStop(bot);
      const step = steps[i]!;
      const invocation = {
        command: definitions.get(step.command)!,
        ...(step.subcommand && { subcommand: step.subcommand }),
        options: step.options ?? {},
      };
      try {
        sent.push(
          step.focused === undefined ? bot.fake.sendChatInput(invocation) : bot.fake.sendAutocomplete({ ...invocation, focused: step.focused }),
        );
      } catch {
        break; // the gateway is closed: Discord has no session to deliver to
      }
    }
    const { ms: stopMs, code } = await stop!;
    const unanswered = sent.filter((interaction) => !bot.fake.responsesTo(interaction).some((r) => r.path.endsWith('/callback') && r.status < 300));
    console.log(
      `Stop during a burst (SIGTERM to the group after 500 of 1,000 in 2 s): exit code ${code} in ${ms(stopMs)} ms (target ≤ 5 s); ` +
        `${sent.length} reached the bot before its gateway closed, ${unanswered.length} of them never acknowledged; ` +
        `log lines at error level: ${bot.errorLines()}`,
    );
  } finally {
    await bot.close();
  }
}

// ---- Main ----------------------------------------------------------------------------------------------------

if (!existsSync(DEMO_DB)) {
  console.error('bench: data/demo.db is missing; run `npm run demo` first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'zombie-bench-'));
const dbPath = join(dir, 'bench.db');
copyFileSync(DEMO_DB, dbPath);
try {
  const commands = await loadCommands();
  const db = openDb(dbPath);
  const members = (latestHoldings(db, 'IWM')?.holdings ?? []).map((h) => h.ticker);
  db.close();
  console.log(
    `zombie-beta bench on the demo data (${members.length} members): Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${mb(totalmem())} RAM`,
  );
  console.log('Other processes share these cores: figures vary with the load (see README).');
  await handlerTimes(dbPath, commands, members);
  if (!args['skip-burst']) {
    await botUnderBurst(dbPath, commands, members);
    await stopDuringBurst(dbPath, commands, members);
  }
  if (args.scale) await benchScale({ dbPath, commands, members });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
