// What every handler returns: a plain reply that Discord (src/bot) and the terminal (`zombie render`) show the
// same way. Any layer that builds part of a reply (views, alerts, charts) imports it from here.
import type { APIEmbed } from 'discord.js';

export interface ReplyFile {
  name: string;
  data: Buffer;
  description?: string;
}

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  files?: ReplyFile[];
  /** Only the member who asked sees it (errors, refusals, admin confirmations). */
  ephemeral?: boolean;
}
