// Runs the alerts on croner jobs: one job per server digest (its time and IANA zone, weekdays) and one periodic
// rule check. A cycle checks every posting server (rules, due digests) and delivers what is due. Every bot process
// starts a scheduler, but only the holder of the scheduler lease (lease.ts) runs the jobs: it re-reads the servers'
// settings at each renewal (so a setting saved through another process or host is seen within `renewMs`), and the
// others wait to take the lease over. Cycles run one at a time in this process; other processes are kept out by the
// outbox claims (see poster.ts). When the lease is taken (at start, or from a process that died), a digest missed
// meanwhile is sent once if its scheduled time is within the grace period.
import { Cron } from 'croner';
import pino from 'pino';
import type { Logger } from '../core/log.js';
import type { AlertDb } from '../store/alerts/engine.js';
import { enqueuePost, type PostKey } from '../store/alerts/outbox.js';
import { kindOverridesByServer } from '../store/alerts/rules.js';
import { getAlertSettings, listPostingServers, type AlertSettings } from '../store/alerts/settings.js';
import { planCheck, recordCheck, samplePost, type AlertSources, type CheckOptions } from './check.js';
import { DEFAULT_LEASE, schedulerLease, type LeaseOptions } from './lease.js';
import { postKeyText } from './messages.js';
import {
  DEFAULT_DELIVERY,
  deliverServer,
  type DeliveryContext,
  type DeliveryOptions,
  type DeliveryReport,
  type FindPosted,
  type PostMessage,
  type PostOutcome,
} from './poster.js';
import { activeKinds, effectiveSettings } from './rules.js';
import { digestCronPattern } from './schedule.js';
import type { AlertState } from './state.js';

export interface SchedulerOptions {
  /** Croner pattern of the periodic rule check (server time). */
  ruleCheckPattern: string;
  /** Send a digest missed while the process was down, once, on start and at each rule check. */
  catchUpMissed: boolean;
  /** How late a missed digest may still be sent; also how long a queued digest stays relevant. */
  missedDigestGraceMs: number;
  /** How long an alert stays relevant if it cannot be posted at once. */
  alertRelevanceMs: number;
  delivery: DeliveryOptions;
  lease: LeaseOptions;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  ruleCheckPattern: '*/15 * * * *',
  catchUpMissed: true,
  missedDigestGraceMs: 6 * 3_600_000,
  alertRelevanceMs: 12 * 3_600_000,
  delivery: DEFAULT_DELIVERY,
  lease: DEFAULT_LEASE,
};

/** When a digest job fires, runs scheduled this recently count as due (covers a slow previous cycle). */
const DIGEST_FIRE_WINDOW_MS = 15 * 60_000;

export interface CycleDeps extends AlertSources {
  store: AlertDb;
  post: PostMessage;
  findPosted: FindPosted;
  now: () => Date;
  logger: Logger;
  options: SchedulerOptions;
  /** Aborts when the process stops: no further server is checked or claimed (see DeliveryContext.signal). */
  signal?: AbortSignal;
  onPost?: (outcome: PostOutcome) => void;
}

export interface CycleReport {
  at: string;
  /** Why the data could not be loaded (rules and digests were skipped; queued posts were still delivered). */
  stateError: string | null;
  queued: PostKey[];
  deliveries: DeliveryReport[];
  warnings: string[];
}

/** Checks every posting server and delivers what is due. Never throws: failures are logged and reported. */
export async function runAlertCycle(deps: CycleDeps, digestWindowMs: number): Promise<CycleReport> {
  const now = deps.now();
  const report: CycleReport = { at: now.toISOString(), stateError: null, queued: [], deliveries: [], warnings: [] };
  const servers = await listPostingServers(deps.store);
  if (servers.length === 0 || stopping(deps)) return report;
  const state = loadStateFor(deps, report);
  if (state !== null) {
    const options = checkOptions(deps.options, digestWindowMs);
    for (const settings of servers) await checkServer(deps, settings, state, now, options, report);
  }
  const delivery = deliveryContext(deps);
  for (const settings of await listPostingServers(deps.store)) {
    if (stopping(deps)) break;
    try {
      report.deliveries.push(await deliverServer(delivery, withChannel(settings)));
    } catch (error) {
      deps.logger.error({ err: error, guildId: settings.guildId }, 'alert delivery failed');
      report.warnings.push(`server ${settings.guildId}: delivery failed: ${(error as Error).message}`);
    }
  }
  return report;
}

/** Whether the process is stopping (a function, so the compiler does not assume it unchanged across awaits). */
const stopping = (deps: Pick<CycleDeps, 'signal'>) => deps.signal?.aborted === true;

export function checkOptions(options: SchedulerOptions, digestWindowMs: number): CheckOptions {
  return { digestWindowMs, digestRelevanceMs: options.missedDigestGraceMs, alertRelevanceMs: options.alertRelevanceMs };
}

/** The digest window of a cycle that is not a digest job firing: the grace period when catching up, else none. */
export function catchUpWindowMs(options: SchedulerOptions): number {
  return options.catchUpMissed ? options.missedDigestGraceMs : 0;
}

function loadStateFor(deps: CycleDeps, report: CycleReport): AlertState | null {
  try {
    return deps.loadState();
  } catch (error) {
    report.stateError = (error as Error).message;
    deps.logger.error({ err: error }, 'could not load the alert state; rules and digests skipped this cycle');
    return null;
  }
}

async function checkServer(
  deps: CycleDeps,
  settings: AlertSettings,
  state: AlertState,
  now: Date,
  options: CheckOptions,
  report: CycleReport,
): Promise<void> {
  try {
    const plan = await planCheck(deps.store, settings, state, deps, now, options);
    const queued = await recordCheck(deps.store, plan, now);
    report.queued.push(...queued);
    report.warnings.push(...plan.warnings.map((warning) => `server ${settings.guildId}: ${warning}`));
    for (const warning of plan.warnings) deps.logger.warn({ guildId: settings.guildId }, warning);
    if (plan.old.length > 0) {
      deps.logger.debug({ guildId: settings.guildId, old: plan.old.map((finding) => postKeyText(finding.post.key)) }, 'findings too old to announce');
    }
    if (queued.length > 0) deps.logger.info({ guildId: settings.guildId, queued: queued.map(postKeyText) }, 'alerts queued');
  } catch (error) {
    deps.logger.error({ err: error, guildId: settings.guildId }, 'alert check failed');
    report.warnings.push(`server ${settings.guildId}: check failed: ${(error as Error).message}`);
  }
}

function deliveryContext(deps: CycleDeps): DeliveryContext {
  const { store, post, findPosted, now, logger, signal, onPost } = deps;
  return {
    store,
    post,
    findPosted,
    now,
    options: deps.options.delivery,
    logger,
    ...(signal !== undefined && { signal }),
    ...(onPost !== undefined && { onPost }),
  };
}

function withChannel(settings: AlertSettings): AlertSettings & { channelId: string } {
  if (settings.channelId === null) throw new Error(`server ${settings.guildId} has no alert channel`);
  return { ...settings, channelId: settings.channelId };
}

export interface SchedulerDeps extends AlertSources {
  store: AlertDb;
  post: PostMessage;
  findPosted: FindPosted;
  now?: () => Date;
  logger?: Logger;
  options?: Partial<Omit<SchedulerOptions, 'delivery' | 'lease'>> & { delivery?: Partial<DeliveryOptions>; lease?: Partial<LeaseOptions> };
  /** Told what became of each post (the bot's metrics). */
  onPost?: (outcome: PostOutcome) => void;
}

export type SampleOutcome =
  | { status: 'posted'; channelId: string }
  | { status: 'waiting'; channelId: string; detail: string }
  | { status: 'failed'; channelId: string; detail: string }
  | { status: 'not-posting'; detail: string };

export interface ScheduledJob {
  name: string;
  pattern: string;
  timezone: string | null;
  nextRun: Date | null;
}

export interface AlertScheduler {
  /** Re-reads the servers' settings and replaces the digest jobs whose time, zone or state changed (holder only). */
  reload(): Promise<void>;
  /** True while this process holds the scheduler lease and runs the jobs. */
  leaseHeld(): boolean;
  /** One cycle now (after an ingest, or from the command line). */
  runOnce(): Promise<CycleReport>;
  /** Posts a sample digest to a server's channel now (/alerts test). */
  postSample(guildId: string): Promise<SampleOutcome>;
  /** The jobs scheduled now (none unless this process holds the lease). */
  jobs(): ScheduledJob[];
  /** Resolves when the cycles started so far (the catch-up cycle on taking the lease included) are done. */
  settled(): Promise<void>;
  /** Stops every job, cuts a cycle in progress short (no further claim; a post being sent is aborted and goes back
   * to the queue), waits for it and gives the lease up; afterwards nothing keeps the process alive. */
  stop(): Promise<void>;
}

/** What /alerts needs from the running scheduler; the bot adds it to the command context as `alerts`. */
export type AlertsControl = Pick<AlertScheduler, 'reload' | 'postSample'>;

interface DigestJob {
  cron: Cron;
  signature: string;
}

/** Starts the scheduler; resolves after the first try for the lease (and, when taken, the first reload). */
export async function startAlertScheduler(deps: SchedulerDeps): Promise<AlertScheduler> {
  const options: SchedulerOptions = {
    ...DEFAULT_SCHEDULER_OPTIONS,
    ...deps.options,
    delivery: { ...DEFAULT_DELIVERY, ...deps.options?.delivery },
    lease: { ...DEFAULT_LEASE, ...deps.options?.lease },
  };
  const logger = deps.logger ?? pino({ level: 'silent' });
  const stop = new AbortController();
  const cycleDeps: CycleDeps = { ...deps, now: deps.now ?? (() => new Date()), logger, options, signal: stop.signal };
  const lease = schedulerLease(deps.store, options.lease, cycleDeps.now, (error) =>
    logger.error({ err: error }, 'could not reach the state database for the scheduler lease'),
  );
  const digestJobs = new Map<string, DigestJob>();
  let stopped = false;
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs tasks one after another, so a digest job and a rule check never interleave in this process. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
  const cycle = (windowMs: number) => serial(() => runAlertCycle(cycleDeps, windowMs));
  /** A job's cycle: only while this process holds the lease. */
  const leasedCycle = async (windowMs: number) => {
    if (lease.held()) await cycle(windowMs);
  };
  const onJobError = (error: unknown, job: Cron) => logger.error({ err: error, pattern: job.getPattern() }, 'alert job failed');

  const dropDigestJobs = () => {
    for (const job of digestJobs.values()) job.cron.stop();
    digestJobs.clear();
  };

  const reload = async (): Promise<void> => {
    if (stopped || !lease.held()) return;
    const wanted = new Map((await digestServers(deps.store)).map((settings) => [settings.guildId, settings]));
    if (stopped || !lease.held()) return;
    for (const [guildId, job] of digestJobs) {
      const settings = wanted.get(guildId);
      if (settings !== undefined && scheduleSignature(settings) === job.signature) continue;
      job.cron.stop();
      digestJobs.delete(guildId);
    }
    for (const [guildId, settings] of wanted) {
      if (digestJobs.has(guildId)) continue;
      try {
        const cron = new Cron(digestCronPattern(settings.digestTime), { timezone: settings.timezone, protect: true, catch: onJobError }, () =>
          leasedCycle(DIGEST_FIRE_WINDOW_MS),
        );
        digestJobs.set(guildId, { cron, signature: scheduleSignature(settings) });
      } catch (error) {
        const { digestTime, timezone } = settings;
        logger.error({ err: error, guildId, digestTime, timezone }, 'could not schedule a digest');
      }
    }
  };

  /** Renews (or tries to take) the lease; on taking it, reloads and catches up; on losing it, drops the digest jobs. */
  const tick = async () => {
    const had = lease.held();
    const holds = await lease.renew();
    if (stopped) return;
    if (holds && !had) logger.info({ holder: lease.holder }, 'took the alert scheduler lease; this process runs the alerts');
    if (!holds && had) logger.warn({ holder: lease.holder }, 'lost the alert scheduler lease; another process runs the alerts');
    if (!holds) {
      dropDigestJobs();
      return;
    }
    await reload().catch((error: unknown) => logger.error({ err: error }, 'could not reload the alert settings'));
    if (!had && options.catchUpMissed) {
      leasedCycle(catchUpWindowMs(options)).catch((error: unknown) => logger.error({ err: error }, 'the first alert cycle failed'));
    }
  };

  const ruleJob = new Cron(options.ruleCheckPattern, { protect: true, catch: onJobError }, () => leasedCycle(catchUpWindowMs(options)));
  let ticking: Promise<void> | null = null;
  const leaseTimer = setInterval(() => {
    ticking ??= tick().finally(() => (ticking = null));
  }, options.lease.renewMs);
  leaseTimer.unref();
  await tick();

  return {
    reload,
    leaseHeld: () => lease.held(),
    runOnce: async () => {
      await reload();
      return cycle(catchUpWindowMs(options));
    },
    postSample: (guildId) => serial(() => postSample(cycleDeps, guildId)),
    jobs: () =>
      lease.held()
        ? [
            ...(ruleJob.isStopped() ? [] : [{ name: 'rules', pattern: options.ruleCheckPattern, timezone: null, nextRun: ruleJob.nextRun() }]),
            ...[...digestJobs].map(([guildId, job]) => ({
              name: `digest:${guildId}`,
              pattern: job.cron.getPattern() ?? '',
              timezone: job.cron.options.timezone ?? null,
              nextRun: job.cron.nextRun(),
            })),
          ]
        : [],
    settled: () => tail.then(() => undefined),
    stop: async () => {
      stopped = true;
      stop.abort();
      clearInterval(leaseTimer);
      ruleJob.stop();
      dropDigestJobs();
      await ticking;
      await tail;
      await lease.release();
    },
  };
}

/** Posting servers whose digest is enabled and not paused. */
async function digestServers(store: AlertDb): Promise<AlertSettings[]> {
  const servers = await listPostingServers(store);
  const overrides = await kindOverridesByServer(store, 'digest');
  return servers.filter((settings) => {
    const override = overrides.get(settings.guildId);
    return activeKinds(effectiveSettings(override === undefined ? [] : [override])).some((setting) => setting.kind === 'digest');
  });
}

function scheduleSignature(settings: AlertSettings): string {
  return `${settings.digestTime} ${settings.timezone}`;
}

async function postSample(deps: CycleDeps, guildId: string): Promise<SampleOutcome> {
  const settings = await getAlertSettings(deps.store, guildId);
  if (settings === null || !settings.enabled || settings.channelId === null) {
    return { status: 'not-posting', detail: 'Alerts are off here: choose a channel with /alerts channel first.' };
  }
  if (settings.pausedReason !== null) return { status: 'not-posting', detail: `Alerts are paused. ${settings.pausedReason}.` };
  let state: AlertState;
  try {
    state = deps.loadState();
  } catch (error) {
    deps.logger.error({ err: error, guildId }, 'could not load the alert state for a sample');
    return { status: 'not-posting', detail: `The data could not be loaded: ${(error as Error).message}` };
  }
  const post = await samplePost(deps.store, settings, state, deps, deps.now());
  await enqueuePost(deps.store, post, deps.now());
  const report = await deliverServer(deliveryContext(deps), withChannel(settings));
  const channelId = settings.channelId;
  const is = (keys: PostKey[]) => keys.some((key) => postKeyText(key) === postKeyText(post.key));
  if (is(report.sent) || is(report.folded)) return { status: 'posted', channelId };
  if (report.pausedReason !== null) return { status: 'failed', channelId, detail: `Alerts are now paused. ${report.pausedReason}.` };
  if (is(report.retrying)) {
    return { status: 'failed', channelId, detail: 'Discord did not accept the post just now; it will be retried shortly.' };
  }
  if (is(report.dropped)) return { status: 'failed', channelId, detail: 'Discord rejected the sample post.' };
  return {
    status: 'waiting',
    channelId,
    detail: `The channel reached its limit of ${deps.options.delivery.hourlyLimit} posts this hour; the sample will follow.`,
  };
}
