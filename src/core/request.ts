// What every handler receives: a slash-command invocation as plain data, built from a Discord interaction
// (src/bot) or from a command line (`zombie render "/zombie trump"`).

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
