// Per-server rule overrides (table alert_rules): each alert kind on or off, its threshold, and why it paused.
import type { Db } from '../db.js';

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

/** The server's stored overrides (kinds without a row use their defaults; see effectiveSettings). */
export function listKindOverrides(db: Db, guildId: string): KindSetting[] {
  const rows = db
    .prepare(`SELECT kind, enabled, threshold, paused_reason FROM alert_rules WHERE guild_id = ? ORDER BY kind`)
    .all(guildId) as KindRow[];
  return rows.map((row) => ({
    kind: row.kind,
    enabled: row.enabled === 1,
    threshold: row.threshold,
    pausedReason: row.paused_reason,
  }));
}

/** Enables or disables a kind with a threshold (null = default), clearing its pause. */
export function saveKindSetting(db: Db, guildId: string, kind: AlertKind, setting: { enabled: boolean; threshold: number | null }, now: Date): void {
  db.prepare(
    `INSERT INTO alert_rules (guild_id, kind, enabled, threshold, paused_reason, updated_at) VALUES (?, ?, ?, ?, NULL, ?)
     ON CONFLICT (guild_id, kind) DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold,
       paused_reason = NULL, updated_at = excluded.updated_at`,
  ).run(guildId, kind, setting.enabled ? 1 : 0, setting.threshold, now.toISOString());
}

export function pauseKind(db: Db, guildId: string, kind: AlertKind, reason: string, now: Date): void {
  db.prepare(
    `INSERT INTO alert_rules (guild_id, kind, enabled, threshold, paused_reason, updated_at) VALUES (?, ?, 1, NULL, ?, ?)
     ON CONFLICT (guild_id, kind) DO UPDATE SET paused_reason = excluded.paused_reason, updated_at = excluded.updated_at`,
  ).run(guildId, kind, reason, now.toISOString());
}
