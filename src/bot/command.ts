// The shape of a slash-command module in commands/: its definition (`data`, the JSON Discord registers) and
// handlers that take a plain request and return a plain reply. Discord (src/bot) and the terminal
// (`zombie render`) adapt interactions to requests and replies to payloads, so both run the same code.
import type { APIApplicationCommandOptionChoice, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Config } from '../config.js';
import type { Precondition } from '../core/preconditions.js';
import type { Reply } from '../core/reply.js';
import type { AutocompleteRequest, CommandRequest } from '../core/request.js';
import type { DrawChart } from '../render/charts/task.js';
import type { Db } from '../store/db.js';

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
  /** Checks run before `execute` (src/core/preconditions.ts); the first refusal is the reply, shown to the member alone. */
  preconditions?: readonly Precondition[];
  autocomplete?(request: AutocompleteRequest, context: CommandContext): Promise<APIApplicationCommandOptionChoice[]>;
  /** Computes what the module serves for the current snapshots ahead of requests (the bot calls it at start and
   * after each completed snapshot), so that the first command after an ingest is a lookup. */
  prepare?(context: CommandContext): Promise<void>;
}

/** Runs a command as the bot and the terminal do: its preconditions, then its handler. */
export async function invokeCommand(module: CommandModule, request: CommandRequest, context: CommandContext): Promise<Reply> {
  for (const precondition of module.preconditions ?? []) {
    const refusal = precondition(request);
    if (refusal !== null) return { content: refusal, ephemeral: true };
  }
  return module.execute(request, context);
}
