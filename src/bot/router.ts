// Routes Discord interactions to command modules: a chat-input interaction becomes a CommandRequest, the module's
// Reply becomes the shared payload (src/render/payload.ts), sent verbatim. Discord wants a first response within
// 3 s: when execute has not settled after `deferAfterMs` the router defers (publicly — the reply's visibility is
// not known yet) and edits the deferral when the reply arrives; a reply that turns out ephemeral replaces the
// deferral (deleted) with an ephemeral follow-up. Every failure is answered with an ephemeral message carrying a
// short reference id, and logged with that id. The returned handler never rejects.
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  MessagePayload,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import { replyMessageData, replyUploadFiles, type UploadFile } from '../render/payload.js';
import type { AutocompleteRequest, CommandContext, CommandModule, CommandRequest, OptionValue, Reply } from './command.js';
import type { Logger } from './log.js';

/** Defer when execute has not settled after this long; Discord drops interactions unanswered after 3 s. */
export const DEFER_AFTER_MS = 1500;
/** Autocomplete cannot be deferred: after this long the member gets no suggestions rather than an error. */
export const AUTOCOMPLETE_TIMEOUT_MS = 2500;
/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

export interface RouterOptions {
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  deferAfterMs?: number;
  autocompleteTimeoutMs?: number;
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** The body and files of one outgoing message, as Discord receives them. */
interface OutgoingMessage {
  data: ReturnType<typeof replyMessageData>;
  files: UploadFile[];
  ephemeral: boolean;
}

const TIMED_OUT = Symbol('timed out');

export function createRouter(options: RouterOptions): InteractionHandler {
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const autocompleteTimeoutMs = options.autocompleteTimeoutMs ?? AUTOCOMPLETE_TIMEOUT_MS;
  return async (interaction) => {
    if (interaction.isChatInputCommand()) {
      await handleCommand(interaction, options, deferAfterMs);
    } else if (interaction.isAutocomplete()) {
      await handleAutocomplete(interaction, options, autocompleteTimeoutMs);
    } else {
      options.logger.debug({ interactionId: interaction.id, type: interaction.type }, 'ignored interaction type');
    }
  };
}

/** A short id a member can quote; the log line with the error detail carries the same id. */
export function newReferenceId(): string {
  return randomBytes(3).toString('hex');
}

export function failureReply(ref: string): Reply {
  return { content: `Something went wrong (ref ${ref}). The error is logged.`, ephemeral: true };
}

/** The CommandRequest of a chat-input or autocomplete interaction. */
export function toCommandRequest(interaction: ChatInputCommandInteraction | AutocompleteInteraction): CommandRequest {
  const request: CommandRequest = {
    command: interaction.commandName,
    options: {},
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    memberPermissions: interaction.memberPermissions?.bitfield.toString() ?? null,
  };
  collectOptions(interaction.options.data, request);
  return request;
}

export function toAutocompleteRequest(interaction: AutocompleteInteraction): AutocompleteRequest {
  const focused = interaction.options.getFocused(true);
  return { ...toCommandRequest(interaction), focused: { name: focused.name, value: String(focused.value) } };
}

/** Walks Discord's option tree: group → subcommand → values (a channel/user/role option's value is its id). */
function collectOptions(options: readonly CommandInteractionOption[], request: CommandRequest): void {
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) request.group = option.name;
    else if (option.type === ApplicationCommandOptionType.Subcommand) request.subcommand = option.name;
    else if (option.value !== undefined) request.options[option.name] = option.value satisfies OptionValue;
    collectOptions(option.options ?? [], request);
  }
}

function commandPath(request: Pick<CommandRequest, 'command' | 'group' | 'subcommand'>): string {
  return ['/' + request.command, request.group, request.subcommand].filter((part) => part !== undefined).join(' ');
}

async function handleCommand(
  interaction: ChatInputCommandInteraction,
  { commands, context, logger }: RouterOptions,
  deferAfterMs: number,
): Promise<void> {
  const startedAt = Date.now();
  const request = toCommandRequest(interaction);
  const log = logger.child({ interactionId: interaction.id, command: commandPath(request) });
  const outcome = runCommand(commands.get(request.command), request, context, log);
  try {
    const early = await raceTimeout(outcome, deferAfterMs);
    if (early !== TIMED_OUT) {
      await interaction.reply(toDiscordPayload(interaction, early));
    } else {
      await interaction.deferReply();
      await deliverAfterDefer(interaction, await outcome);
    }
    log.info({ durationMs: Date.now() - startedAt, deferred: early === TIMED_OUT }, 'command answered');
  } catch (error) {
    await outcome;
    await reportDeliveryFailure(interaction, error, log);
  }
}

/** Executes the module and turns its reply (or any failure, logged with a reference id) into a message. */
async function runCommand(
  module: CommandModule | undefined,
  request: CommandRequest,
  context: CommandContext,
  log: Logger,
): Promise<OutgoingMessage> {
  try {
    if (module === undefined) throw new Error(`no command module is loaded for ${commandPath(request)}`);
    return toOutgoing(await module.execute(request, context));
  } catch (error) {
    const ref = newReferenceId();
    log.error({ err: error, ref }, 'command failed');
    return toOutgoing(failureReply(ref));
  }
}

function toOutgoing(reply: Reply): OutgoingMessage {
  return { data: replyMessageData(reply), files: replyUploadFiles(reply), ephemeral: reply.ephemeral === true };
}

/** A discord.js payload that sends our body and files exactly as built (no re-serialisation by discord.js). */
function toDiscordPayload(interaction: ChatInputCommandInteraction, message: OutgoingMessage): MessagePayload {
  const payload = new MessagePayload(interaction, {});
  payload.body = message.data;
  payload.files = message.files;
  return payload;
}

/** The deferral is public: edit it, or, for an ephemeral reply, delete it and follow up ephemerally. */
async function deliverAfterDefer(interaction: ChatInputCommandInteraction, message: OutgoingMessage): Promise<void> {
  if (!message.ephemeral) {
    await interaction.editReply(toDiscordPayload(interaction, message));
    return;
  }
  await interaction.deleteReply();
  await interaction.followUp(toDiscordPayload(interaction, message));
}

/** Sending failed (Discord refused the body, the token expired, …): log it and tell the member if still possible. */
async function reportDeliveryFailure(interaction: ChatInputCommandInteraction, error: unknown, log: Logger): Promise<void> {
  const ref = newReferenceId();
  log.error({ err: error, ref }, 'could not deliver the reply');
  const notice = toDiscordPayload(interaction, toOutgoing(failureReply(ref)));
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply(notice);
      return;
    }
    // A public deferral left alone would keep "thinking…": remove it (it may be gone already), then tell privately.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(notice);
  } catch (noticeError) {
    log.error({ err: noticeError, ref }, 'could not send the failure notice either');
  }
}

async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  { commands, context, logger }: RouterOptions,
  timeoutMs: number,
): Promise<void> {
  const log = logger.child({ interactionId: interaction.id, command: `/${interaction.commandName}`, autocomplete: true });
  let choices: APIApplicationCommandOptionChoice[] = [];
  try {
    const module = commands.get(interaction.commandName);
    if (module?.autocomplete === undefined) throw new Error(`no autocomplete handler is loaded for /${interaction.commandName}`);
    const result = await raceTimeout(module.autocomplete(toAutocompleteRequest(interaction), context), timeoutMs);
    if (result === TIMED_OUT) log.warn({ timeoutMs }, 'autocomplete too slow; answered with no choices');
    else choices = result.slice(0, MAX_CHOICES);
  } catch (error) {
    log.error({ err: error, ref: newReferenceId() }, 'autocomplete failed; answered with no choices');
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    log.error({ err: error, ref: newReferenceId() }, 'could not send autocomplete choices');
  }
}

/** Resolves with the promise's value, or TIMED_OUT after `ms` (the promise keeps running). */
async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
