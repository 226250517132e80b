// The shape of a slash-command module in commands/: its definition (`data`, the JSON Discord registers) and
// handlers that take a plain request and return a plain reply. Discord (src/bot) and the terminal
// (`zombie render`) adapt interactions to requests and replies to payloads, so both run the same code.
import type {
  APIApplicationCommandOptionChoice,
  APIEmbed,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { DrawChart } from '../render/charts/task.js';
import type { Db } from '../store/db.js';

export type OptionValue = string | number | boolean;

export interface CommandRequest {
  /** Command name, e.g. "zombie". */
  command: string;
  /** Subcommand group and subcommand, when the command has them ("rule" / "add"). */
  group?: string;
  subcommand?: string;
  /** Option values by name; a channel option holds the channel id. */
  options: Record<string, OptionValue>;
  guildId: string | null;
  channelId: string | null;
  userId: string;
  /** The member's permissions in this channel as a bitfield string (Discord's `member.permissions`). */
  memberPermissions: string | null;
}

export interface AutocompleteRequest extends CommandRequest {
  /** The option being typed and its partial text. */
  focused: { name: string; value: string };
}

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

export interface CommandContext {
  db: Db;
  config: Config;
  now: () => Date;
  /** Draws chart images: the bot's worker pool; drawn in this process when absent (terminal, tests). */
  drawChart?: DrawChart;
}

export interface CommandModule {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(request: CommandRequest, context: CommandContext): Promise<Reply>;
  autocomplete?(request: AutocompleteRequest, context: CommandContext): Promise<APIApplicationCommandOptionChoice[]>;
  /** Computes what the module serves for the current snapshots ahead of requests (the bot calls it at start and
   * after each completed snapshot), so that the first command after an ingest is a lookup. */
  prepare?(context: CommandContext): Promise<void>;
}
