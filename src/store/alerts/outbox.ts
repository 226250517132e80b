// The outbox of scheduled posts (table alert_posts), whose UNIQUE (guild, rule, subject, period) key makes each
// post exactly-once. Status of a post: queued → pending (claimed by one delivery run) → sent; or retry (transient
// failure, with a time for the next attempt), folded (carried by an "and N more" post), expired (no longer
// relevant), dropped.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { UploadFile } from '../../core/payload.js';
import type { AlertDb } from './engine.js';

/** A channel message: the JSON body and the files uploaded beside it (multipart `files[n]`). */
export interface AlertMessage {
  body: RESTPostAPIChannelMessageJSONBody;
  files: UploadFile[];
}

/** The deduplication key of a post: one server, one rule, one subject, one period. */
export interface PostKey {
  guildId: string;
  rule: string;
  subject: string;
  period: string;
}

/** Once a post is sent, folded or expired its file (a chart PNG) is not kept; its key and body are. */
const DISCARD_FILE = 'file_name = NULL, file_data = NULL';

/** A post to enqueue. */
export interface NewPost {
  key: PostKey;
  title: string;
  /** Lower posts first (the digest before alerts). */
  priority: number;
  message: AlertMessage;
  /** ISO time after which the post is no longer relevant and is not sent. */
  expiresAt: string;
}

/** Inserts the post unless its key exists (whatever its status); true when this call inserted it. */
export async function enqueuePost(store: AlertDb, post: NewPost, now: Date): Promise<boolean> {
  return (await insertPost(store, post, now, null)) !== null;
}

/** Inserts the post unless its key exists; its id, or null when the key was there. */
async function insertPost(store: AlertDb, post: NewPost, now: Date, claim: Claim | null): Promise<number | null> {
  const { key, message } = post;
  if (message.files.length > 1) {
    throw new Error(`alert post ${key.guildId}/${key.rule}/${key.subject}: at most one file per post, got ${message.files.length}`);
  }
  const [file] = message.files;
  const inserted = await store.get<{ id: number }>(
    `INSERT INTO alert_posts (guild_id, rule, subject, period, title, priority, body_json, file_name, file_data,
       status, created_at, expires_at, claim_token, claimed_at, channel_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (guild_id, rule, subject, period) DO NOTHING
     RETURNING id`,
    [
      key.guildId,
      key.rule,
      key.subject,
      key.period,
      post.title,
      post.priority,
      JSON.stringify(message.body),
      file?.name ?? null,
      file?.data ?? null,
      claim === null ? 'queued' : 'pending',
      now.toISOString(),
      post.expiresAt,
      claim?.token ?? null,
      claim?.at.toISOString() ?? null,
      claim?.channelId ?? null,
    ],
  );
  return inserted?.id ?? null;
}

export async function postExists(store: AlertDb, key: PostKey): Promise<boolean> {
  const found = await store.get(`SELECT 1 AS found FROM alert_posts WHERE guild_id = ? AND rule = ? AND subject = ? AND period = ?`, [
    key.guildId,
    key.rule,
    key.subject,
    key.period,
  ]);
  return found !== undefined;
}

/** A delivery run's hold on posts: its token, the channel and the time of the claim. */
export interface Claim {
  token: string;
  channelId: string;
  at: Date;
}

export interface DuePost {
  id: number;
  key: PostKey;
  title: string;
  priority: number;
  status: 'queued' | 'retry' | 'pending';
  attempts: number;
}

/** The columns of alert_posts every listing reads: the post, its key, title and attempts. */
interface PostRow {
  id: number;
  guild_id: string;
  rule: string;
  subject: string;
  period: string;
  title: string;
  attempts: number;
}

const fromPostRow = (row: PostRow) => ({
  id: row.id,
  key: { guildId: row.guild_id, rule: row.rule, subject: row.subject, period: row.period },
  title: row.title,
  attempts: row.attempts,
});

interface DueRow extends PostRow {
  priority: number;
  status: DuePost['status'];
}

/** Not carried by an "and N more" post still pending: those posts are settled with it (settleStaleFolds). */
const NOT_CARRIED = `(folded_into IS NULL OR NOT EXISTS (
  SELECT 1 FROM alert_posts AS fold WHERE fold.id = alert_posts.folded_into AND fold.status = 'pending'))`;

/**
 * Marks expired what can no longer be sent in time (not the posts an "and N more" post carries: they go with it).
 * `staleBefore`: claims older than this are considered abandoned.
 */
export function expirePosts(store: AlertDb, guildId: string, now: Date, staleBefore: Date): Promise<number> {
  return store.run(
    `UPDATE alert_posts SET status = 'expired', folded_into = NULL, ${DISCARD_FILE}
     WHERE guild_id = ? AND rule <> 'fold' AND ${NOT_CARRIED} AND expires_at <= ?
       AND (status IN ('queued', 'retry') OR (status = 'pending' AND claimed_at <= ?))`,
    [guildId, now.toISOString(), staleBefore.toISOString()],
  );
}

/**
 * Posts a delivery run may claim now, in posting order: queued, retry whose time came, and stale claims — not the
 * posts an "and N more" post still pending carries, which are settled with it.
 */
export async function listDuePosts(store: AlertDb, guildId: string, now: Date, staleBefore: Date): Promise<DuePost[]> {
  const rows = await store.all<DueRow>(
    `SELECT id, guild_id, rule, subject, period, title, priority, status, attempts FROM alert_posts
     WHERE guild_id = ? AND rule <> 'fold' AND ${NOT_CARRIED} AND expires_at > ?
       AND (status = 'queued'
         OR (status = 'retry' AND next_attempt_at <= ?)
         OR (status = 'pending' AND claimed_at <= ?))
     ORDER BY priority, id`,
    [guildId, now.toISOString(), now.toISOString(), staleBefore.toISOString()],
  );
  return rows.map((row) => ({ ...fromPostRow(row), priority: row.priority, status: row.status }));
}

/** An "and N more" post whose claim went stale: its run died, was stopped or lost Discord's answer mid-send. */
export interface StaleFold {
  id: number;
  key: PostKey;
  /** The claim it and the posts it carries were taken with. */
  token: string;
  channelId: string;
  expiresAt: string;
}

export async function listStaleFolds(store: AlertDb, guildId: string, staleBefore: Date): Promise<StaleFold[]> {
  const rows = await store.all<PostRow & { claim_token: string; channel_id: string; expires_at: string }>(
    `SELECT id, guild_id, rule, subject, period, title, attempts, claim_token, channel_id, expires_at FROM alert_posts
     WHERE guild_id = ? AND rule = 'fold' AND status = 'pending' AND claimed_at <= ?
     ORDER BY id`,
    [guildId, staleBefore.toISOString()],
  );
  return rows.map((row) => ({
    id: row.id,
    key: fromPostRow(row).key,
    token: row.claim_token,
    channelId: row.channel_id,
    expiresAt: row.expires_at,
  }));
}

/** Gives up an "and N more" post that could not be looked for until its expiry: it and the posts it carries expire
 * (not queued again: it may be in the channel). */
export function expireFold(store: AlertDb, id: number, token: string, error: string): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.run(
      `UPDATE alert_posts SET status = 'expired', last_error = ?, ${DISCARD_FILE} WHERE id = ? AND claim_token = ? AND status = 'pending'`,
      [error, id, token],
    );
    await tx.run(
      `UPDATE alert_posts SET status = 'expired', folded_into = NULL, ${DISCARD_FILE}
       WHERE folded_into = ? AND claim_token = ? AND status = 'pending'`,
      [id, token],
    );
  });
}

/**
 * Messages posted (or being posted) to a channel since a time; folded posts are carried by their fold post. A claim
 * older than `staleBefore` is not counted: it is due again (listDuePosts), and counts once it is claimed anew — else a
 * post whose process died would wait for its own slot in the hourly budget.
 */
export async function countChannelPostsSince(store: AlertDb, channelId: string, since: Date, staleBefore: Date): Promise<number> {
  const row = await store.get<{ n: number }>(
    `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM alert_posts
     WHERE channel_id = ? AND folded_into IS NULL AND claimed_at > ?
       AND (status = 'sent' OR (status = 'pending' AND claimed_at > ?))`,
    [channelId, since.toISOString(), staleBefore.toISOString()],
  );
  return row?.n ?? 0;
}

/**
 * Claims due posts for sending on their own (call inside the transaction that listed them, under the server's lock);
 * each only while it is still due, so that exactly once does not rest on the lock alone. Returns the ids claimed.
 */
export async function claimPosts(store: AlertDb, ids: readonly number[], claim: Claim, staleBefore: Date): Promise<number[]> {
  const claimed: number[] = [];
  for (const id of ids) {
    const changed = await store.run(
      `UPDATE alert_posts SET status = 'pending', claim_token = ?, claimed_at = ?, channel_id = ?, folded_into = NULL,
         attempts = attempts + 1
       WHERE id = ? AND (status IN ('queued', 'retry') OR (status = 'pending' AND claimed_at <= ?))`,
      [claim.token, claim.at.toISOString(), claim.channelId, id, staleBefore.toISOString()],
    );
    if (changed === 1) claimed.push(id);
  }
  return claimed;
}

/** Inserts an "and N more" post, claimed, and claims the posts it carries. Returns its id. */
export async function claimFold(store: AlertDb, fold: NewPost, foldedIds: readonly number[], claim: Claim): Promise<number> {
  const id = await insertPost(store, fold, claim.at, claim);
  if (id === null) throw new Error(`fold post ${fold.key.subject}/${fold.key.period} already exists`);
  for (const folded of foldedIds) {
    await store.run(
      `UPDATE alert_posts SET status = 'pending', claim_token = ?, claimed_at = ?, channel_id = ?, folded_into = ?
       WHERE id = ?`,
      [claim.token, claim.at.toISOString(), claim.channelId, id, folded],
    );
  }
  return id;
}

interface MessageRow {
  body_json: string;
  file_name: string | null;
  file_data: Buffer | null;
}

export async function readPostMessage(store: AlertDb, id: number): Promise<AlertMessage> {
  const row = await store.get<MessageRow>(`SELECT body_json, file_name, file_data FROM alert_posts WHERE id = ?`, [id]);
  if (row === undefined) throw new Error(`alert post ${id} does not exist`);
  return {
    body: JSON.parse(row.body_json) as AlertMessage['body'],
    files: row.file_name !== null && row.file_data !== null ? [{ name: row.file_name, data: row.file_data }] : [],
  };
}

/**
 * Records a post as sent (and the posts it folds as folded) if the claim is still this run's; false when another
 * run took the claim over meanwhile.
 */
export function markPostSent(store: AlertDb, id: number, token: string, sent: { messageId: string; at: Date }): Promise<boolean> {
  return store.transaction(async (tx) => {
    const changed = await tx.run(
      `UPDATE alert_posts SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL, ${DISCARD_FILE}
       WHERE id = ? AND claim_token = ? AND status = 'pending'`,
      [sent.at.toISOString(), sent.messageId, id, token],
    );
    await tx.run(
      `UPDATE alert_posts SET status = 'folded', sent_at = ?, message_id = ?, ${DISCARD_FILE}
       WHERE folded_into = ? AND claim_token = ? AND status = 'pending'`,
      [sent.at.toISOString(), sent.messageId, id, token],
    );
    return changed === 1;
  });
}

export type Release =
  | { status: 'queued'; error: string | null }
  | { status: 'retry'; error: string; nextAttemptAt: Date }
  | { status: 'dropped'; error: string };

/** Gives a claimed post back (queued or retry) or drops it; the posts it folds become queued again. */
export function releasePost(store: AlertDb, id: number, token: string, release: Release): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.run(
      `UPDATE alert_posts SET status = ?, next_attempt_at = ?, last_error = ?, claim_token = NULL
       WHERE id = ? AND claim_token = ? AND status = 'pending'`,
      [release.status, release.status === 'retry' ? release.nextAttemptAt.toISOString() : null, release.error, id, token],
    );
    await tx.run(
      `UPDATE alert_posts SET status = 'queued', folded_into = NULL, claim_token = NULL
       WHERE folded_into = ? AND claim_token = ? AND status = 'pending'`,
      [id, token],
    );
  });
}

/** Alerts posted to a server since a time (sent on their own or folded), by rule. */
export async function alertCountsSince(store: AlertDb, guildId: string, since: Date): Promise<Record<string, number>> {
  const rows = await store.all<{ rule: string; n: number }>(
    `SELECT rule, CAST(COUNT(*) AS INTEGER) AS n FROM alert_posts
     WHERE guild_id = ? AND status IN ('sent', 'folded') AND sent_at > ? AND rule NOT IN ('digest', 'test', 'fold')
     GROUP BY rule ORDER BY rule`,
    [guildId, since.toISOString()],
  );
  return Object.fromEntries(rows.map((row) => [row.rule, row.n]));
}

export interface PostRecord {
  id: number;
  key: PostKey;
  title: string;
  status: string;
  attempts: number;
  channelId: string | null;
  messageId: string | null;
  foldedInto: number | null;
  lastError: string | null;
}

interface PostRecordRow extends PostRow {
  status: string;
  channel_id: string | null;
  message_id: string | null;
  folded_into: number | null;
  last_error: string | null;
}

/** Every post of a server, oldest first. */
export async function listAlertPosts(store: AlertDb, guildId: string): Promise<PostRecord[]> {
  const rows = await store.all<PostRecordRow>(
    `SELECT id, guild_id, rule, subject, period, title, status, attempts, channel_id, message_id, folded_into, last_error
     FROM alert_posts WHERE guild_id = ? ORDER BY id`,
    [guildId],
  );
  return rows.map((row) => ({
    ...fromPostRow(row),
    status: row.status,
    channelId: row.channel_id,
    messageId: row.message_id,
    foldedInto: row.folded_into,
    lastError: row.last_error,
  }));
}
