// The two engines of the alert state as test fixtures: SQLite (a file in a temporary folder) and PostgreSQL (a fresh
// database in the run's cluster, when the run has one). `connect` opens another independent connection to the same
// state, as a second process or host would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { connectTo } from './alert-location.js';
import { createTestDatabase, postgresUrl } from './postgres.js';

export interface EngineFixture {
  /** Where the state is: the SQLite file, or the PostgreSQL URL (as a child process is given it). */
  location: string;
  connect(): Promise<AlertDb>;
  /** Closes every connection opened and removes the state. */
  cleanup(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** False when the run has no PostgreSQL: the engine's tests skip. */
  available: boolean;
  create(): Promise<EngineFixture>;
}

function tracked(location: string, remove: () => Promise<void>): EngineFixture {
  const opened: AlertDb[] = [];
  return {
    location,
    connect: async () => {
      const handle = await connectTo(location);
      opened.push(handle);
      return handle;
    },
    cleanup: async () => {
      for (const handle of opened.splice(0)) await handle.close().catch(() => undefined);
      await remove();
    },
  };
}

export const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    available: true,
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zombie-state-'));
      return tracked(join(dir, 'state.db'), async () => rmSync(dir, { recursive: true, force: true }));
    },
  },
  {
    name: 'postgres',
    available: postgresUrl() !== null,
    create: async () => {
      const database = await createTestDatabase();
      return tracked(database.url, database.drop);
    },
  },
];
