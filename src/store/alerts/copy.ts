// Moving the alert state from one engine to the other — from the cache file's SQLite to PostgreSQL when a bot goes
// from one host to several (`zombie alerts copy-state`): every table but the lease, row for row, ids kept, so the
// servers keep their settings and the outbox keeps the keys of what was posted (nothing is posted again).
import { plural } from '../../core/text.js';
import type { AlertDb, SqlValue } from './engine.js';

/** The tables in an order that inserts every referenced row first (a post's `folded_into` is set afterwards). */
const TABLES = ['alert_settings', 'alert_rules', 'alert_memory', 'alert_notices', 'alert_posts'] as const;
const WITH_ID = new Set(['alert_notices', 'alert_posts']);

export class StateNotEmptyError extends Error {
  override name = 'StateNotEmptyError';
}

/** Copies every alert table of `from` into an empty `to` in one transaction; the rows copied per table. */
export async function copyAlertState(from: AlertDb, to: AlertDb): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  await to.transaction(async (tx) => {
    for (const table of TABLES) {
      const present = await tx.get<{ n: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${table}`);
      if ((present?.n ?? 0) > 0)
        throw new StateNotEmptyError(`the target already has ${plural(present?.n ?? 0, 'row')} in ${table}; it must be empty`);
    }
    for (const table of TABLES) {
      const rows = await from.all<Record<string, SqlValue>>(`SELECT * FROM ${table}${WITH_ID.has(table) ? ' ORDER BY id' : ''}`);
      for (const row of rows) {
        const values = { ...row, ...(table === 'alert_posts' && { folded_into: null }) };
        const columns = Object.keys(values);
        await tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(values));
      }
      if (table === 'alert_posts') {
        for (const row of rows.filter((post) => post.folded_into !== null)) {
          await tx.run(`UPDATE alert_posts SET folded_into = ? WHERE id = ?`, [row.folded_into!, row.id!]);
        }
      }
      if (WITH_ID.has(table) && tx.engine === 'postgres' && rows.length > 0) {
        await tx.get(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
      }
      copied[table] = rows.length;
    }
  });
  return copied;
}
