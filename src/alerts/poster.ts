// Delivers a server's queued posts to its channel: claim, send, record — at most `hourlyLimit` messages per channel
// per hour (the rest fold into one "and N more" post), with retries for transient failures and a pause, plus a
// notice for the admin, when Discord refuses the channel or a post.
//
// Exactly once. Each post has a deduplication key (server, rule, subject, period) that is UNIQUE in alert_posts;
// checks insert it once (a restart, a second process or host, a re-run ingest inserts nothing). Before sending, a
// delivery run claims posts in one transaction holding the server's lock (status queued → pending with the run's
// claim token): SQLite lets one writer in at a time (BEGIN IMMEDIATE), PostgreSQL serialises the server's claim
// transactions with an advisory lock, so two processes never claim the same post and never both send it. After
// Discord answers, the run marks the post sent (only if the claim is still its own).
//
// Crash between claim and "sent": the post stays pending. A pending claim older than `claimTimeoutMs` is taken
// over by the next run. Discord may have accepted the message before the process died, and Discord honours the
// message nonce (the post's ref, sent with enforce_nonce) only for a few minutes; so before sending any post
// that was tried before (a stale claim, a retry after a lost answer, a second send within a run) the run reads
// the channel's recent messages and, when one carries the post's ref (nonce or footer), records that message as
// the post instead of posting again. Setting `claimTimeoutMs` to Infinity makes delivery at-most-once instead:
// such a post is never retried.
// Posts expire at their `expires_at` (a digest hours after its scheduled time, an alert hours after it fired), so
// nothing stale is sent late.
//
// An "and N more" post is made anew in each run (its key carries the run's claim), so it cannot be retried as itself:
// one whose send may have reached Discord (a transient failure, a stop, a death mid-send) keeps its claim, and once
// that claim is stale the next run looks for it in the channel — found, it is recorded as sent with the posts it
// carries; surely not there, it is dropped and its posts fold anew; not checkable now, it and its posts wait.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from '../core/log.js';
import { addNotice } from '../store/alerts/notices.js';
import {
  claimFold,
  claimPosts,
  countChannelPostsSince,
  expireFold,
  expirePosts,
  listDuePosts,
  listStaleFolds,
  markPostSent,
  readPostMessage,
  releasePost,
  type DuePost,
  type Release,
  type NewPost,
  type AlertMessage,
  type PostKey,
} from '../store/alerts/outbox.js';
import { pauseKind } from '../store/alerts/rules.js';
import { pauseAlertChannel, type AlertSettings } from '../store/alerts/settings.js';
import type { AlertDb } from '../store/alerts/engine.js';
import { carriesRef, foldReply, postRef, toAlertMessage } from './messages.js';
import { KIND_SPECS, isAlertKind } from './rules.js';

/** Posts a message to a channel; resolves with the created message's id, rejects with Discord's error (or when
 * `signal` aborts: the bot is stopping). */
export type PostMessage = (channelId: string, message: AlertMessage, signal?: AbortSignal) => Promise<{ id: string }>;

/** Looks among a channel's recent messages for the one carrying a post's ref; null when none does. */
export type FindPosted = (channelId: string, ref: string, signal?: AbortSignal) => Promise<{ id: string } | null>;

/** What became of a post in a delivery run: sent; found (already in the channel, recorded); retry (a transient
 * failure, or cut short by a stop: a later run tries again); dropped (Discord rejected it); paused (the channel
 * refused the bot). */
export type PostOutcome = 'sent' | 'found' | 'retry' | 'dropped' | 'paused';

/** How many of a channel's newest messages a run reads to find a post it may have sent (Discord's maximum). */
export const RECENT_MESSAGES = 100;

export interface DeliveryOptions {
  /** Messages per channel per rolling hour, the "and N more" post included. */
  hourlyLimit: number;
  /** A pending claim older than this is considered abandoned (its process died) and taken over. */
  claimTimeoutMs: number;
  /** Sends per post per run for transient failures (discord.js already waits out 429s and retries 5xx). */
  attemptsPerRun: number;
  /** Wait before the second send of a run, doubled for each further one. */
  backoffMs: number;
  /** After a run's attempts fail, the post waits this long before the next run tries (doubling, at most 6 h). */
  retryLaterMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  hourlyLimit: 10,
  claimTimeoutMs: 10 * 60_000,
  attemptsPerRun: 2,
  backoffMs: 2000,
  retryLaterMs: 5 * 60_000,
  sleep: (ms) => sleep(ms),
};

const HOUR_MS = 3_600_000;
const MAX_RETRY_DELAY_MS = 6 * HOUR_MS;

/** The bot's channel access: discord.js REST (which waits out 429s itself), body and files sent as built. */
export function discordChannel(rest: Pick<REST, 'post' | 'get'>): { post: PostMessage; findPosted: FindPosted } {
  return {
    post: async (channelId, message, signal) => {
      const created = (await rest.post(Routes.channelMessages(channelId), {
        body: message.body,
        files: message.files.map((file) => ({ name: file.name, data: file.data })),
        ...(signal !== undefined && { signal: requestSignal(signal) }),
      })) as APIMessage;
      return { id: created.id };
    },
    findPosted: async (channelId, ref, signal) => {
      const query = new URLSearchParams({ limit: String(RECENT_MESSAGES) });
      const recent = (await rest.get(Routes.channelMessages(channelId), {
        query,
        ...(signal !== undefined && { signal: requestSignal(signal) }),
      })) as APIMessage[];
      const found = recent.find((message) => carriesRef(message, ref));
      return found ? { id: found.id } : null;
    },
  };
}

/** A signal of its own for one request that follows the long-lived stop signal: discord.js adds a listener to the
 * signal it is given and never removes it, so the stop signal itself would collect one per post. */
const requestSignal = (stop: AbortSignal): AbortSignal => AbortSignal.any([stop]);

/**
 * What a failed post means: `channel` — the channel is gone or the bot may not post there (404, 403): pause the
 * server's posting; `transient` — rate limit, Discord outage, network (429, 5xx, no answer): retry later;
 * `payload` — Discord rejected this message (other 4xx): drop it and pause its rule.
 */
export type PostFailure = 'channel' | 'transient' | 'payload';

export function classifyPostError(error: unknown): PostFailure {
  const status = errorStatus(error);
  if (status === null || status === 401 || status === 408 || status === 429 || status >= 500) return 'transient';
  if (status === 403 || status === 404) return 'channel';
  return 'payload';
}

/** "403 Missing Permissions (code 50013)"; the message of other errors. */
export function describePostError(error: unknown): string {
  const status = errorStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === null) return message;
  const code = (error as { code?: unknown }).code;
  return `${status} ${message}${typeof code === 'number' ? ` (code ${code})` : ''}`;
}

function errorStatus(error: unknown): number | null {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : null;
}

/** Claims made before this time are abandoned; with an infinite timeout none is (at-most-once delivery). */
export function staleClaimCutoff(now: Date, claimTimeoutMs: number): Date {
  return Number.isFinite(claimTimeoutMs) ? new Date(now.getTime() - claimTimeoutMs) : new Date(0);
}

/**
 * Splits due posts by the channel's remaining hourly budget: all are sent when they fit; otherwise budget − 1 are
 * sent on their own and the rest fold into one "and N more" post; with no budget left, all wait.
 */
export function planBatch<T>(due: readonly T[], budget: number): { send: T[]; fold: T[]; waiting: T[] } {
  if (due.length <= budget) return { send: [...due], fold: [], waiting: [] };
  if (budget <= 0) return { send: [], fold: [], waiting: [...due] };
  return { send: due.slice(0, budget - 1), fold: due.slice(budget - 1), waiting: [] };
}

export interface DeliveryReport {
  guildId: string;
  channelId: string;
  sent: PostKey[];
  /** Posts carried by an "and N more" post that was sent. */
  folded: PostKey[];
  /** Posts left for a later run after transient failures. */
  retrying: PostKey[];
  dropped: PostKey[];
  /** Posts waiting for the hourly budget. */
  waiting: number;
  /** Set when Discord refused the channel during this run. */
  pausedReason: string | null;
}

export interface DeliveryContext {
  store: AlertDb;
  post: PostMessage;
  findPosted: FindPosted;
  now: () => Date;
  options: DeliveryOptions;
  logger: Logger;
  /** Aborts when the process stops: no further post is claimed or retried, a send under way is cut short (its
   * claim goes back to the queue for the next run, which first looks for it in the channel). */
  signal?: AbortSignal;
  /** Told what became of each post (the bot's metrics). */
  onPost?: (outcome: PostOutcome) => void;
}

interface ClaimedPost {
  id: number;
  key: PostKey;
  /** The claim token of this run. */
  token: string;
  /** Attempts including this run's claim. */
  attempts: number;
  /** For an "and N more" post: the posts it carries. */
  carries: PostKey[];
  /** When the claim was taken (the delivery clock). */
  claimedAt: Date;
}

/** A send still under way this long before its claim would go stale (at most a quarter of the claim timeout) is cut
 * short and retried after a look in the channel, so that a slow send (a long rate-limit wait) never goes out after
 * another run took the claim over. */
const CLAIM_MARGIN_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sends what is due for one server whose channel is set; never throws for Discord's answers. */
export async function deliverServer(context: DeliveryContext, settings: AlertSettings & { channelId: string }): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    guildId: settings.guildId,
    channelId: settings.channelId,
    sent: [],
    folded: [],
    retrying: [],
    dropped: [],
    waiting: 0,
    pausedReason: null,
  };
  if (context.signal?.aborted) return report;
  await settleStaleFolds(context, settings, report);
  const { queue, waiting } = await claimBatch(context, settings);
  report.waiting = waiting;
  for (let index = 0; index < queue.length; index += 1) {
    if (context.signal?.aborted === true) {
      // The process is stopping: the posts not tried yet go back to the queue for the next run.
      for (const unsent of queue.slice(index)) await releaseUnsent(context, unsent);
      break;
    }
    const stop = await deliverOne(context, settings, queue[index]!, report);
    if (stop) {
      for (const unsent of queue.slice(index + 1)) await releaseUnsent(context, unsent);
      break;
    }
  }
  return report;
}

/** Settles the "and N more" posts whose claim went stale (see the top of this file). */
async function settleStaleFolds(context: DeliveryContext, settings: AlertSettings & { channelId: string }, report: DeliveryReport): Promise<void> {
  const { store, logger } = context;
  const staleBefore = staleClaimCutoff(context.now(), context.options.claimTimeoutMs);
  const stopping = () => context.signal?.aborted === true;
  for (const fold of await listStaleFolds(store, settings.guildId, staleBefore)) {
    if (stopping()) return;
    let found: { id: string } | null;
    try {
      found = await context.findPosted(fold.channelId, postRef(fold.key), context.signal);
    } catch (error) {
      if (stopping()) return;
      if (errorStatus(error) === 404) {
        // The channel is gone: nobody can see the post, so its alerts fold anew (in the channel set now).
        await releasePost(store, fold.id, fold.token, { status: 'dropped', error: `its channel is gone: ${describePostError(error)}` });
      } else if (context.now().toISOString() >= fold.expiresAt) {
        await expireFold(store, fold.id, fold.token, `could not be looked for before its expiry: ${describePostError(error)}`);
        logger.warn(
          { post: fold.key, err: error },
          'gave up an unsettled "and N more" post: its alerts expire unposted rather than risk a second copy',
        );
      } else {
        logger.warn({ post: fold.key, err: error }, 'could not look for an unsettled "and N more" post; it waits for the next run');
      }
      continue;
    }
    if (found === null) {
      await releasePost(store, fold.id, fold.token, { status: 'dropped', error: 'claim went stale; not in the channel' });
      continue;
    }
    if (await markPostSent(store, fold.id, fold.token, { messageId: found.id, at: context.now() })) {
      report.sent.push(fold.key);
      logger.info(
        { post: fold.key, channelId: fold.channelId, messageId: found.id },
        'alert post found in the channel; recorded without posting again',
      );
      context.onPost?.('found');
    }
  }
}

/** Gives back a claim this run did not try: the post is queued again; an "and N more" post is dropped (its posts
 * are queued again and fold anew). */
function releaseUnsent(context: DeliveryContext, claimed: ClaimedPost): Promise<void> {
  const release: Release = claimed.key.rule === 'fold' ? { status: 'dropped', error: 'not sent in its run' } : { status: 'queued', error: null };
  return releasePost(context.store, claimed.id, claimed.token, release);
}

/** The lock key of a server's outbox: its claim transactions run one at a time across processes and hosts. */
export const outboxLock = (guildId: string) => `alert outbox ${guildId}`;

function claimBatch(context: DeliveryContext, settings: AlertSettings & { channelId: string }): Promise<{ queue: ClaimedPost[]; waiting: number }> {
  const { store, options } = context;
  const at = context.now();
  const claim = { token: randomUUID(), channelId: settings.channelId, at };
  const staleBefore = staleClaimCutoff(at, options.claimTimeoutMs);
  return store.transaction(
    async (tx) => {
      await expirePosts(tx, settings.guildId, at, staleBefore);
      const due = await listDuePosts(tx, settings.guildId, at, staleBefore);
      const budget = options.hourlyLimit - (await countChannelPostsSince(tx, settings.channelId, new Date(at.getTime() - HOUR_MS), staleBefore));
      const plan = planBatch(due, budget);
      const claimed = new Set(
        await claimPosts(
          tx,
          plan.send.map((post) => post.id),
          claim,
          staleBefore,
        ),
      );
      const queue: ClaimedPost[] = plan.send
        .filter((post) => claimed.has(post.id))
        .map((post) => ({
          id: post.id,
          key: post.key,
          token: claim.token,
          claimedAt: at,
          attempts: post.attempts + 1,
          carries: [],
        }));
      if (plan.fold.length > 0) {
        const fold = foldPost(settings.guildId, plan.fold, claim.token, at, options.hourlyLimit);
        const id = await claimFold(
          tx,
          fold,
          plan.fold.map((post) => post.id),
          claim,
        );
        queue.push({ id, key: fold.key, token: claim.token, attempts: 1, carries: plan.fold.map((post) => post.key), claimedAt: at });
      }
      return { queue, waiting: plan.waiting.length };
    },
    { lock: outboxLock(settings.guildId) },
  );
}

function foldPost(guildId: string, folded: readonly DuePost[], token: string, at: Date, hourlyLimit: number): NewPost {
  const key: PostKey = { guildId, rule: 'fold', subject: 'and-more', period: `${at.toISOString()} ${token}` };
  return {
    key,
    title: `…and ${folded.length} more`,
    priority: 0,
    message: toAlertMessage(
      foldReply(
        folded.map((post) => post.title),
        hourlyLimit,
      ),
      key,
    ),
    expiresAt: new Date(at.getTime() + HOUR_MS).toISOString(),
  };
}

/** Sends one claimed post and records the outcome; true when the rest of the batch must wait (channel or outage). */
async function deliverOne(
  context: DeliveryContext,
  settings: AlertSettings & { channelId: string },
  claimed: ClaimedPost,
  report: DeliveryReport,
): Promise<boolean> {
  const { store, logger } = context;
  const { token } = claimed;
  const outcome = await sendWithRetries(context, settings.channelId, claimed, await readPostMessage(store, claimed.id));
  if (outcome.ok) {
    const recorded = await markPostSent(store, claimed.id, token, { messageId: outcome.messageId, at: context.now() });
    if (!recorded) logger.warn({ post: claimed.key }, 'alert post sent after its claim was taken over; it may appear twice');
    report.sent.push(claimed.key);
    report.folded.push(...claimed.carries);
    const said = outcome.found ? 'alert post found in the channel; recorded without posting again' : 'alert posted';
    logger.info({ post: claimed.key, channelId: settings.channelId, messageId: outcome.messageId }, said);
    context.onPost?.(outcome.found ? 'found' : 'sent');
    return false;
  }
  const described = describePostError(outcome.error);
  const isFold = claimed.key.rule === 'fold';
  switch (outcome.failure) {
    case 'channel': {
      const reason = `Discord refused posting in <#${settings.channelId}>: ${described}`;
      await releasePost(store, claimed.id, token, isFold ? { status: 'dropped', error: described } : { status: 'queued', error: described });
      await pauseChannel(context, settings, reason);
      report.pausedReason = reason;
      logger.warn({ guildId: settings.guildId, channelId: settings.channelId, err: outcome.error }, 'alert channel paused');
      context.onPost?.('paused');
      return true;
    }
    case 'transient': {
      const nextAttemptAt = new Date(context.now().getTime() + retryDelayMs(context.options, claimed.attempts));
      // An "and N more" post that may have reached Discord keeps its claim, settled once stale (settleStaleFolds);
      // with claims that never go stale (at-most-once) it is dropped and its alerts fold anew, as other posts retry.
      if (!isFold) await releasePost(store, claimed.id, token, { status: 'retry', error: described, nextAttemptAt });
      else if (!Number.isFinite(context.options.claimTimeoutMs)) await releasePost(store, claimed.id, token, { status: 'dropped', error: described });
      if (!isFold) report.retrying.push(claimed.key);
      if (context.signal?.aborted === true) logger.info({ post: claimed.key, nextAttemptAt }, 'alert post cut short by the stop; will retry');
      else logger.warn({ post: claimed.key, err: outcome.error, nextAttemptAt }, 'alert post failed; will retry');
      context.onPost?.('retry');
      return true;
    }
    case 'payload': {
      await releasePost(store, claimed.id, token, { status: 'dropped', error: described });
      report.dropped.push(claimed.key);
      await pauseRule(context, claimed.key, described);
      logger.error({ post: claimed.key, err: outcome.error }, 'Discord rejected an alert post; its rule is paused');
      context.onPost?.('dropped');
      return false;
    }
  }
}

type SendOutcome = { ok: true; messageId: string; found: boolean } | { ok: false; error: unknown; failure: PostFailure };

/**
 * Sends a post, first looking for it in the channel whenever it may already be there: it was claimed before
 * (a run that died or lost Discord's answer) or a send of this run failed.
 */
async function sendWithRetries(context: DeliveryContext, channelId: string, claimed: ClaimedPost, message: AlertMessage): Promise<SendOutcome> {
  const { options } = context;
  // Real time left before the claim goes stale, less the margin (the claim was taken on the delivery clock).
  const margin = Math.min(CLAIM_MARGIN_MS, options.claimTimeoutMs / 4);
  const cutOffAt = Date.now() + options.claimTimeoutMs - margin - (context.now().getTime() - claimed.claimedAt.getTime());
  let mayBeThere = claimed.attempts > 1;
  for (let attempt = 1; ; attempt += 1) {
    const left = Math.floor(cutOffAt - Date.now());
    if (left <= 0)
      return { ok: false, error: new Error('its claim was about to go stale; sent later after a look in the channel'), failure: 'transient' };
    // A timer takes at most 2^31 − 1 ms (about 25 days); a longer claim needs none.
    const cut = left <= MAX_TIMER_MS ? [AbortSignal.timeout(left)] : [];
    const signal = cut.length === 0 ? context.signal : AbortSignal.any([...(context.signal ? [context.signal] : []), ...cut]);
    try {
      const found = mayBeThere ? await context.findPosted(channelId, postRef(claimed.key), signal) : null;
      if (found) return { ok: true, messageId: found.id, found: true };
      mayBeThere = true;
      const created = await context.post(channelId, message, signal);
      return { ok: true, messageId: created.id, found: false };
    } catch (error) {
      const failure = classifyPostError(error);
      if (failure !== 'transient' || attempt >= options.attemptsPerRun || signal?.aborted === true) return { ok: false, error, failure };
      await options.sleep(options.backoffMs * 2 ** (attempt - 1));
    }
  }
}

function retryDelayMs(options: DeliveryOptions, attempts: number): number {
  return Math.min(options.retryLaterMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

function pauseChannel(context: DeliveryContext, settings: AlertSettings & { channelId: string }, reason: string): Promise<void> {
  const at = context.now();
  return context.store.transaction(async (tx) => {
    await pauseAlertChannel(tx, settings.guildId, settings.channelId, reason, at);
    await addNotice(
      tx,
      settings.guildId,
      `Alerts are paused. ${reason}. Give the bot View Channel, Send Messages, Read Message History, Embed Links and Attach Files there, ` +
        'or choose another channel with /alerts channel (that resumes posting).',
      at,
    );
  });
}

function pauseRule(context: DeliveryContext, key: PostKey, described: string): Promise<void> {
  const at = context.now();
  return context.store.transaction(async (tx) => {
    if (isAlertKind(key.rule)) {
      await pauseKind(tx, key.guildId, key.rule, described, at);
      await addNotice(
        tx,
        key.guildId,
        `The "${KIND_SPECS[key.rule].label}" alert is paused: Discord rejected its post (${described}). ` +
          `Turn it back on with /alerts rule add rule:${key.rule}.`,
        at,
      );
    } else {
      await addNotice(tx, key.guildId, `Discord rejected a ${key.rule} post (${described}); it was not sent.`, at);
    }
  });
}
