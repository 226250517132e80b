// What each server saw last (table alert_memory): the figures of its previous digest and what its rules saw at
// their previous check, so the next digest and check can say what changed.
import type { AlertDb } from './engine.js';
import type { OddsPoint } from '../odds.js';

/**
 * Altman Z zones as src/metrics/altman.ts classifies members (Z or Z″ cut-offs) and the rules remember them;
 * null when Z is unknown.
 */
export type AltmanZone = 'distress' | 'grey' | 'safe';

export interface DailyClose {
  /** Trading date, YYYY-MM-DD. */
  date: string;
  /** Closing price in US dollars. */
  close: number;
}

/** What a server's rules saw at its previous check. */
export interface RuleMemory {
  /** Altman zone by ticker (members with a known zone); null before the first check. */
  zones: Record<string, AltmanZone> | null;
  /** The 30-day Trump-trade correlation; null when unknown. */
  correlation: number | null;
}

/** What a digest showed, remembered per server (JSON in alert_memory). */
export interface DigestFigures {
  /** When the digest was built (ISO 8601). */
  at: string;
  /** The server's local date of the digest, YYYY-MM-DD. */
  localDate: string;
  odds: OddsPoint | null;
  iwm: DailyClose | null;
  spy: DailyClose | null;
  /** Null when no member's zone is known. */
  distressTickers: string[] | null;
  zoneCounts: Record<AltmanZone, number> | null;
  /** The reconstitution the digest reported (its two list dates); absent in digests from before it was tracked. */
  reconstitution?: { from: string; to: string } | null;
  /** The COT report date the digest mentioned; absent in digests from before it was tracked. */
  cotReport?: string | null;
}

export interface AlertMemory {
  /** The figures of the server's previous digest. */
  digest: DigestFigures | null;
  rules: RuleMemory;
}

interface MemoryRow {
  digest_json: string | null;
  zones_json: string | null;
  correlation: number | null;
}

export async function readAlertMemory(store: AlertDb, guildId: string): Promise<AlertMemory> {
  const row = await store.get<MemoryRow>(`SELECT digest_json, zones_json, correlation FROM alert_memory WHERE guild_id = ?`, [guildId]);
  // The JSON columns hold only what writeDigestMemory and writeRuleMemory serialised.
  return {
    digest: row?.digest_json ? (JSON.parse(row.digest_json) as DigestFigures) : null,
    rules: {
      zones: row?.zones_json ? (JSON.parse(row.zones_json) as RuleMemory['zones']) : null,
      correlation: row?.correlation ?? null,
    },
  };
}

export async function writeRuleMemory(store: AlertDb, guildId: string, memory: RuleMemory, now: Date): Promise<void> {
  await store.run(
    `INSERT INTO alert_memory (guild_id, zones_json, correlation, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET zones_json = excluded.zones_json, correlation = excluded.correlation,
       updated_at = excluded.updated_at`,
    [guildId, memory.zones === null ? null : JSON.stringify(memory.zones), memory.correlation, now.toISOString()],
  );
}

export async function writeDigestMemory(store: AlertDb, guildId: string, figures: DigestFigures, now: Date): Promise<void> {
  await store.run(
    `INSERT INTO alert_memory (guild_id, digest_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET digest_json = excluded.digest_json, updated_at = excluded.updated_at`,
    [guildId, JSON.stringify(figures), now.toISOString()],
  );
}
