// The shared state of the bot — alert settings, rules, memory, notices, the outbox with its claims, and the
// scheduler lease — behind one asynchronous SQL interface with two engines: SQLite (the default, embedded, in the
// cache file as before; src/store/alerts/sqlite.ts) and PostgreSQL when STATE_DATABASE_URL is set, so several hosts
// share it (src/store/alerts/postgres.ts). The store modules beside this file write their SQL once, in the dialect
// both engines accept: `?` placeholders, ISO 8601 text timestamps, 0/1 integers for flags, INSERT … ON CONFLICT and
// RETURNING, counts cast to INTEGER.

/** A bound parameter: user text reaches SQL only this way. */
export type SqlValue = string | number | Buffer | null;

export interface TransactionOptions {
  /**
   * Serialises transactions holding the same lock key across processes and hosts: SQLite takes its one write lock
   * (BEGIN IMMEDIATE) for every transaction anyway; PostgreSQL takes a transaction-scoped advisory lock on the key.
   */
  lock?: string;
}

export interface AlertDb {
  readonly engine: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs `work` in one transaction on one connection (committed when it resolves, rolled back when it rejects).
   * Inside, use the `tx` it is given, never the outer handle. A transaction inside a transaction joins it.
   */
  transaction<T>(work: (tx: AlertDb) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
