// `zombie alerts run --dry`: what a cycle would post now — the posts already queued and due plus what the checks
// would add, split by each channel's hourly budget — as terminal text. Reads the database, writes nothing.
import type { Reply, ReplyFile } from '../core/reply.js';
import { countChannelPostsSince, listDuePosts, postExists, readPostMessage, type AlertMessage, type PostKey } from '../store/alerts/outbox.js';
import { listPostingServers, type AlertSettings } from '../store/alerts/settings.js';
import type { AlertDb } from '../store/alerts/engine.js';
import { replyToText } from '../render/text.js';
import { planCheck, type AlertSources, type OldFinding } from './check.js';
import { postKeyText } from './messages.js';
import { planBatch, staleClaimCutoff } from './poster.js';
import { catchUpWindowMs, checkOptions, type SchedulerOptions } from './scheduler.js';

export interface PreviewPost {
  key: PostKey;
  title: string;
  priority: number;
  message: AlertMessage;
  /** True when already in the outbox (queued earlier, retrying, or left by a run that died). */
  queued: boolean;
}

export interface ServerPreview {
  guildId: string;
  channelId: string;
  send: PreviewPost[];
  fold: PreviewPost[];
  waiting: PreviewPost[];
  /** Findings too old to announce: never posted. */
  old: OldFinding[];
  warnings: string[];
}

export interface PreviewDeps extends AlertSources {
  store: AlertDb;
  now: Date;
  options: SchedulerOptions;
}

const HOUR_MS = 3_600_000;

export async function previewAlertCycle(deps: PreviewDeps): Promise<ServerPreview[]> {
  const servers = await listPostingServers(deps.store);
  if (servers.length === 0) return [];
  const state = deps.loadState();
  const previews: ServerPreview[] = [];
  for (const settings of servers) previews.push(await previewServer(deps, settings, state));
  return previews;
}

async function previewServer(deps: PreviewDeps, settings: AlertSettings, state: ReturnType<AlertSources['loadState']>): Promise<ServerPreview> {
  const { store, now, options } = deps;
  const channelId = settings.channelId!;
  const staleBefore = staleClaimCutoff(now, options.delivery.claimTimeoutMs);
  const queued: PreviewPost[] = [];
  for (const post of await listDuePosts(store, settings.guildId, now, staleBefore)) {
    queued.push({ key: post.key, title: post.title, priority: post.priority, message: await readPostMessage(store, post.id), queued: true });
  }
  const plan = await planCheck(store, settings, state, deps, now, checkOptions(options, catchUpWindowMs(options)));
  const fresh: PreviewPost[] = [];
  for (const post of [...(plan.digest === null ? [] : [plan.digest.post]), ...plan.alerts]) {
    if (!(await postExists(store, post.key)))
      fresh.push({ key: post.key, title: post.title, priority: post.priority, message: post.message, queued: false });
  }
  const due = [...queued, ...fresh].sort((a, b) => a.priority - b.priority);
  const budget = options.delivery.hourlyLimit - (await countChannelPostsSince(store, channelId, new Date(now.getTime() - HOUR_MS), staleBefore));
  const old: OldFinding[] = [];
  for (const finding of plan.old) if (!(await postExists(store, finding.post.key))) old.push(finding);
  return { guildId: settings.guildId, channelId, ...planBatch(due, budget), old, warnings: plan.warnings };
}

export function previewText(previews: readonly ServerPreview[]): string {
  if (previews.length === 0) return 'No server has alerts on (an admin sets a channel with /alerts channel). Nothing to post.';
  return previews.map(serverText).join('\n\n');
}

function serverText(preview: ServerPreview): string {
  const lines = [`Server ${preview.guildId} → channel ${preview.channelId}`];
  if (preview.send.length + preview.fold.length + preview.waiting.length === 0) lines.push('  nothing due');
  for (const post of preview.send) {
    lines.push('', `--- would post: ${postKeyText(post.key)}${post.queued ? ' (already queued)' : ''}`, messageText(post.message));
  }
  if (preview.fold.length > 0) {
    lines.push('', `--- would post one "and ${preview.fold.length} more" message carrying:`);
    for (const post of preview.fold) lines.push(`  • ${post.title}`);
  }
  if (preview.waiting.length > 0) {
    lines.push('', `--- ${preview.waiting.length} post(s) wait: the channel's hourly limit is reached`);
  }
  for (const finding of preview.old) {
    lines.push(
      '',
      `--- not posted, old: ${postKeyText(finding.post.key)}: ${finding.post.title}`,
      `  its data (${finding.dataAt.slice(0, 16).replace('T', ' ')} UTC) is ${hours(finding.ageMs)} old; ` +
        `this rule announces data at most ${hours(finding.limitMs)} old`,
    );
  }
  for (const warning of preview.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

/** A duration in whole hours, or days past 72 hours: "60 hours", "760 days". */
function hours(ms: number): string {
  const h = Math.floor(ms / HOUR_MS);
  return h > 72 ? `${Math.floor(h / 24)} days` : `${h} hours`;
}

function messageText(message: AlertMessage): string {
  const files: ReplyFile[] = message.files.map((file) => ({ name: file.name, data: file.data }));
  const reply: Reply = {
    ...(message.body.content !== undefined && { content: message.body.content }),
    ...(message.body.embeds !== undefined && { embeds: message.body.embeds }),
    files,
  };
  return replyToText(reply);
}
