// The PostgreSQL engine's sessions on the run's throwaway cluster: a connection terminated in the middle of a
// transaction fails that transaction, not the process; transactions are READ COMMITTED whatever the database's default;
// lock waits and idle transactions are bounded, so a frozen process cannot stall the other hosts.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { openPostgresAlertDb } from '../../src/store/alerts/postgres.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let store: AlertDb;
let admin: pg.Client;

beforeEach(async (context) => {
  if (postgresUrl() === null) context.skip('no PostgreSQL on this machine (apt-get install postgresql)');
  database = await createTestDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});

afterEach(async () => {
  await store?.close();
  await admin?.end();
  await database?.drop();
});

describe('the PostgreSQL engine', () => {
  it('fails a transaction whose connection is terminated, between statements or while waiting for its lock, and goes on', async () => {
    store = await openPostgresAlertDb(database.url);
    await expect(
      store.transaction(async (tx) => {
        const backend = await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [backend!.pid]);
        await tx.get('SELECT 1 AS one');
      }),
    ).rejects.toThrow();

    // The lock is held by another session (its own connection: pg_stat_activity is a snapshot within a transaction);
    // the waiting transaction's backend is terminated.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('a server', 0))");
      // Its outcome is taken at once: it may reject before the terminating query returns.
      const waiting = store.transaction(async () => 'committed', { lock: 'a server' }).catch((error: unknown) => error);
      const waiters = "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'";
      await expect.poll(async () => (await admin.query(waiters)).rowCount, { timeout: 10_000 }).toBe(1);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM (${waiters}) AS waiting`);
      expect(await waiting).toBeInstanceOf(Error);
    } finally {
      await holder.end();
    }

    expect(await store.get('SELECT 1 AS one')).toEqual({ one: 1 });
    expect(await store.transaction((tx) => tx.get('SELECT 2 AS two'))).toEqual({ two: 2 });
  });

  it('runs transactions READ COMMITTED on a database whose default is REPEATABLE READ, with bounded lock waits', async () => {
    const name = new URL(database.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    store = await openPostgresAlertDb(database.url);
    const settings = await store.transaction(async (tx) => ({
      isolation: (await tx.get<{ transaction_isolation: string }>('SHOW transaction_isolation'))!.transaction_isolation,
      lock: (await tx.get<{ lock_timeout: string }>('SHOW lock_timeout'))!.lock_timeout,
      idle: (await tx.get<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout'))!
        .idle_in_transaction_session_timeout,
    }));
    expect(settings).toEqual({ isolation: 'read committed', lock: '30s', idle: '1min' });
  });
});
