// The outbox of scheduled posts (table alert_posts), whose UNIQUE (guild, rule, subject, period) key makes each
// post exactly-once. Status of a post: queued → pending (claimed by one delivery run) → sent; or retry (transient
// failure, with a time for the next attempt), folded (carried by an "and N more" post), expired (no longer
// relevant), dropped.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { UploadFile } from '../../core/payload.js';
import type { Db } from '../db.js';

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
export function enqueuePost(db: Db, post: NewPost, now: Date): boolean {
  return insertPost(db, post, now, null).inserted;
}

function insertPost(db: Db, post: NewPost, now: Date, claim: Claim | null): { inserted: boolean; id: number } {
  const { key, message } = post;
  if (message.files.length > 1) {
    throw new Error(`alert post ${key.guildId}/${key.rule}/${key.subject}: at most one file per post, got ${message.files.length}`);
  }
  const [file] = message.files;
  const result = db
    .prepare(
      `INSERT INTO alert_posts (guild_id, rule, subject, period, title, priority, body_json, file_name, file_data,
         status, created_at, expires_at, claim_token, claimed_at, channel_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (guild_id, rule, subject, period) DO NOTHING`,
    )
    .run(
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
    );
  return { inserted: result.changes === 1, id: Number(result.lastInsertRowid) };
}

export function postExists(db: Db, key: PostKey): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM alert_posts WHERE guild_id = ? AND rule = ? AND subject = ? AND period = ?`)
      .get(key.guildId, key.rule, key.subject, key.period) !== undefined
  );
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

/**
 * Marks expired what can no longer be sent in time, and drops "and N more" posts whose claim went stale (their
 * folded posts become due again on their own). `staleBefore`: claims older than this are considered abandoned.
 */
export function expirePosts(db: Db, guildId: string, now: Date, staleBefore: Date): number {
  const stale = staleBefore.toISOString();
  const droppedFolds = db
    .prepare(
      `UPDATE alert_posts SET status = 'dropped', last_error = 'claim went stale before it was sent'
       WHERE guild_id = ? AND rule = 'fold' AND status = 'pending' AND claimed_at <= ?`,
    )
    .run(guildId, stale).changes;
  const expired = db
    .prepare(
      `UPDATE alert_posts SET status = 'expired', folded_into = NULL, ${DISCARD_FILE}
       WHERE guild_id = ? AND expires_at <= ?
         AND (status IN ('queued', 'retry') OR (status = 'pending' AND claimed_at <= ?))`,
    )
    .run(guildId, now.toISOString(), stale).changes;
  return droppedFolds + expired;
}

/** Posts a delivery run may claim now, in posting order: queued, retry whose time came, and stale claims. */
export function listDuePosts(db: Db, guildId: string, now: Date, staleBefore: Date): DuePost[] {
  const rows = db
    .prepare(
      `SELECT id, guild_id, rule, subject, period, title, priority, status, attempts FROM alert_posts
       WHERE guild_id = ? AND rule <> 'fold' AND expires_at > ?
         AND (status = 'queued'
           OR (status = 'retry' AND next_attempt_at <= ?)
           OR (status = 'pending' AND claimed_at <= ?))
       ORDER BY priority, id`,
    )
    .all(guildId, now.toISOString(), now.toISOString(), staleBefore.toISOString()) as DueRow[];
  return rows.map((row) => ({ ...fromPostRow(row), priority: row.priority, status: row.status }));
}

/** Messages posted (or being posted) to a channel since a time; folded posts are carried by their fold post. */
export function countChannelPostsSince(db: Db, channelId: string, since: Date): number {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n FROM alert_posts
       WHERE channel_id = ? AND status IN ('pending', 'sent') AND folded_into IS NULL AND claimed_at > ?`,
    )
    .get(channelId, since.toISOString()) as { n: number };
  return row.n;
}

/** Claims due posts for sending on their own (call inside the transaction that listed them). */
export function claimPosts(db: Db, ids: readonly number[], claim: Claim): void {
  const statement = db.prepare(
    `UPDATE alert_posts SET status = 'pending', claim_token = ?, claimed_at = ?, channel_id = ?, folded_into = NULL,
       attempts = attempts + 1
     WHERE id = ?`,
  );
  for (const id of ids) statement.run(claim.token, claim.at.toISOString(), claim.channelId, id);
}

/** Inserts an "and N more" post, claimed, and claims the posts it carries. Returns its id. */
export function claimFold(db: Db, fold: NewPost, foldedIds: readonly number[], claim: Claim): number {
  const { inserted, id } = insertPost(db, fold, claim.at, claim);
  if (!inserted) throw new Error(`fold post ${fold.key.subject}/${fold.key.period} already exists`);
  const statement = db.prepare(
    `UPDATE alert_posts SET status = 'pending', claim_token = ?, claimed_at = ?, channel_id = ?, folded_into = ?
     WHERE id = ?`,
  );
  for (const folded of foldedIds) statement.run(claim.token, claim.at.toISOString(), claim.channelId, id, folded);
  return id;
}

interface MessageRow {
  body_json: string;
  file_name: string | null;
  file_data: Buffer | null;
}

export function readPostMessage(db: Db, id: number): AlertMessage {
  const row = db.prepare(`SELECT body_json, file_name, file_data FROM alert_posts WHERE id = ?`).get(id) as MessageRow | undefined;
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
export function markPostSent(db: Db, id: number, token: string, sent: { messageId: string; at: Date }): boolean {
  return db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE alert_posts SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL, ${DISCARD_FILE}
         WHERE id = ? AND claim_token = ? AND status = 'pending'`,
      )
      .run(sent.at.toISOString(), sent.messageId, id, token).changes;
    db.prepare(
      `UPDATE alert_posts SET status = 'folded', sent_at = ?, message_id = ?, ${DISCARD_FILE}
       WHERE folded_into = ? AND claim_token = ? AND status = 'pending'`,
    ).run(sent.at.toISOString(), sent.messageId, id, token);
    return changed === 1;
  })();
}

export type Release =
  | { status: 'queued'; error: string | null }
  | { status: 'retry'; error: string; nextAttemptAt: Date }
  | { status: 'dropped'; error: string };

/** Gives a claimed post back (queued or retry) or drops it; the posts it folds become queued again. */
export function releasePost(db: Db, id: number, token: string, release: Release): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE alert_posts SET status = ?, next_attempt_at = ?, last_error = ?, claim_token = NULL
       WHERE id = ? AND claim_token = ? AND status = 'pending'`,
    ).run(release.status, release.status === 'retry' ? release.nextAttemptAt.toISOString() : null, release.error, id, token);
    db.prepare(
      `UPDATE alert_posts SET status = 'queued', folded_into = NULL, claim_token = NULL
       WHERE folded_into = ? AND claim_token = ? AND status = 'pending'`,
    ).run(id, token);
  })();
}

/** Alerts posted to a server since a time (sent on their own or folded), by rule. */
export function alertCountsSince(db: Db, guildId: string, since: Date): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT rule, COUNT(*) AS n FROM alert_posts
       WHERE guild_id = ? AND status IN ('sent', 'folded') AND sent_at > ? AND rule NOT IN ('digest', 'test', 'fold')
       GROUP BY rule ORDER BY rule`,
    )
    .all(guildId, since.toISOString()) as { rule: string; n: number }[];
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
export function listAlertPosts(db: Db, guildId: string): PostRecord[] {
  const rows = db
    .prepare(
      `SELECT id, guild_id, rule, subject, period, title, status, attempts, channel_id, message_id, folded_into, last_error
       FROM alert_posts WHERE guild_id = ? ORDER BY id`,
    )
    .all(guildId) as PostRecordRow[];
  return rows.map((row) => ({
    ...fromPostRow(row),
    status: row.status,
    channelId: row.channel_id,
    messageId: row.message_id,
    foldedInto: row.folded_into,
    lastError: row.last_error,
  }));
}
