// The seam between Discord's two ways of delivering interactions and the router (router.ts): an interaction is
// Discord's own JSON (APIInteraction), whether the gateway dispatched it (client.ts) or Discord POSTed it to the
// HTTP endpoint (http-endpoint.ts), plus the one thing the transports do differently — how the first response goes
// out (over REST to the callback route, or as the HTTP answer). Everything after the first response goes through
// the interaction's webhook over REST in both.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  DefaultRestOptions,
  InteractionType,
  REST,
  Routes,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
} from 'discord.js';
import type { UploadFile } from '../core/payload.js';
import type { AutocompleteRequest, CommandRequest, OptionValue } from '../core/request.js';
import type { StopBounds } from './in-flight.js';

/** The first response to an interaction (a message, a deferral or autocomplete choices), sent once. */
export interface FirstResponse {
  send(response: APIInteractionResponse, files: UploadFile[]): Promise<void>;
  /** True once Discord has the first response (later responses go through the webhook). */
  sent(): boolean;
}

export interface IncomingInteraction {
  raw: APIInteraction;
  respond: FirstResponse;
}

/** The body and files of one outgoing message, as Discord receives them. */
export interface OutgoingMessage {
  data: APIInteractionResponseCallbackData;
  files: UploadFile[];
  ephemeral: boolean;
}

/** The REST calls on an interaction's webhook after its first response (the token is valid 15 minutes). */
export interface InteractionWebhook {
  editOriginal(message: OutgoingMessage): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(message: OutgoingMessage): Promise<void>;
}

export type InteractionRest = Pick<REST, 'post' | 'patch' | 'delete'>;

/** Hears every REST response with an error status (429 and retried 5xx included) and every request that got none. */
export type RestErrorListener = (status: number | 'network') => void;

/** discord.js's request function, telling `onRestError` of the errors (the bot's metrics). */
export function reportingRequest(onRestError: RestErrorListener): typeof DefaultRestOptions.makeRequest {
  return async (url, init) => {
    try {
      const response = await DefaultRestOptions.makeRequest(url, init);
      if (response.status >= 400) onRestError(response.status);
      return response;
    } catch (error) {
      onRestError('network');
      throw error;
    }
  };
}

/**
 * REST for interaction responses. Their routes need no bot token and are exempt from Discord's global rate limit of 50
 * requests a second (https://discord.com/developers/docs/topics/rate-limits), which discord.js otherwise applies to
 * every request; each interaction's webhook has its own bucket, swept a minute after its last request (a token lives
 * 15 minutes).
 */
export function createInteractionRest(api: string | undefined, onRestError?: RestErrorListener): REST {
  return new REST({
    version: '10',
    ...(api !== undefined && { api }),
    ...(onRestError !== undefined && { makeRequest: reportingRequest(onRestError) }),
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
    handlerSweepInterval: 60_000,
    hashSweepInterval: 15 * 60_000,
    hashLifetime: 15 * 60_000,
  });
}

export function interactionWebhook(rest: InteractionRest, raw: Pick<APIInteraction, 'application_id' | 'token'>): InteractionWebhook {
  const original = Routes.webhookMessage(raw.application_id, raw.token, '@original');
  return {
    editOriginal: async (message) => {
      await rest.patch(original, { body: message.data, files: message.files, auth: false });
    },
    deleteOriginal: async () => {
      await rest.delete(original, { auth: false });
    },
    followUp: async (message) => {
      await rest.post(Routes.webhook(raw.application_id, raw.token), {
        body: message.data,
        files: message.files,
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      });
    },
  };
}

/** The first response over REST, as a gateway bot sends it: POST /interactions/{id}/{token}/callback. */
export function callbackResponse(rest: InteractionRest, raw: Pick<APIInteraction, 'id' | 'token'>): FirstResponse {
  let sent = false;
  return {
    send: async (response, files) => {
      await rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, files, auth: false });
      sent = true;
    },
    sent: () => sent,
  };
}

export function isChatInput(raw: APIInteraction): raw is APIChatInputApplicationCommandInteraction {
  return raw.type === InteractionType.ApplicationCommand && raw.data.type === ApplicationCommandType.ChatInput;
}

export function isAutocomplete(raw: APIInteraction): raw is APIApplicationCommandAutocompleteInteraction {
  return raw.type === InteractionType.ApplicationCommandAutocomplete;
}

type CommandInteraction = APIChatInputApplicationCommandInteraction | APIApplicationCommandAutocompleteInteraction;

/** The CommandRequest of a chat-input or autocomplete interaction. */
export function toCommandRequest(raw: CommandInteraction): CommandRequest {
  const request: CommandRequest = {
    command: raw.data.name,
    options: {},
    guildId: raw.guild_id ?? null,
    channelId: raw.channel?.id ?? raw.channel_id ?? null,
    userId: (raw.member?.user ?? raw.user)?.id ?? '',
    memberPermissions: raw.member?.permissions ?? null,
  };
  collectOptions(raw.data.options ?? [], request);
  return request;
}

export function toAutocompleteRequest(raw: APIApplicationCommandAutocompleteInteraction): AutocompleteRequest {
  const focused = findFocused(raw.data.options ?? []);
  return { ...toCommandRequest(raw), focused: { name: focused?.name ?? '', value: String(focused?.value ?? '') } };
}

type ApiOption = APIApplicationCommandInteractionDataOption;

/** Walks Discord's option tree: group → subcommand → values (a channel/user/role option's value is its id). */
function collectOptions(options: readonly ApiOption[], request: CommandRequest): void {
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) request.group = option.name;
    else if (option.type === ApplicationCommandOptionType.Subcommand) request.subcommand = option.name;
    else request.options[option.name] = option.value satisfies OptionValue;
    if ('options' in option) collectOptions(option.options ?? [], request);
  }
}

function findFocused(options: readonly ApiOption[]): { name: string; value: OptionValue } | undefined {
  for (const option of options) {
    if ('focused' in option && option.focused === true) return { name: option.name, value: option.value };
    if ('options' in option) {
      const nested = findFocused(option.options ?? []);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

/** A running transport (the gateway client or the HTTP endpoint), as the entry point drives it. */
export interface InteractionHost {
  /** REST with the bot token: the alert scheduler posts through it. */
  rest: REST;
  /** Whether interactions reach it now: the gateway connected, the endpoint listening (the readiness probe). */
  ready(): boolean;
  /** Number of interactions being answered now. */
  inFlight(): number;
  /** Stops as STOP_BOUNDS says: answers until quiet, closes the transport, waits for the last answers; true when
   * every interaction that reached the bot was answered. */
  stop(bounds?: Partial<StopBounds>): Promise<boolean>;
  /** Closes the gateway connection or the HTTP server at once. */
  destroy(): Promise<void>;
}
