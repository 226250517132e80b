// The terminal view of a reply: the same embeds Discord shows, as readable plain text.
import type { APIEmbed } from 'discord.js';
import type { Reply } from '../core/reply.js';

export function embedToText(embed: APIEmbed): string {
  const lines: string[] = [];
  if (embed.title) lines.push(embed.title, '='.repeat(Math.min(embed.title.length, 72)));
  if (embed.description) lines.push(stripMarkdown(embed.description), '');
  for (const field of embed.fields ?? []) {
    lines.push(`▸ ${stripMarkdown(field.name)}`);
    for (const line of stripMarkdown(field.value).split('\n')) lines.push(`  ${line}`);
  }
  if (embed.footer) lines.push('', `— ${embed.footer.text}`);
  return lines.join('\n');
}

export function replyToText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.ephemeral) parts.push('(only you can see this)');
  if (reply.content) parts.push(stripMarkdown(reply.content));
  for (const embed of reply.embeds ?? []) parts.push(embedToText(embed));
  for (const file of reply.files ?? []) parts.push(`[attachment ${file.name}, ${file.data.length.toLocaleString('en-US')} bytes]`);
  return parts.join('\n\n');
}

/** Drops Discord markdown that reads badly in a terminal (bold, code ticks, code-block fences), keeping the text. */
function stripMarkdown(text: string): string {
  return text
    .replace(/^```\w*$\n?/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}
