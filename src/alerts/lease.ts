// Which bot process runs the alert scheduler. Every process (each shard, each host) starts the scheduler; only the
// holder of the lease — a row in alert_lease with an expiry, shared through the state database — runs its digest
// jobs and rule checks. The holder renews the lease every `renewMs`; when it dies, another process takes the lease
// once the expiry (`ttlMs`) has passed, and a clean stop gives it up at once. The lease keeps the work in one place;
// exactly-once posting does not rest on it but on the outbox claims (poster.ts), so two processes that both believe
// they hold the lease (a clock jump, a paused process) still never post twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AlertDb } from '../store/alerts/engine.js';
import { acquireLease, releaseLease } from '../store/alerts/lease.js';

export interface LeaseOptions {
  /** The lease row's name: one per application sharing the state database. */
  name: string;
  /** How long a lease lasts without renewal: how long alerts wait after the holder dies. */
  ttlMs: number;
  /** How often the holder renews (and the others try to take) the lease; well under `ttlMs`. */
  renewMs: number;
}

export const DEFAULT_LEASE: LeaseOptions = { name: 'alert-scheduler', ttlMs: 30_000, renewMs: 10_000 };

export interface Lease {
  /** This process's holder id: host, process id and a random suffix. */
  readonly holder: string;
  /** True while the last successful renewal has not expired by this process's clock. */
  held(): boolean;
  /** Takes or renews the lease now; false when another process holds it or the database cannot be reached. */
  renew(): Promise<boolean>;
  /** Gives the lease up if held. */
  release(): Promise<void>;
}

export function schedulerLease(store: AlertDb, options: LeaseOptions, now: () => Date, onError: (error: unknown) => void): Lease {
  const holder = `${hostname()} pid ${process.pid} ${randomBytes(3).toString('hex')}`;
  let heldUntil = 0;
  return {
    holder,
    held: () => now().getTime() < heldUntil,
    renew: async () => {
      const at = now();
      try {
        const held = await acquireLease(store, options.name, holder, at, options.ttlMs);
        heldUntil = held ? at.getTime() + options.ttlMs : 0;
        return held;
      } catch (error) {
        onError(error);
        return now().getTime() < heldUntil;
      }
    },
    release: async () => {
      if (heldUntil === 0) return;
      heldUntil = 0;
      await releaseLease(store, options.name, holder).catch(onError);
    },
  };
}
