// The bot's logger: pino JSON lines that never contain the bot token. Three layers: known token-bearing keys are
// redacted, every line is scrubbed of the configured secrets and of anything shaped like a Discord token, and
// interaction/webhook tokens in URLs are masked. Callers log ids and errors, never config objects. An error is
// printed without the request body a Discord error carries (see errorSerializer).
import pino from 'pino';
import { nonBlockingOutput, type LogOutput } from './log-output.js';

export type Logger = pino.Logger;

export const REDACTED = '[redacted]';

/** Keys that may carry a token in objects handed to the logger (pino redact paths). */
const REDACT_PATHS = [
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** A Discord bot token: base64 user id, a timestamp and an HMAC, separated by dots. */
const BOT_TOKEN_SHAPE = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;
/** Interaction tokens sit in callback and webhook URLs and allow replying for 15 minutes. */
const URL_TOKEN = /((?:interactions|webhooks)\/\d+\/)[^/?\s"\\]+/g;

export interface LoggerOptions {
  level: pino.LevelWithSilent;
  /** Values that must never appear in output (the bot token). */
  secrets: readonly (string | undefined)[];
  /** Where lines go (default stdout, never blocking the event loop: see log-output.ts); tests pass a collecting stream. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets);
  return pino(
    {
      level: options.level,
      base: { name: 'zombie-bot' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: errorSerializer },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? standardOutput(),
  );
}

/**
 * pino's error serializer without `requestBody`: discord.js's DiscordAPIError and HTTPError carry the whole request
 * (the reply's embeds, and its chart PNGs, which JSON prints as arrays of byte values: 100 KB and more per line). Under
 * load such lines cost more than the replies and, written to a full stdout pipe, block the bot; the status, code,
 * method and URL say what failed.
 */
function errorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  if (typeof serialized !== 'object' || serialized === null || !('requestBody' in serialized)) return serialized;
  const { requestBody: _dropped, ...rest } = serialized as Record<string, unknown>;
  return rest;
}

/** One writer for standard output however many loggers write to it (see log-output.ts). */
let stdout: LogOutput | undefined;
const standardOutput = () => (stdout ??= nonBlockingOutput());

/** Secrets shorter than this are not credentials (and scrubbing them would shred every line). */
const MIN_SECRET_CHARS = 8;

/** Replaces every secret (raw and JSON-escaped), token-shaped string and URL token in a log line. */
export function secretScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const literals = new Set(
    secrets
      .filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_CHARS)
      .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]),
  );
  const pattern = [...literals]
    .sort((a, b) => b.length - a.length)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const secretPattern = pattern === '' ? null : new RegExp(pattern, 'g');
  return (line) => {
    const clean = secretPattern === null ? line : line.replace(secretPattern, REDACTED);
    return clean.replace(BOT_TOKEN_SHAPE, REDACTED).replace(URL_TOKEN, `$1${REDACTED}`);
  };
}
