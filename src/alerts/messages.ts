// Alert posts as Discord receives them: a finding as an embed, the "and N more" fold, the /alerts test sample,
// and the channel-message body (mentions disabled, a nonce Discord uses to refuse a duplicate within minutes, and
// the same reference in the message's footer, so a delivery run can find a post in the channel later).
import { createHash } from 'node:crypto';
import type { Reply } from '../core/reply.js';
import { replyMessageData, replyUploadFiles } from '../render/payload.js';
import { KIND_SPECS, type Finding, type RuleKind } from './rules.js';
import type { APIEmbed } from 'discord.js';
import type { AlertMessage, PostKey } from '../store/alerts/outbox.js';

/** Discord accepts a nonce of at most 25 characters. */
const NONCE_LENGTH = 25;

const KIND_COLORS: Record<RuleKind, number> = {
  'odds-move': 0xe67e22,
  'iwm-move': 0x3498db,
  correlation: 0x9b59b6,
  distress: 0xe74c3c,
  stale: 0x95a5a6,
  positioning: 0x1abc9c,
};

export function postKeyText(key: PostKey): string {
  return [key.guildId, key.rule, key.subject, key.period].join('/');
}

/** The post's reference: 25 characters derived from its deduplication key, sent as the nonce and shown as "ref …". */
export function postRef(key: PostKey): string {
  return createHash('sha256').update(postKeyText(key)).digest('base64url').slice(0, NONCE_LENGTH);
}

const refText = (ref: string) => `ref ${ref}`;

/**
 * The message body of a reply for POST /channels/{id}/messages. `enforce_nonce` makes Discord return the earlier
 * message instead of creating a second one when the same nonce (the post's ref) arrives again within a few
 * minutes. Discord forgets a nonce after that, so the ref also travels in the message itself — at the end of the
 * last embed's footer, or as a small last line of a text post — where a later run finds it (carriesRef).
 */
export function toAlertMessage(reply: Reply, key: PostKey): AlertMessage {
  if (reply.ephemeral === true) throw new Error(`alert post ${postKeyText(key)} cannot be ephemeral`);
  const { content, embeds, allowed_mentions, attachments } = replyMessageData(reply);
  const ref = postRef(key);
  const stamped = embeds !== undefined && embeds.length > 0 ? withFooterRef(embeds, ref) : undefined;
  const text = stamped === undefined ? `${content ?? ''}\n-# ${refText(ref)}`.trimStart() : content;
  return {
    body: {
      ...(text !== undefined && { content: text }),
      ...(stamped !== undefined && { embeds: stamped }),
      allowed_mentions: allowed_mentions ?? { parse: [] },
      ...(attachments !== undefined && { attachments }),
      nonce: ref,
      enforce_nonce: true,
    },
    files: replyUploadFiles(reply),
  };
}

function withFooterRef(embeds: readonly APIEmbed[], ref: string): APIEmbed[] {
  const last = embeds.at(-1)!;
  const footer = last.footer?.text ? `${last.footer.text} · ${refText(ref)}` : refText(ref);
  return [...embeds.slice(0, -1), { ...last, footer: { ...last.footer, text: footer } }];
}

/** Whether a channel message (as GET /channels/{id}/messages returns it) is the post with this ref. */
export function carriesRef(message: { nonce?: string | number; content?: string; embeds?: readonly APIEmbed[] }, ref: string): boolean {
  const needle = refText(ref);
  return (
    message.nonce === ref ||
    (message.content ?? '').includes(needle) ||
    (message.embeds ?? []).some((embed) => (embed.footer?.text ?? '').includes(needle))
  );
}

export function findingReply(finding: Finding): Reply {
  return {
    embeds: [
      {
        title: finding.title,
        description: finding.detail,
        color: KIND_COLORS[finding.rule],
        footer: { text: `${KIND_SPECS[finding.rule].label} alert · adjust with /alerts rule` },
      },
    ],
  };
}

/** One post standing for the posts over the hourly limit, listing their titles. */
export function foldReply(titles: readonly string[], hourlyLimit: number): Reply {
  const noun = titles.length === 1 ? 'alert' : 'alerts';
  return {
    content: [
      `…and ${titles.length} more ${noun} (this channel gets at most ${hourlyLimit} posts an hour):`,
      ...titles.map((title) => `• ${title}`),
    ].join('\n'),
  };
}

/** The /alerts test post: the digest as it would look now, labelled as a sample. */
export function sampleReply(digest: Reply): Reply {
  return { ...digest, content: 'Sample post (/alerts test): the daily digest as it would look now.' };
}
