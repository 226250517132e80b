// Routes Discord interactions to command modules, whichever way they arrive (the gateway or the HTTP endpoint; see
// interaction.ts): a chat-input interaction becomes a CommandRequest, the module's Reply becomes the shared payload
// (src/render/payload.ts), sent verbatim. Acknowledge first: Discord wants a first
// response within 3 s, so a reply that is not ready after `deferAfterMs` (a published reply is ready at once) is
// deferred (publicly — the reply's visibility is not known yet) and the deferral edited when the reply arrives; a
// reply that turns out ephemeral replaces the deferral (deleted) with an ephemeral follow-up. Past `maxInFlight`
// commands being answered, a command is answered "busy" at once (load shedding) rather than left to expire.
// Every failure is answered with an ephemeral message carrying a short reference id, and logged with that id.
// The returned handler never rejects.
import { randomBytes } from 'node:crypto';
import { setTimeout as timerSleep } from 'node:timers/promises';
import {
  InteractionResponseType,
  type MessageFlags,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandOptionChoice,
  type APIChatInputApplicationCommandInteraction,
} from 'discord.js';
import { replyMessageData, replyUploadFiles } from '../render/payload.js';
import { invokeCommand, type CommandContext, type CommandModule } from './command.js';
import { BusyError } from '../core/busy.js';
import type { Reply } from '../core/reply.js';
import type { CommandRequest } from '../core/request.js';
import type { Logger } from '../core/log.js';
import {
  interactionWebhook,
  isAutocomplete,
  isChatInput,
  toAutocompleteRequest,
  toCommandRequest,
  type FirstResponse,
  type IncomingInteraction,
  type InteractionRest,
  type InteractionWebhook,
  type OutgoingMessage,
} from './interaction.js';

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
  /** REST for the interactions' webhooks (edits, deletions, follow-ups after the first response). */
  rest: InteractionRest;
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

/** A message to send and how the command ended. */
interface Answer extends OutgoingMessage {
  outcome: Exclude<CommandOutcome, 'undelivered'>;
}

/** Answers one interaction; resolves false when it was of a kind the bot does not answer (nothing was sent). */
export type InteractionHandler = (interaction: IncomingInteraction) => Promise<boolean>;

const TIMED_OUT = Symbol('timed out');

/** The router's settings with their defaults, and the number of commands computing their reply now. */
interface RouterState extends Required<Omit<RouterOptions, 'rest'>> {
  rest: InteractionRest;
  inFlight: number;
}

const unrefSleep = (ms: number) => timerSleep(ms, undefined, { ref: false });

export function createRouter(options: RouterOptions): InteractionHandler {
  const state: RouterState = {
    commands: options.commands,
    context: options.context,
    logger: options.logger,
    rest: options.rest,
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    autocompleteTimeoutMs: options.autocompleteTimeoutMs ?? AUTOCOMPLETE_TIMEOUT_MS,
    maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
    sleep: options.sleep ?? unrefSleep,
    onCommand: options.onCommand ?? (() => undefined),
    inFlight: 0,
  };
  return async ({ raw, respond }) => {
    if (isChatInput(raw)) {
      await handleCommand(raw, respond, state);
      return true;
    }
    if (isAutocomplete(raw)) {
      await handleAutocomplete(raw, respond, state);
      return true;
    }
    options.logger.debug({ interactionId: raw.id, type: raw.type }, 'ignored interaction type');
    return false;
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

function commandPath(request: Pick<CommandRequest, 'command' | 'group' | 'subcommand'>): string {
  return [`/${request.command}`, request.group, request.subcommand].filter((part) => part !== undefined).join(' ');
}

/** One interaction's responses: the first one (once), then its webhook. */
interface Responses extends InteractionWebhook {
  /** True once the first response went out. */
  acknowledged(): boolean;
  reply(message: OutgoingMessage): Promise<void>;
  /** A public deferral (the reply's visibility is not known yet). */
  defer(): Promise<void>;
}

function responses(raw: APIChatInputApplicationCommandInteraction, respond: FirstResponse, rest: InteractionRest): Responses {
  return {
    ...interactionWebhook(rest, raw),
    acknowledged: respond.sent,
    reply: (message) => respond.send({ type: InteractionResponseType.ChannelMessageWithSource, data: message.data }, message.files),
    defer: () => respond.send({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 as MessageFlags } }, []),
  };
}

async function handleCommand(raw: APIChatInputApplicationCommandInteraction, respond: FirstResponse, state: RouterState): Promise<void> {
  const startedAt = Date.now();
  const request = toCommandRequest(raw);
  const path = commandPath(request);
  const log = state.logger.child({ interactionId: raw.id, command: path });
  const ended = (outcome: CommandOutcome) =>
    state.onCommand({ command: state.commands.has(request.command) ? path : 'unknown', outcome, seconds: (Date.now() - startedAt) / 1000 });
  const answer = responses(raw, respond, state.rest);
  if (state.inFlight >= state.maxInFlight) {
    log.warn({ inFlight: state.inFlight }, 'busy: answered "try again in a moment"');
    await answer.reply(toAnswer(BUSY_REPLY, 'busy')).then(
      () => ended('busy'),
      (error: unknown) => reportDeliveryFailure(answer, error, log).finally(() => ended('undelivered')),
    );
    return;
  }
  state.inFlight++;
  const outcome = runCommand(state.commands.get(request.command), request, state.context, log).finally(() => state.inFlight--);
  try {
    const early = await raceTimeout(outcome, state.sleep(state.deferAfterMs));
    let message: Answer;
    if (early !== TIMED_OUT) {
      message = early;
      await answer.reply(message);
    } else {
      await answer.defer();
      message = await outcome;
      await deliverAfterDefer(answer, message);
    }
    log.info({ durationMs: Date.now() - startedAt, deferred: early === TIMED_OUT }, 'command answered');
    ended(message.outcome);
  } catch (error) {
    await outcome;
    await reportDeliveryFailure(answer, error, log);
    ended('undelivered');
  }
}

/** Runs the module (preconditions, then execute) and turns its reply (or any failure, logged with a reference id) into a message. */
async function runCommand(module: CommandModule | undefined, request: CommandRequest, context: CommandContext, log: Logger): Promise<Answer> {
  try {
    if (module === undefined) throw new Error(`no command module is loaded for ${commandPath(request)}`);
    return toAnswer(await invokeCommand(module, request, context), 'answered');
  } catch (error) {
    if (error instanceof BusyError) {
      log.warn({ reason: error.message }, 'busy: answered "try again in a moment"');
      return toAnswer(BUSY_REPLY, 'busy');
    }
    const ref = newReferenceId();
    log.error({ err: error, ref }, 'command failed');
    return toAnswer(failureReply(ref), 'failed');
  }
}

function toAnswer(reply: Reply, outcome: Answer['outcome']): Answer {
  return { data: replyMessageData(reply), files: replyUploadFiles(reply), ephemeral: reply.ephemeral === true, outcome };
}

/** The deferral is public: edit it, or, for an ephemeral reply, delete it and follow up ephemerally. */
async function deliverAfterDefer(answer: Responses, message: OutgoingMessage): Promise<void> {
  if (!message.ephemeral) {
    await answer.editOriginal(message);
    return;
  }
  await answer.deleteOriginal();
  await answer.followUp(message);
}

/** Discord's answer to a first response after its 3 s (or to a second one): the interaction is gone. */
const UNKNOWN_INTERACTION = 10062;

/** Sending failed (Discord refused the body, the token expired, …): log it and tell the member if still possible. */
async function reportDeliveryFailure(answer: Responses, error: unknown, log: Logger): Promise<void> {
  if (!answer.acknowledged() && (error as { code?: unknown }).code === UNKNOWN_INTERACTION) {
    // Too late: nothing can reach the member any more. One line, no notice (which would fail the same way): under
    // a burst that made replies late, this keeps the bot from spending more on each late one.
    log.warn({ status: (error as { status?: unknown }).status }, 'the interaction expired before its first response reached Discord');
    return;
  }
  const ref = newReferenceId();
  log.error({ err: error, ref }, 'could not deliver the reply');
  const notice = toAnswer(failureReply(ref), 'failed');
  try {
    if (!answer.acknowledged()) {
      await answer.reply(notice);
      return;
    }
    // A public deferral left alone would keep "thinking…": remove it (it may be gone already), then tell privately.
    await answer.deleteOriginal().catch(() => undefined);
    await answer.followUp(notice);
  } catch (noticeError) {
    log.error({ err: noticeError, ref }, 'could not send the failure notice either');
  }
}

async function handleAutocomplete(raw: APIApplicationCommandAutocompleteInteraction, respond: FirstResponse, state: RouterState): Promise<void> {
  const log = state.logger.child({ interactionId: raw.id, command: `/${raw.data.name}`, autocomplete: true });
  let choices: APIApplicationCommandOptionChoice[] = [];
  try {
    const module = state.commands.get(raw.data.name);
    if (module?.autocomplete === undefined) throw new Error(`no autocomplete handler is loaded for /${raw.data.name}`);
    const timeoutMs = state.autocompleteTimeoutMs;
    const result = await raceTimeout(module.autocomplete(toAutocompleteRequest(raw), state.context), state.sleep(timeoutMs));
    if (result === TIMED_OUT) log.warn({ timeoutMs }, 'autocomplete too slow; answered with no choices');
    else choices = result.slice(0, MAX_CHOICES);
  } catch (error) {
    log.error({ err: error, ref: newReferenceId() }, 'autocomplete failed; answered with no choices');
  }
  try {
    await respond.send({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } }, []);
  } catch (error) {
    log.error({ err: error, ref: newReferenceId() }, 'could not send autocomplete choices');
  }
}

/** Resolves with the promise's value, or TIMED_OUT once `timer` resolves first (the promise keeps running). */
async function raceTimeout<T>(promise: Promise<T>, timer: Promise<void>): Promise<T | typeof TIMED_OUT> {
  return Promise.race([promise, timer.then((): typeof TIMED_OUT => TIMED_OUT)]);
}
