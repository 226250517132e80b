// Notices for a server's admins (table alert_notices), shown once with their next /alerts reply.
import type { Db } from '../db.js';

export function addNotice(db: Db, guildId: string, text: string, now: Date): void {
  db.prepare(`INSERT INTO alert_notices (guild_id, text, created_at) VALUES (?, ?, ?)`).run(guildId, text, now.toISOString());
}

/** The notices not shown yet, oldest first, marked as shown. */
export function takeNotices(db: Db, guildId: string, now: Date): string[] {
  return db
    .transaction(() => {
      const rows = db.prepare(`SELECT id, text FROM alert_notices WHERE guild_id = ? AND shown_at IS NULL ORDER BY id`).all(guildId) as {
        id: number;
        text: string;
      }[];
      const markShown = db.prepare(`UPDATE alert_notices SET shown_at = ? WHERE id = ?`);
      for (const row of rows) markShown.run(now.toISOString(), row.id);
      return rows.map((row) => row.text);
    })
    .immediate();
}
