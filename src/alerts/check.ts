// One server's check: which alerts fire and whether its digest is due, as posts with deduplication keys. Planning
// reads only (so `zombie alerts run --dry` can show it); recording inserts the posts and the new memory in one
// transaction, where the UNIQUE key turns a repeated check (restart, second process or host, re-run ingest) into
// no-ops.
import type { APIEmbed } from 'discord.js';
import { readAlertMemory, writeDigestMemory, writeRuleMemory, type DigestFigures, type RuleMemory } from '../store/alerts/memory.js';
import { alertCountsSince, enqueuePost, postExists, type NewPost, type PostKey } from '../store/alerts/outbox.js';
import { listKindOverrides } from '../store/alerts/rules.js';
import type { AlertSettings } from '../store/alerts/settings.js';
import type { AlertDb } from '../store/alerts/engine.js';
import { buildDigest } from './digest.js';
import { findingReply, sampleReply, toAlertMessage } from './messages.js';
import { activeKinds, effectiveSettings, evaluateRules, isRuleKind, nextRuleMemory, tooOld, type Finding, type RuleKind } from './rules.js';
import { dueDigestRun, localDate } from './schedule.js';
import type { AlertState } from './state.js';

/** Where the data and the summary come from; the runtime passes the real stores, tests pass hand-built values. */
export interface AlertSources {
  loadState(): AlertState;
  /** The /zombie summary embed. */
  summaryEmbed(): APIEmbed;
  /** A chart (PNG) to attach to the digest, if any. */
  chartPng?(): Buffer | null;
}

export interface CheckOptions {
  /** A digest run counts as due if it was scheduled within this long before now (0: only the cron job posts it). */
  digestWindowMs: number;
  /** A digest not sent within this long after its scheduled time is dropped. */
  digestRelevanceMs: number;
  /** An alert not sent within this long after it fired is dropped. */
  alertRelevanceMs: number;
}

export interface PlannedCheck {
  guildId: string;
  digest: { post: NewPost; figures: DigestFigures } | null;
  alerts: NewPost[];
  /** Findings whose data is too old to announce (see tooOld): not posted, shown by `zombie alerts run --dry`. */
  old: OldFinding[];
  memory: RuleMemory;
  /** Problems that did not stop the check (e.g. the chart could not be drawn). */
  warnings: string[];
}

export interface OldFinding {
  post: NewPost;
  /** When the finding's data point was current (ISO 8601). */
  dataAt: string;
  ageMs: number;
  /** The age past which the rule's findings are not posted. */
  limitMs: number;
}

/** Posting order: the digest (and test samples) first, floods of member alerts last. */
const PRIORITY: Record<RuleKind | 'digest' | 'test', number> = {
  digest: 0,
  test: 0,
  stale: 1,
  'odds-move': 2,
  'iwm-move': 2,
  correlation: 2,
  positioning: 2,
  distress: 3,
};
const SAMPLE_RELEVANCE_MS = 3_600_000;

/** What a check of this server would post now; reads the database, writes nothing. */
export async function planCheck(
  store: AlertDb,
  settings: AlertSettings,
  state: AlertState,
  sources: AlertSources,
  now: Date,
  options: CheckOptions,
): Promise<PlannedCheck> {
  const kinds = activeKinds(effectiveSettings(await listKindOverrides(store, settings.guildId)));
  const memory = await readAlertMemory(store, settings.guildId);
  const alerts: NewPost[] = [];
  const old: PlannedCheck['old'] = [];
  for (const finding of evaluateRules(state, kinds, memory.rules, now)) {
    const post = alertPost(settings.guildId, finding, now, options);
    const age = tooOld(finding, now);
    if (age === null) alerts.push(post);
    else old.push({ post, dataAt: finding.dataAt!, ...age });
  }
  const warnings: string[] = [];
  const digestActive = kinds.some((setting) => setting.kind === 'digest');
  return {
    guildId: settings.guildId,
    digest: digestActive ? await planDigest(store, settings, state, sources, now, options, memory.digest, warnings) : null,
    alerts,
    old,
    memory: nextRuleMemory(state, memory.rules),
    warnings,
  };
}

/** Inserts the planned posts that are new and the memory; returns the keys queued by this call. */
export function recordCheck(store: AlertDb, plan: PlannedCheck, now: Date): Promise<PostKey[]> {
  return store.transaction(async (tx) => {
    const queued: PostKey[] = [];
    for (const post of plan.alerts) if (await enqueuePost(tx, post, now)) queued.push(post.key);
    if (plan.digest !== null && (await enqueuePost(tx, plan.digest.post, now))) {
      await writeDigestMemory(tx, plan.guildId, plan.digest.figures, now);
      queued.unshift(plan.digest.post.key);
    }
    await writeRuleMemory(tx, plan.guildId, plan.memory, now);
    return queued;
  });
}

/** The /alerts test post: the digest as it would look now, compared with the previous digest but not remembered. */
export async function samplePost(store: AlertDb, settings: AlertSettings, state: AlertState, sources: AlertSources, now: Date): Promise<NewPost> {
  const key: PostKey = { guildId: settings.guildId, rule: 'test', subject: 'sample', period: now.toISOString() };
  const digest = await composeDigest(store, settings, state, sources, now, (await readAlertMemory(store, settings.guildId)).digest, []);
  return {
    key,
    title: 'Sample post (/alerts test)',
    priority: PRIORITY.test,
    message: toAlertMessage(sampleReply(digest.reply), key),
    expiresAt: new Date(now.getTime() + SAMPLE_RELEVANCE_MS).toISOString(),
  };
}

function alertPost(guildId: string, finding: Finding, now: Date, options: CheckOptions): NewPost {
  const key: PostKey = { guildId, rule: finding.rule, subject: finding.subject, period: finding.period };
  return {
    key,
    title: finding.title,
    priority: PRIORITY[finding.rule],
    message: toAlertMessage(findingReply(finding), key),
    expiresAt: new Date(now.getTime() + options.alertRelevanceMs).toISOString(),
  };
}

async function planDigest(
  store: AlertDb,
  settings: AlertSettings,
  state: AlertState,
  sources: AlertSources,
  now: Date,
  options: CheckOptions,
  previous: DigestFigures | null,
  warnings: string[],
): Promise<PlannedCheck['digest']> {
  const run = dueDigestRun(settings, now, options.digestWindowMs, new Date(settings.updatedAt));
  if (run === null) return null;
  const date = localDate(run, settings.timezone);
  const key: PostKey = { guildId: settings.guildId, rule: 'digest', subject: 'summary', period: date };
  if (await postExists(store, key)) return null;
  const { reply, figures } = await composeDigest(store, settings, state, sources, now, previous, warnings, date);
  return {
    post: {
      key,
      title: `Daily digest for ${date}`,
      priority: PRIORITY.digest,
      message: toAlertMessage(reply, key),
      expiresAt: new Date(run.getTime() + options.digestRelevanceMs).toISOString(),
    },
    figures,
  };
}

async function composeDigest(
  store: AlertDb,
  settings: AlertSettings,
  state: AlertState,
  sources: AlertSources,
  now: Date,
  previous: DigestFigures | null,
  warnings: string[],
  date: string = localDate(now, settings.timezone),
) {
  return buildDigest({
    summary: sources.summaryEmbed(),
    state,
    previous,
    alertCounts: previous === null ? {} : ruleCounts(await alertCountsSince(store, settings.guildId, new Date(previous.at))),
    chartPng: drawChart(sources, warnings),
    at: now,
    localDate: date,
    timezone: settings.timezone,
  });
}

function ruleCounts(counts: Record<string, number>): Partial<Record<RuleKind, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([rule]) => isRuleKind(rule)));
}

/** The chart is optional: a failure to draw it leaves the digest without one and is reported as a warning. */
function drawChart(sources: AlertSources, warnings: string[]): Buffer | null {
  try {
    return sources.chartPng?.() ?? null;
  } catch (error) {
    warnings.push(`digest chart could not be drawn: ${(error as Error).message}`);
    return null;
  }
}
