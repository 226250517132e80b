// A Reply as the exact body Discord receives: the interaction response `{ type: 4, data }` (JSON part) and the
// files uploaded beside it as multipart `files[n]`. The bot sends this body verbatim and `zombie render --json`
// prints it, so Discord and the terminal show the same payload.
import {
  InteractionResponseType,
  MessageFlags,
  type APIInteractionResponseCallbackData,
  type APIInteractionResponseChannelMessageWithSource,
  type RESTAPIAttachment,
} from 'discord.js';
import type { UploadFile } from '../core/payload.js';
import type { Reply } from '../core/reply.js';
import { fitEmbeds, truncate } from './limits.js';

/** Discord's limit on message content (https://discord.com/developers/docs/resources/message#create-message). */
export const CONTENT_MAX_CHARS = 2000;
/** Discord accepts at most 10 attachments per message. */
export const FILES_PER_MESSAGE = 10;

/** The message body of a reply (the `data` of an interaction response, a follow-up or an edit). */
export function replyMessageData(reply: Reply): APIInteractionResponseCallbackData {
  const files = reply.files ?? [];
  if (reply.content === undefined && (reply.embeds ?? []).length === 0 && files.length === 0) {
    throw new Error('Reply has no content, embeds or files; Discord rejects an empty message');
  }
  if (files.length > FILES_PER_MESSAGE) {
    throw new Error(`Reply has ${files.length} files; Discord accepts at most ${FILES_PER_MESSAGE} per message`);
  }
  const attachments: RESTAPIAttachment[] = files.map((file, index) => ({
    id: index,
    filename: file.name,
    ...(file.description !== undefined && { description: file.description }),
  }));
  return {
    ...(reply.content !== undefined && { content: truncate(reply.content, CONTENT_MAX_CHARS) }),
    ...(reply.embeds !== undefined && { embeds: fitEmbeds(reply.embeds) }),
    // Bot output never pings anyone: Discord parses no @everyone, role or user mentions.
    allowed_mentions: { parse: [] },
    ...(reply.ephemeral === true && { flags: MessageFlags.Ephemeral }),
    ...(attachments.length > 0 && { attachments }),
  };
}

/** The interaction response Discord receives for a reply: `{ type: 4, data }`. */
export function interactionResponsePayload(reply: Reply): APIInteractionResponseChannelMessageWithSource {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: replyMessageData(reply) };
}

/** The files of a reply in upload order (the multipart parts `files[0]`, `files[1]`, …). */
export function replyUploadFiles(reply: Reply): UploadFile[] {
  return (reply.files ?? []).map((file) => ({ name: file.name, data: file.data }));
}
