// Per-server alert settings (table alert_settings): the channel posts go to, the digest time and time zone, on/off,
// and why posting paused (Discord refused the channel).
import type { AlertDb } from './engine.js';

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

export async function getAlertSettings(store: AlertDb, guildId: string): Promise<AlertSettings | null> {
  const row = await store.get<SettingsRow>(`SELECT * FROM alert_settings WHERE guild_id = ?`, [guildId]);
  return row ? toSettings(row) : null;
}

/** Servers that post now: enabled, with a channel that is not paused. */
export async function listPostingServers(store: AlertDb): Promise<AlertSettings[]> {
  const rows = await store.all<SettingsRow>(
    `SELECT * FROM alert_settings
     WHERE enabled = 1 AND channel_id IS NOT NULL AND paused_reason IS NULL ORDER BY guild_id`,
  );
  return rows.map(toSettings);
}

/** Sets the channel and turns posting on (clearing a channel pause). */
export async function saveAlertChannel(store: AlertDb, guildId: string, channelId: string, now: Date): Promise<void> {
  await store.run(
    `INSERT INTO alert_settings (guild_id, channel_id, enabled, updated_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, enabled = 1, paused_reason = NULL,
       updated_at = excluded.updated_at`,
    [guildId, channelId, now.toISOString()],
  );
}

export async function saveDigestSchedule(
  store: AlertDb,
  guildId: string,
  schedule: { digestTime: string; timezone: string },
  now: Date,
): Promise<void> {
  await store.run(
    `INSERT INTO alert_settings (guild_id, digest_time, timezone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET digest_time = excluded.digest_time, timezone = excluded.timezone,
       updated_at = excluded.updated_at`,
    [guildId, schedule.digestTime, schedule.timezone, now.toISOString()],
  );
}

/**
 * Turns posting off. The rules' memory is cleared too, so turning alerts back on starts from a fresh baseline
 * instead of reporting every change that happened while they were off.
 */
export function disableAlerts(store: AlertDb, guildId: string, now: Date): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO alert_settings (guild_id, enabled, updated_at) VALUES (?, 0, ?)
       ON CONFLICT (guild_id) DO UPDATE SET enabled = 0, updated_at = excluded.updated_at`,
      [guildId, now.toISOString()],
    );
    await tx.run(`UPDATE alert_memory SET zones_json = NULL, correlation = NULL, updated_at = ? WHERE guild_id = ?`, [now.toISOString(), guildId]);
  });
}

/** Pauses posting to `channelId`; nothing when an admin has chosen another channel meanwhile (that one is untried). */
export async function pauseAlertChannel(store: AlertDb, guildId: string, channelId: string, reason: string, now: Date): Promise<void> {
  await store.run(`UPDATE alert_settings SET paused_reason = ?, updated_at = ? WHERE guild_id = ? AND channel_id = ?`, [
    reason,
    now.toISOString(),
    guildId,
    channelId,
  ]);
}
