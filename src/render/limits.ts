// Discord's embed limits in one place (https://discord.com/developers/docs/resources/message#embed-object-embed-limits),
// applied to every reply before it is sent or printed.
import type { APIEmbed } from 'discord.js';

export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** The sum of title, description, field names and values, footer text and author name, over all embeds. */
  total: 6000,
  embedsPerMessage: 10,
} as const;

const ELLIPSIS = '…';

/** At most `max` UTF-16 units (as `embedLength` counts), never cutting a surrogate pair in two (a lone half is no text). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max - 1;
  const code = text.charCodeAt(end - 1);
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end)}${ELLIPSIS}`;
}

/** Characters Discord counts toward the 6,000 total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Cuts each part of an embed to its limit, then drops trailing fields until the 6,000 total fits. */
export function truncateEmbed(embed: APIEmbed, budget: number = EMBED_LIMITS.total): APIEmbed {
  const result: APIEmbed = {
    ...embed,
    ...(embed.title !== undefined && { title: truncate(embed.title, EMBED_LIMITS.title) }),
    ...(embed.description !== undefined && { description: truncate(embed.description, EMBED_LIMITS.description) }),
    ...(embed.footer && { footer: { ...embed.footer, text: truncate(embed.footer.text, EMBED_LIMITS.footerText) } }),
    ...(embed.author && { author: { ...embed.author, name: truncate(embed.author.name, EMBED_LIMITS.authorName) } }),
    ...(embed.fields && {
      fields: embed.fields.slice(0, EMBED_LIMITS.fields).map((field) => ({
        ...field,
        name: truncate(field.name, EMBED_LIMITS.fieldName),
        value: truncate(field.value, EMBED_LIMITS.fieldValue),
      })),
    }),
  };
  while (embedLength(result) > budget && result.fields && result.fields.length > 0) result.fields.pop();
  if (embedLength(result) > budget && result.description) {
    result.description = truncate(result.description, Math.max(1, result.description.length - (embedLength(result) - budget)));
  }
  return result;
}

/** Fits a message's embeds to the per-message limits (count and the shared 6,000 total). */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  let remaining: number = EMBED_LIMITS.total;
  return embeds.slice(0, EMBED_LIMITS.embedsPerMessage).map((embed) => {
    const fitted = truncateEmbed(embed, remaining);
    remaining -= embedLength(fitted);
    return fitted;
  });
}

/** Lists every limit a message's embeds break (empty when it fits); tests run it on every reply. */
export function limitViolations(embeds: APIEmbed[]): string[] {
  const problems: string[] = [];
  if (embeds.length > EMBED_LIMITS.embedsPerMessage) problems.push(`${embeds.length} embeds > ${EMBED_LIMITS.embedsPerMessage}`);
  const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > EMBED_LIMITS.total) problems.push(`total ${total} > ${EMBED_LIMITS.total}`);
  embeds.forEach((embed, i) => {
    const check = (what: string, length: number | undefined, max: number) => {
      if ((length ?? 0) > max) problems.push(`embed ${i} ${what} ${length} > ${max}`);
    };
    check('title', embed.title?.length, EMBED_LIMITS.title);
    check('description', embed.description?.length, EMBED_LIMITS.description);
    check('footer', embed.footer?.text.length, EMBED_LIMITS.footerText);
    check('fields', embed.fields?.length, EMBED_LIMITS.fields);
    embed.fields?.forEach((field, j) => {
      check(`field ${j} name`, field.name.length, EMBED_LIMITS.fieldName);
      check(`field ${j} value`, field.value.length, EMBED_LIMITS.fieldValue);
      if (field.name.length === 0 || field.value.length === 0) problems.push(`embed ${i} field ${j} is empty`);
    });
  });
  return problems;
}
