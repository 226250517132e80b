// The scheduler lease (table alert_lease): one row per lease name, held by one process until its expiry. Taking it is
// one upsert that succeeds only when the lease is free, expired, or already this holder's, so two processes racing
// for it (on one SQLite file or one PostgreSQL database) never both hold it.
import type { AlertDb } from './engine.js';

export interface LeaseHolder {
  holder: string;
  acquiredAt: string;
  expiresAt: string;
}

/** Takes the lease for `holder`, or renews it, until `now + ttlMs`; true when `holder` holds it afterwards. */
export async function acquireLease(store: AlertDb, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const at = now.toISOString();
  const row = await store.get<{ holder: string }>(
    `INSERT INTO alert_lease (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
       acquired_at = CASE WHEN alert_lease.holder = excluded.holder THEN alert_lease.acquired_at ELSE excluded.acquired_at END
     WHERE alert_lease.holder = excluded.holder OR alert_lease.expires_at <= ?
     RETURNING holder`,
    [name, holder, at, new Date(now.getTime() + ttlMs).toISOString(), at],
  );
  return row?.holder === holder;
}

/** Gives the lease up (a clean stop), so another process takes it at its next try instead of after the expiry. */
export async function releaseLease(store: AlertDb, name: string, holder: string): Promise<void> {
  await store.run(`DELETE FROM alert_lease WHERE name = ? AND holder = ?`, [name, holder]);
}

export async function leaseHolder(store: AlertDb, name: string): Promise<LeaseHolder | null> {
  const row = await store.get<{ holder: string; acquired_at: string; expires_at: string }>(
    `SELECT holder, acquired_at, expires_at FROM alert_lease WHERE name = ?`,
    [name],
  );
  return row ? { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : null;
}
