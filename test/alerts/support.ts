// Shared by the alert tests: hand-built AlertState values, the real-format price and odds excerpts, a recording
// poster that can fail on demand, and a server with alerts turned on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { APIEmbed } from 'discord.js';
import type { AlertSources } from '../../src/alerts/check.js';
import { carriesRef } from '../../src/alerts/messages.js';
import type { FindPosted, PostMessage } from '../../src/alerts/poster.js';
import type { AlertState, MemberZone } from '../../src/alerts/state.js';
import { leveragedMoveShare, positioning, weeklyPositions } from '../../src/metrics/positioning.js';
import { parseCotText } from '../../src/sources/cftc/text.js';
import { parseCsv, parseNumberCell } from '../../src/sources/csv.js';
import type { DailyClose } from '../../src/store/alerts/memory.js';
import type { AlertMessage } from '../../src/store/alerts/outbox.js';
import { saveAlertChannel } from '../../src/store/alerts/settings.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import type { OddsPoint } from '../../src/store/odds.js';

export const GUILD = '2222222222222222222';
export const CHANNEL = '3333333333333333333';
export const OTHER_GUILD = '5555555555555555555';
export const OTHER_CHANNEL = '6666666666666666666';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'alerts');

export const silentLogger = pino({ level: 'silent' });

/** Daily closes from a yfinance CSV excerpt, up to and including `through`. */
export function readCloses(file: string, through = '9999-12-31'): DailyClose[] {
  const table = parseCsv(readFileSync(join(FIXTURES, file), 'utf8'), file);
  const date = table.column('Date');
  const close = table.column('Close');
  return table.rows.map((row) => ({ date: row.cells[date]!, close: parseNumberCell(row.cells[close])! })).filter((row) => row.date <= through);
}

/** One outcome's hourly odds from the Polymarket website CSV excerpt, up to and including unix second `through`. */
export function readPolymarketOdds(outcome: string, through = Number.POSITIVE_INFINITY): OddsPoint[] {
  const file = 'polymarket-hourly_2024-11-03_2024-11-06_excerpt.csv';
  const table = parseCsv(readFileSync(join(FIXTURES, file), 'utf8'), file);
  const t = table.column('Timestamp (UTC)');
  const p = table.column(outcome);
  return table.rows.map((row) => ({ t: Number(row.cells[t]), p: parseNumberCell(row.cells[p])! })).filter((point) => point.t <= through);
}

export const ODDS_SERIES = 'Donald Trump — presidential-election-winner-2024';

/** A quiet state: nothing moves, no zones known, nothing stale. */
export function quietState(overrides: Partial<AlertState> = {}): AlertState {
  return {
    odds: { series: ODDS_SERIES, points: [] },
    iwmCloses: [],
    spyCloses: [],
    trumpTradeCorrelation30d: { now: null, previous: null, asOfDate: null },
    members: [],
    lastIngestAt: {},
    asOf: { odds: null, prices: null, fundamentals: null },
    ...overrides,
  };
}

export function members(zone: MemberZone['zone'], count: number, prefix = 'ZB'): MemberZone[] {
  return Array.from({ length: count }, (_, index) => ({ ticker: `${prefix}${index + 1}`, name: `Zombie Co ${index + 1}`, zone }));
}

export const SUMMARY_EMBED: APIEmbed = {
  title: 'Zombie beta: Russell 2000 (IWM)',
  description: 'Negative EPS 43.4% · Altman distress 21.0% · BIS zombies 18.2%',
  fields: [{ name: 'Members', value: '1,962' }],
};

export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

/** Sources over a mutable state holder, so a test can change the data between cycles. */
export function sourcesOf(holder: { state: AlertState }, chart: Buffer | null = null): AlertSources {
  return {
    loadState: () => holder.state,
    summaryEmbed: () => SUMMARY_EMBED,
    chartPng: () => chart,
  };
}

export interface RecordedPost {
  channelId: string;
  message: AlertMessage;
}

export interface RecordingPoster {
  post: PostMessage;
  /** Finds a recorded post of the channel by its ref, as GET /channels/{id}/messages + carriesRef would. */
  findPosted: FindPosted;
  posts: RecordedPost[];
  /** How many times findPosted was asked. */
  lookups: number;
  /** Makes the next `times` calls reject with `error`. */
  failNext(error: unknown, times?: number): void;
  /** The next `times` posts are accepted (recorded) but their answer is lost: the call rejects with a network error. */
  loseAnswers(times?: number): void;
  /** Every call resolves only after this many milliseconds (lets concurrent runs overlap). */
  delayMs: number;
}

export function recordingPoster(): RecordingPoster {
  const failures: unknown[] = [];
  let lostAnswers = 0;
  const poster: RecordingPoster = {
    posts: [],
    lookups: 0,
    delayMs: 0,
    failNext: (error, times = 1) => failures.push(...Array.from({ length: times }, () => error)),
    loseAnswers: (times = 1) => {
      lostAnswers += times;
    },
    post: async (channelId, message) => {
      if (poster.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, poster.delayMs));
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      poster.posts.push({ channelId, message });
      if (lostAnswers > 0) {
        lostAnswers -= 1;
        throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
      }
      return { id: String(1_000_000 + poster.posts.length) };
    },
    findPosted: async (channelId, ref) => {
      poster.lookups += 1;
      const index = poster.posts.findIndex((post) => post.channelId === channelId && carriesRef(post.message.body, ref));
      return index < 0 ? null : { id: String(1_000_000 + index + 1) };
    },
  };
  return poster;
}

/** An error shaped like discord.js's DiscordAPIError / HTTPError. */
export function discordError(status: number, code: number | null, message: string): Error {
  return Object.assign(new Error(message), { status, ...(code !== null && { code }) });
}

/** Turns alerts on for a server with the settings saved at `at`. */
export function enableAlerts(store: AlertDb, at: Date, guildId = GUILD, channelId = CHANNEL): Promise<void> {
  return saveAlertChannel(store, guildId, channelId, at);
}

export const titles = (posts: readonly RecordedPost[]) =>
  posts.map((post) => post.message.body.embeds?.[0]?.title ?? post.message.body.content ?? '');

/** The positioning part of an alert state from real TFF weeks (RTY and M2K, 2026-01-06 … 2026-03-17). */
const TFF_2026_WEEKS = weeklyPositions(
  parseCotText(readFileSync(new URL('../fixtures/cot/FinFutYY_2026_sarafano_russell-lines.txt', import.meta.url), 'utf8'), 'FinFutYY.txt').rows,
);
export const REAL_POSITIONING: Pick<AlertState, 'positioning' | 'leveragedMove'> = {
  positioning: positioning(TFF_2026_WEEKS),
  leveragedMove: leveragedMoveShare(TFF_2026_WEEKS),
};
