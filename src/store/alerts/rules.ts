// Per-server rule overrides (table alert_rules): each alert kind on or off, its threshold, and why it paused.
import type { AlertDb } from './engine.js';

export const ALERT_KINDS = ['digest', 'odds-move', 'iwm-move', 'correlation', 'distress', 'stale', 'positioning'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** A server's setting for one kind: stored overrides merged with the defaults. */
export interface KindSetting {
  kind: AlertKind;
  enabled: boolean;
  threshold: number | null;
  pausedReason: string | null;
}

interface KindRow {
  kind: AlertKind;
  enabled: number;
  threshold: number | null;
  paused_reason: string | null;
}

const toKindSetting = (row: KindRow): KindSetting => ({
  kind: row.kind,
  enabled: row.enabled === 1,
  threshold: row.threshold,
  pausedReason: row.paused_reason,
});

/** The server's stored overrides (kinds without a row use their defaults; see effectiveSettings). */
export async function listKindOverrides(store: AlertDb, guildId: string): Promise<KindSetting[]> {
  const rows = await store.all<KindRow>(`SELECT kind, enabled, threshold, paused_reason FROM alert_rules WHERE guild_id = ? ORDER BY kind`, [
    guildId,
  ]);
  return rows.map(toKindSetting);
}

/** One kind's stored overrides in every server, by server (one query, for the scheduler's reload). */
export async function kindOverridesByServer(store: AlertDb, kind: AlertKind): Promise<Map<string, KindSetting>> {
  const rows = await store.all<KindRow & { guild_id: string }>(
    `SELECT guild_id, kind, enabled, threshold, paused_reason FROM alert_rules WHERE kind = ?`,
    [kind],
  );
  return new Map(rows.map((row) => [row.guild_id, toKindSetting(row)]));
}

/** Enables or disables a kind with a threshold (null = default), clearing its pause. */
export async function saveKindSetting(
  store: AlertDb,
  guildId: string,
  kind: AlertKind,
  setting: { enabled: boolean; threshold: number | null },
  now: Date,
): Promise<void> {
  await store.run(
    `INSERT INTO alert_rules (guild_id, kind, enabled, threshold, paused_reason, updated_at) VALUES (?, ?, ?, ?, NULL, ?)
     ON CONFLICT (guild_id, kind) DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold,
       paused_reason = NULL, updated_at = excluded.updated_at`,
    [guildId, kind, setting.enabled ? 1 : 0, setting.threshold, now.toISOString()],
  );
}

export async function pauseKind(store: AlertDb, guildId: string, kind: AlertKind, reason: string, now: Date): Promise<void> {
  await store.run(
    `INSERT INTO alert_rules (guild_id, kind, enabled, threshold, paused_reason, updated_at) VALUES (?, ?, 1, NULL, ?, ?)
     ON CONFLICT (guild_id, kind) DO UPDATE SET paused_reason = excluded.paused_reason, updated_at = excluded.updated_at`,
    [guildId, kind, reason, now.toISOString()],
  );
}
