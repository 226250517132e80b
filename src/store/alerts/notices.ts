// Notices for a server's admins (table alert_notices), shown once with their next /alerts reply.
import type { AlertDb } from './engine.js';

export async function addNotice(store: AlertDb, guildId: string, text: string, now: Date): Promise<void> {
  await store.run(`INSERT INTO alert_notices (guild_id, text, created_at) VALUES (?, ?, ?)`, [guildId, text, now.toISOString()]);
}

/** The notices not shown yet, oldest first, marked as shown (by one reply only, whichever host serves it). */
export function takeNotices(store: AlertDb, guildId: string, now: Date): Promise<string[]> {
  return store.transaction(
    async (tx) => {
      const rows = await tx.all<{ id: number; text: string }>(
        `SELECT id, text FROM alert_notices WHERE guild_id = ? AND shown_at IS NULL ORDER BY id`,
        [guildId],
      );
      for (const row of rows) await tx.run(`UPDATE alert_notices SET shown_at = ? WHERE id = ?`, [now.toISOString(), row.id]);
      return rows.map((row) => row.text);
    },
    { lock: `alert notices ${guildId}` },
  );
}
