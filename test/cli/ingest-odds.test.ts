// `zombie ingest odds <file>`: a path that does not exist reads "cannot read", never a slug looked up online.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { registerIngestCli } from '../../src/cli/ingest.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/store/db.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';

let db: Db;
let server: ReplayServer;
beforeEach(async () => {
  db = openDb(':memory:');
  server = await startReplayServer();
});
afterEach(async () => {
  db.close();
  await server.close();
});

function zombie(args: string[]): Promise<unknown> {
  const config = loadConfig({ POLYMARKET_GAMMA_URL: server.baseUrl, POLYMARKET_CLOB_URL: server.baseUrl });
  const app = testCliApp(db, { config });
  const program = new Command('zombie').exitOverride();
  registerIngestCli(program, app);
  return program.parseAsync(['node', 'zombie', 'ingest', ...args]);
}

describe('zombie ingest odds <missing file>', () => {
  it.each(['missing/odds.csv', 'odds-2024.csv', 'history.json'])('%s: cannot read, and no request', async (path) => {
    await expect(zombie(['odds', path, '--name', 'x'])).rejects.toThrow(`odds file: cannot read ${path}: ENOENT`);
    expect(server.requests).toEqual([]);
  });
});
