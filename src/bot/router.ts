// Routes Discord interactions to command modules: a chat-input interaction becomes a CommandRequest, the module's
// Reply becomes the shared payload (src/render/payload.ts), sent verbatim. Acknowledge first: Discord wants a first
// response within 3 s, so a reply that is not ready after `deferAfterMs` (a published reply is ready at once) is
// deferred (publicly — the reply's visibility is not known yet) and the deferral edited when the reply arrives; a
// reply that turns out ephemeral replaces the deferral (deleted) with an ephemeral follow-up. Past `maxInFlight`
// commands being answered, a command is answered "busy" at once (load shedding) rather than left to expire.
// Every failure is answered with an ephemeral message carrying a short reference id, and logged with that id.
// The returned handler never rejects.
import { randomBytes } from 'node:crypto';
import { setTimeout as timerSleep } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  MessagePayload,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import { replyMessageData, replyUploadFiles } from '../render/payload.js';
import { invokeCommand, type CommandContext, type CommandModule } from './command.js';
import { BusyError } from '../core/busy.js';
import type { Reply } from '../core/reply.js';
import type { AutocompleteRequest, CommandRequest, OptionValue } from '../core/request.js';
import type { Logger } from '../core/log.js';
import type { UploadFile } from '../core/payload.js';

/** Defer when execute has not settled after this long (Discord drops interactions unanswered after 3 s); short, so
 * that a reply still being computed is acknowledged at once even when the bot is busy. */
export const DEFER_AFTER_MS = 100;
/** Commands computing their reply at once at most; past it a command gets the ephemeral "busy" reply. */
export const MAX_IN_FLIGHT = 64;
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
  maxInFlight?: number;
  /** Waits `ms` (the defer and autocomplete timers; tests pass a clock they advance). */
  sleep?: (ms: number) => Promise<void>;
  /** Told how each slash command ended (the bot's metrics). */
  onCommand?: (event: CommandEvent) => void;
}

/** How a slash command ended: answered (the module's reply, a refusal included), busy (load shed), failed (the
 * member got the error reply with its reference), undelivered (Discord refused the answer). */
export type CommandOutcome = 'answered' | 'busy' | 'failed' | 'undelivered';

export interface CommandEvent {
  /** The command path of a loaded module ("/zombie summary"); "unknown" for a command no module answers. */
  command: string;
  outcome: CommandOutcome;
  /** From the interaction reaching the bot to its answer (or failure) being sent. */
  seconds: number;
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** The body and files of one outgoing message, as Discord receives them, and how the command ended. */
interface OutgoingMessage {
  data: ReturnType<typeof replyMessageData>;
  files: UploadFile[];
  ephemeral: boolean;
  outcome: Exclude<CommandOutcome, 'undelivered'>;
}

const TIMED_OUT = Symbol('timed out');

/** The router's settings with their defaults, and the number of commands computing their reply now. */
interface RouterState {
  commands: ReadonlyMap<string, CommandModule>;
  context: CommandContext;
  logger: Logger;
  deferAfterMs: number;
  autocompleteTimeoutMs: number;
  maxInFlight: number;
  sleep: (ms: number) => Promise<void>;
  onCommand: (event: CommandEvent) => void;
  inFlight: number;
}

const unrefSleep = (ms: number) => timerSleep(ms, undefined, { ref: false });

export function createRouter(options: RouterOptions): InteractionHandler {
  const state: RouterState = {
    commands: options.commands,
    context: options.context,
    logger: options.logger,
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    autocompleteTimeoutMs: options.autocompleteTimeoutMs ?? AUTOCOMPLETE_TIMEOUT_MS,
    maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
    sleep: options.sleep ?? unrefSleep,
    onCommand: options.onCommand ?? (() => undefined),
    inFlight: 0,
  };
  return async (interaction) => {
    if (interaction.isChatInputCommand()) {
      await handleCommand(interaction, state);
    } else if (interaction.isAutocomplete()) {
      await handleAutocomplete(interaction, state);
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

export const BUSY_REPLY: Reply = { content: 'The bot is busy, try again in a moment.', ephemeral: true };

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
  return [`/${request.command}`, request.group, request.subcommand].filter((part) => part !== undefined).join(' ');
}

async function handleCommand(interaction: ChatInputCommandInteraction, state: RouterState): Promise<void> {
  const startedAt = Date.now();
  const request = toCommandRequest(interaction);
  const path = commandPath(request);
  const log = state.logger.child({ interactionId: interaction.id, command: path });
  const ended = (outcome: CommandOutcome) =>
    state.onCommand({ command: state.commands.has(request.command) ? path : 'unknown', outcome, seconds: (Date.now() - startedAt) / 1000 });
  if (state.inFlight >= state.maxInFlight) {
    log.warn({ inFlight: state.inFlight }, 'busy: answered "try again in a moment"');
    await interaction.reply(toDiscordPayload(interaction, toOutgoing(BUSY_REPLY, 'busy'))).then(
      () => ended('busy'),
      (error: unknown) => reportDeliveryFailure(interaction, error, log).finally(() => ended('undelivered')),
    );
    return;
  }
  state.inFlight++;
  const outcome = runCommand(state.commands.get(request.command), request, state.context, log).finally(() => state.inFlight--);
  try {
    const early = await raceTimeout(outcome, state.sleep(state.deferAfterMs));
    let message: OutgoingMessage;
    if (early !== TIMED_OUT) {
      message = early;
      await interaction.reply(toDiscordPayload(interaction, message));
    } else {
      await interaction.deferReply();
      message = await outcome;
      await deliverAfterDefer(interaction, message);
    }
    log.info({ durationMs: Date.now() - startedAt, deferred: early === TIMED_OUT }, 'command answered');
    ended(message.outcome);
  } catch (error) {
    await outcome;
    await reportDeliveryFailure(interaction, error, log);
    ended('undelivered');
  }
}

/** Runs the module (preconditions, then execute) and turns its reply (or any failure, logged with a reference id) into a message. */
async function runCommand(
  module: CommandModule | undefined,
  request: CommandRequest,
  context: CommandContext,
  log: Logger,
): Promise<OutgoingMessage> {
  try {
    if (module === undefined) throw new Error(`no command module is loaded for ${commandPath(request)}`);
    return toOutgoing(await invokeCommand(module, request, context), 'answered');
  } catch (error) {
    if (error instanceof BusyError) {
      log.warn({ reason: error.message }, 'busy: answered "try again in a moment"');
      return toOutgoing(BUSY_REPLY, 'busy');
    }
    const ref = newReferenceId();
    log.error({ err: error, ref }, 'command failed');
    return toOutgoing(failureReply(ref), 'failed');
  }
}

function toOutgoing(reply: Reply, outcome: OutgoingMessage['outcome']): OutgoingMessage {
  return { data: replyMessageData(reply), files: replyUploadFiles(reply), ephemeral: reply.ephemeral === true, outcome };
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
  const notice = toDiscordPayload(interaction, toOutgoing(failureReply(ref), 'failed'));
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

async function handleAutocomplete(interaction: AutocompleteInteraction, state: RouterState): Promise<void> {
  const log = state.logger.child({ interactionId: interaction.id, command: `/${interaction.commandName}`, autocomplete: true });
  let choices: APIApplicationCommandOptionChoice[] = [];
  try {
    const module = state.commands.get(interaction.commandName);
    if (module?.autocomplete === undefined) throw new Error(`no autocomplete handler is loaded for /${interaction.commandName}`);
    const timeoutMs = state.autocompleteTimeoutMs;
    const result = await raceTimeout(module.autocomplete(toAutocompleteRequest(interaction), state.context), state.sleep(timeoutMs));
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

/** Resolves with the promise's value, or TIMED_OUT once `timer` resolves first (the promise keeps running). */
async function raceTimeout<T>(promise: Promise<T>, timer: Promise<void>): Promise<T | typeof TIMED_OUT> {
  return Promise.race([promise, timer.then((): typeof TIMED_OUT => TIMED_OUT)]);
}
