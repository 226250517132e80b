// Per-server alert settings (table alert_settings): the channel posts go to, the digest time and time zone, on/off,
// and why posting paused (Discord refused the channel).
import type { Db } from '../db.js';

export interface AlertSettings {
  guildId: string;
  channelId: string | null;
  enabled: boolean;
  /** HH:MM, 24-hour, in `timezone`. */
  digestTime: string;
  /** IANA time-zone name. */
  timezone: string;
  /** Why posting to the channel stopped (Discord refused it); null when not paused. */
  pausedReason: string | null;
  updatedAt: string;
}

interface SettingsRow {
  guild_id: string;
  channel_id: string | null;
  enabled: number;
  digest_time: string;
  timezone: string;
  paused_reason: string | null;
  updated_at: string;
}

const toSettings = (row: SettingsRow): AlertSettings => ({
  guildId: row.guild_id,
  channelId: row.channel_id,
  enabled: row.enabled === 1,
  digestTime: row.digest_time,
  timezone: row.timezone,
  pausedReason: row.paused_reason,
  updatedAt: row.updated_at,
});

export function getAlertSettings(db: Db, guildId: string): AlertSettings | null {
  const row = db.prepare(`SELECT * FROM alert_settings WHERE guild_id = ?`).get(guildId) as SettingsRow | undefined;
  return row ? toSettings(row) : null;
}

/** Servers that post now: enabled, with a channel that is not paused. */
export function listPostingServers(db: Db): AlertSettings[] {
  const rows = db
    .prepare(
      `SELECT * FROM alert_settings
       WHERE enabled = 1 AND channel_id IS NOT NULL AND paused_reason IS NULL ORDER BY guild_id`,
    )
    .all() as SettingsRow[];
  return rows.map(toSettings);
}

/** Sets the channel and turns posting on (clearing a channel pause). */
export function saveAlertChannel(db: Db, guildId: string, channelId: string, now: Date): void {
  db.prepare(
    `INSERT INTO alert_settings (guild_id, channel_id, enabled, updated_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, enabled = 1, paused_reason = NULL,
       updated_at = excluded.updated_at`,
  ).run(guildId, channelId, now.toISOString());
}

export function saveDigestSchedule(db: Db, guildId: string, schedule: { digestTime: string; timezone: string }, now: Date): void {
  db.prepare(
    `INSERT INTO alert_settings (guild_id, digest_time, timezone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET digest_time = excluded.digest_time, timezone = excluded.timezone,
       updated_at = excluded.updated_at`,
  ).run(guildId, schedule.digestTime, schedule.timezone, now.toISOString());
}

/**
 * Turns posting off. The rules' memory is cleared too, so turning alerts back on starts from a fresh baseline
 * instead of reporting every change that happened while they were off.
 */
export function disableAlerts(db: Db, guildId: string, now: Date): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO alert_settings (guild_id, enabled, updated_at) VALUES (?, 0, ?)
       ON CONFLICT (guild_id) DO UPDATE SET enabled = 0, updated_at = excluded.updated_at`,
    ).run(guildId, now.toISOString());
    db.prepare(`UPDATE alert_memory SET zones_json = NULL, correlation = NULL, updated_at = ? WHERE guild_id = ?`).run(now.toISOString(), guildId);
  })();
}

export function pauseAlertChannel(db: Db, guildId: string, reason: string, now: Date): void {
  db.prepare(`UPDATE alert_settings SET paused_reason = ?, updated_at = ? WHERE guild_id = ?`).run(reason, now.toISOString(), guildId);
}
