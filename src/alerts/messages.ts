// Alert posts as Discord receives them: a finding as an embed, the "and N more" fold, the /alerts test sample,
// and the channel-message body (mentions disabled, a nonce Discord uses to refuse a duplicate within minutes).
import { createHash } from 'node:crypto';
import type { Reply } from '../core/reply.js';
import { replyMessageData, replyUploadFiles } from '../render/payload.js';
import { KIND_SPECS, type Finding, type RuleKind } from './rules.js';
import type { AlertMessage, PostKey } from '../store/alerts.js';

/** Discord accepts a nonce of at most 25 characters. */
const NONCE_LENGTH = 25;

const KIND_COLORS: Record<RuleKind, number> = {
  'odds-move': 0xe67e22,
  'iwm-move': 0x3498db,
  correlation: 0x9b59b6,
  distress: 0xe74c3c,
  stale: 0x95a5a6,
};

export function postKeyText(key: PostKey): string {
  return [key.guildId, key.rule, key.subject, key.period].join('/');
}

/**
 * The message body of a reply for POST /channels/{id}/messages. `enforce_nonce` makes Discord return the earlier
 * message instead of creating a second one when the same nonce (derived from the post's key) arrives again within
 * a few minutes — a guard for a retry after Discord accepted a post whose answer was lost.
 */
export function toAlertMessage(reply: Reply, key: PostKey): AlertMessage {
  if (reply.ephemeral === true) throw new Error(`alert post ${postKeyText(key)} cannot be ephemeral`);
  const { content, embeds, allowed_mentions, attachments } = replyMessageData(reply);
  return {
    body: {
      ...(content !== undefined && { content }),
      ...(embeds !== undefined && { embeds }),
      allowed_mentions: allowed_mentions ?? { parse: [] },
      ...(attachments !== undefined && { attachments }),
      nonce: createHash('sha256').update(postKeyText(key)).digest('base64url').slice(0, NONCE_LENGTH),
      enforce_nonce: true,
    },
    files: replyUploadFiles(reply),
  };
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
