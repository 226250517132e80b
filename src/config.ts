// The one place that reads process.env: a zod schema parsed once into a typed, frozen object.
import { existsSync } from 'node:fs';
import { z } from 'zod';

const url = z.url({ protocol: /^(https?|file)$/ });
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const seriesName = z.string().trim().min(1).max(100);

/** A list of URLs separated by commas, spaces or newlines; empty for none. */
const urlList = z
  .string()
  .trim()
  .transform((text) => (text === '' ? [] : text.split(/[\s,]+/)))
  .pipe(z.array(url));
const oddsFileFormat = z.enum(['polymarket-csv', 'kalshi-csv', 'clob-json']);

/** One named odds series besides the primary one: a Polymarket market/event outcome, or a file (path or URL). */
export const oddsSeriesEntrySchema = z.union([
  z.strictObject({ name: seriesName, polymarket: z.string().trim().min(1), outcome: z.string().trim().min(1).default('Yes') }),
  z.strictObject({
    name: seriesName,
    file: z.string().trim().min(1),
    format: oddsFileFormat.optional(),
    column: z.string().trim().min(1).optional(),
  }),
]);
export type OddsSeriesEntry = z.infer<typeof oddsSeriesEntrySchema>;

/** ODDS_SERIES: a JSON list of entries with distinct names. */
const oddsSeriesList = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === '') return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON list, e.g. [{"name":"vance-2028","polymarket":"presidential-election-winner-2028","outcome":"JD Vance"}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(oddsSeriesEntrySchema))
  .refine((entries) => new Set(entries.map((e) => e.name)).size === entries.length, 'series names must differ');

export const configSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{15,25}$/, 'must be a numeric Discord snowflake')
      .optional(),
  ),
  DISCORD_GUILD_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{15,25}$/, 'must be a numeric Discord snowflake')
      .optional(),
  ),
  DISCORD_API_URL: optionalText.pipe(url.optional()),
  DISCORD_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of the Developer Portal (General Information > Public Key)')
      .optional(),
  ),
  INTERACTIONS_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a TCP port number')
      .transform(Number)
      .pipe(z.number().max(65_535, 'must be a TCP port number'))
      .optional(),
  ),
  INTERACTIONS_HOST: z.string().trim().min(1).default('0.0.0.0'),
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,4}$/, 'must be a number of shards (leave it unset for the count Discord recommends)')
      .transform(Number)
      .optional(),
  ),
  DATABASE_PATH: z.string().trim().min(1).default('data/zombie.db'),
  DATABASE_READONLY: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  STATE_DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL, e.g. postgres://zombie:secret@db.internal:5432/zombie')
      .refine(isDecodableUrl, 'must be a valid URL: percent-encode special characters of the user and password (%25 for %, %40 for @)')
      .optional(),
  ),
  SEC_USER_AGENT: optionalText.pipe(
    z
      .string()
      .regex(/\S+@\S+\.\S+/, 'must name a contact e-mail, e.g. "zombie-beta admin@example.com"')
      .optional(),
  ),
  SEC_WWW_URL: url.default('https://www.sec.gov'),
  SEC_DATA_URL: url.default('https://data.sec.gov'),
  YAHOO_CHART_URL: url.default('https://query1.finance.yahoo.com'),
  POLYMARKET_GAMMA_URL: url.default('https://gamma-api.polymarket.com'),
  POLYMARKET_CLOB_URL: url.default('https://clob.polymarket.com'),
  CFTC_API_URL: url.default('https://publicreporting.cftc.gov'),
  CFTC_APP_TOKEN: optionalText,
  ISHARES_HOLDINGS_URL: url.default(
    'https://www.ishares.com/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund',
  ),
  /** More iShares funds the daily refresh keeps (IJR, IJH, IVV, ...): each fund named by its file. */
  ISHARES_FUND_URLS: urlList.default([]),
  ODDS_MARKET_SLUG: z.string().trim().min(1).default('presidential-election-winner-2024'),
  ODDS_OUTCOME: z.string().trim().min(1).default('Donald Trump'),
  ODDS_SERIES: oddsSeriesList.default([]),
  ODDS_EVENT_COUNT: z.coerce.number().int().min(0).max(50).default(5),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(0, 'must be 0 (keep everything) or a number of days').default(1095),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The bot's operations endpoints (/healthz, /readyz, /metrics): off when unset; 0 picks a free port (tests). */
  OPS_PORT: optionalText.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a port number (empty turns the endpoints off)' })
      .int('must be a whole port number')
      .min(0, 'must be a port number from 1 to 65535 (0: any free port)')
      .max(65_535, 'must be a port number from 1 to 65535')
      .optional(),
  ),
  OPS_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

type Env = z.infer<typeof configSchema>;
export type Config = Readonly<Env>;
export type ConfigKey = keyof Env;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (default: process.env, after an optional .env in the working directory). */
export function loadConfig(env: NodeJS.ProcessEnv = readProcessEnv()): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}. See .env.example.`);
  }
  return Object.freeze(parsed.data);
}

/** Asserts that variables optional in general are set for a feature that needs them. */
export function requireConfig<K extends ConfigKey>(config: Config, keys: K[], feature: string): Config & Required<Pick<Env, K>> {
  const missing = keys.filter((key) => config[key] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`Missing configuration for ${feature}: set ${missing.join(', ')} (see .env.example).`);
  }
  return config as Config & Required<Pick<Env, K>>;
}

/** Whether `text` parses as a URL whose user and password decode (a stray % breaks decodeURIComponent). */
function isDecodableUrl(text: string): boolean {
  try {
    const url = new URL(text);
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    return true;
  } catch {
    return false;
  }
}

/** What the logs must never show: the bot token, and the state database URL with its password. */
export function configSecrets(config: Config): (string | undefined)[] {
  const url = config.STATE_DATABASE_URL;
  const password = url === undefined ? undefined : decodeURIComponent(new URL(url).password);
  return [config.DISCORD_TOKEN, url, password === '' ? undefined : password];
}

/** process.env after loading an optional .env in the working directory (a variable already set in the environment
 * wins): what every entry point (the CLI, `npm start`, `npm run deploy-commands`) reads. */
export function readProcessEnv(): NodeJS.ProcessEnv {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
