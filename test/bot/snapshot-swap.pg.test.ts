// A bot host that reads a published cache file (DATABASE_READONLY, with its state on PostgreSQL): `zombie backup
// --force` renames a new file onto the path under the running bot, and within the 5 s check the bot answers from the new
// data, without -wal/-shm files ever appearing beside the published file; a file it cannot read is refused and the
// bot keeps serving the previous one.
import { existsSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zombie from '../../commands/zombie.js';
import { main, type RunningBot } from '../../src/bot/main.js';
import { loadConfig } from '../../src/config.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';
import { backupCache } from '../../src/store/backup.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.js';

const TOKEN = 'snapshot-swap-test-token';
const IWM_HOLDINGS = join(import.meta.dirname, '..', '..', 'data', 'demo', 'holdings', 'IWM_holdings.csv');

let database: TestDatabase;
let fake: FakeDiscord;
let dir: string;
let published: string;
let bot: RunningBot | number;
let output = '';
const caches: Db[] = [];

/** A cache as the ingest host keeps it: here the real IWM holdings (Jul 11 2024) alone. */
async function ingestHost(name: string): Promise<Db> {
  const db = openDb(join(dir, name));
  caches.push(db);
  await ingestHoldings({ db, config: loadConfig({}), progress: silentProgress, log: () => undefined }, IWM_HOLDINGS);
  return db;
}

/** The member count in the title of /zombie summary, as the bot answers it now. */
async function membersShown(): Promise<number> {
  const sent = fake.sendChatInput({ command: zombie.data, subcommand: 'summary' });
  const callback = await fake.waitForRequest((r) => r.path.endsWith(`/${sent.token}/callback`), 15_000);
  const answer: RecordedRequest =
    (callback.body as { type: number }).type === 5
      ? await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(sent.token), 30_000)
      : callback;
  const body = answer.body as { data?: { embeds: { title: string }[] }; embeds?: { title: string }[] };
  const title = (body.data?.embeds ?? body.embeds ?? [])[0]?.title ?? '';
  return Number(/([\d,]+) members/.exec(title)?.[1]?.replaceAll(',', ''));
}

describe.skipIf(postgresUrl() === null)('a published cache file swapped under a running bot', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeDiscord({ token: TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'zombie-swap-'));
    published = join(dir, 'zombie.db');
    await backupCache(await ingestHost('ingest-1.db'), published, { force: true });
    bot = await main({
      argv: [],
      env: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APP_ID: FAKE_IDS.application,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: published,
        DATABASE_READONLY: 'true',
        STATE_DATABASE_URL: database.url,
        LOG_LEVEL: 'info',
      },
      stderr: (text) => (output += text),
      logDestination: { write: (line: string) => (output += line) },
    });
    if (typeof bot === 'number') throw new Error(`the bot did not start:\n${output}`);
    await fake.waitForSession(30_000);
  }, 120_000);

  afterAll(async () => {
    if (typeof bot === 'object') await bot.shutdown('SIGTERM');
    for (const cache of caches) cache.close();
    await fake?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the new file within the check interval, with no -wal/-shm beside it', async () => {
    const before = await membersShown();
    expect(before).toBeGreaterThan(1000);
    // The next ingest: 100 members fewer in the newest IWM holdings.
    const next = await ingestHost('ingest-2.db');
    const latest = next
      .prepare(`SELECT id FROM snapshots WHERE source = 'holdings' AND subject = 'IWM' AND status = 'complete' ORDER BY as_of DESC LIMIT 1`)
      .get() as {
      id: number;
    };
    next
      .prepare(
        `DELETE FROM holdings WHERE snapshot_id = ? AND ticker IN (SELECT ticker FROM holdings WHERE snapshot_id = ? ORDER BY ticker LIMIT 100)`,
      )
      .run(latest.id, latest.id);
    next.prepare(`UPDATE snapshots SET completed_at = ? WHERE id = ?`).run(new Date().toISOString(), latest.id);
    await backupCache(next, published, { force: true });
    await expect.poll(membersShown, { timeout: 20_000, interval: 1000 }).toBe(before - 100);
    expect(output).toContain('"msg":"opened the newly published cache file"');
    expect([existsSync(`${published}-wal`), existsSync(`${published}-shm`)]).toEqual([false, false]);
  }, 60_000);

  it('refuses a file it cannot read and keeps answering from the one it has', async () => {
    const before = await membersShown();
    writeFileSync(join(dir, 'broken.db'), 'not a database');
    renameSync(join(dir, 'broken.db'), published);
    await expect.poll(() => output.includes('a new cache file was published but cannot be read'), { timeout: 15_000 }).toBe(true);
    expect(await membersShown()).toBe(before);
  }, 60_000);
});
