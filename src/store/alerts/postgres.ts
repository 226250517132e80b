// The PostgreSQL engine of the alert state (STATE_DATABASE_URL=postgres://…): several bot hosts share one database.
// Its schema is db/postgres/NNN_*.sql, applied in order at connection under an advisory lock (two hosts starting at
// once apply each migration once) and recorded in schema_migrations. A transaction runs on one pooled client; its
// `lock` option takes pg_advisory_xact_lock on the key, which PostgreSQL releases at COMMIT or ROLLBACK.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { packagePath } from '../../core/paths.js';
import { listMigrations } from '../db.js';
import type { AlertDb, SqlValue } from './engine.js';

const MIGRATIONS_DIR = packagePath('db', 'postgres');
const MIGRATION_LOCK = 'zombie-beta schema migrations';

export interface PostgresOptions {
  /** Connections in the pool (default 4: the bot's state traffic is light). */
  maxConnections?: number;
  /** Errors of idle pooled connections (the server restarted, the network dropped); the pool replaces them. */
  onIdleError?: (error: Error) => void;
}

/** `?` placeholders (outside quoted text) become PostgreSQL's `$1, $2, …`. */
export function toPositional(sql: string): string {
  let index = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++index}` : match));
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function handle(client: Queryable, transaction: AlertDb['transaction'], close: AlertDb['close']): AlertDb {
  const query = (sql: string, params: readonly SqlValue[]) => client.query(toPositional(sql), params as SqlValue[]);
  return {
    engine: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    transaction,
    close,
  };
}

/**
 * A transaction's start: READ COMMITTED (stated, not inherited from the server's default: under REPEATABLE READ the runs
 * that wait on the lock would fail to serialise), and bounds, so that a process that froze while holding a server's
 * lock (SIGSTOP, a paused VM) cannot stall every other host's deliveries: its idle transaction ends after a minute, and
 * a wait for a lock or a statement gives up after 30 s (that server's delivery fails this cycle and runs at the next).
 * SET LOCAL, not connection options: they hold whatever the URL says and through a pooler such as PgBouncer.
 */
const BEGIN = [
  'BEGIN ISOLATION LEVEL READ COMMITTED',
  "SET LOCAL lock_timeout = '30s'",
  "SET LOCAL statement_timeout = '30s'",
  "SET LOCAL idle_in_transaction_session_timeout = '60s'",
].join('; ');

/**
 * Runs `work` in a transaction (BEGIN above) on one pooled client. A connection that breaks meanwhile
 * (the server restarted, the backend was terminated) fails the transaction instead of the process: pg emits 'error'
 * on a checked-out client, which nobody else listens to, and the broken client is discarded, not pooled again.
 */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, lock?: string): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    await client.query(BEGIN);
    if (lock !== undefined) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken ??= rollbackError;
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** Connects, brings the schema up to date and returns the alert state on PostgreSQL. */
export async function openPostgresAlertDb(url: string, options: PostgresOptions = {}): Promise<AlertDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, keepAlive: true });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const closed = () => Promise.reject(new Error('close the alert database outside its transaction'));
  return handle(
    pool,
    (work, transactionOptions) =>
      inTransaction(
        pool,
        (client) => {
          const tx: AlertDb = handle(client, (nested) => nested(tx), closed);
          return work(tx);
        },
        transactionOptions?.lock,
      ),
    () => pool.end(),
  );
}

async function migratePostgres(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<void> {
  await inTransaction(
    pool,
    async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, file TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
      for (const { version, file } of listMigrations(dir)) {
        if (applied.has(version)) continue;
        await client.query(readFileSync(join(dir, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (version, file, applied_at) VALUES ($1, $2, $3)', [
          version,
          file,
          new Date().toISOString(),
        ]);
      }
    },
    MIGRATION_LOCK,
  );
}
