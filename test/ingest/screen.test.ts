import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { ingestScreen } from '../../src/ingest/screen.js';
import { openDb, type Db } from '../../src/store/db.js';
import { latestScreenValues } from '../../src/store/screen.js';
import { latestSnapshot } from '../../src/store/snapshots.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';

const ZAKI_PATH = new URL('../fixtures/screens/russell_2000_excerpt.csv', import.meta.url);
const ZAKI = readFileSync(ZAKI_PATH, 'utf8');

function context(db: Db, extra: Partial<IngestContext> = {}): IngestContext {
  return { db, config: loadConfig({ HTTP_TIMEOUT_MS: '2000' }), progress: silentProgress, log: () => undefined, ...extra };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingestScreen', () => {
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({ '/exports/russell_2000.csv': { body: ZAKI } });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('stores an export from the server as a snapshot named after the file', async () => {
    const summary = await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`);
    expect(summary).toMatchObject({ source: 'screen', subject: 'russell_2000.csv', rows: 38, asOf: null, failures: [] });
    expect(summary.note).toContain('read as a fraction');
    const values = latestScreenValues(db);
    expect(values.size).toBe(38);
    expect(values.get('AAN')).toMatchObject({
      marketCapUsd: expect.closeTo(226_559_774, 3),
      trailingPe: 24.29856005,
      dividendYield: 0.064211415,
      priceUsd: 7.47,
      source: 'russell_2000.csv',
    });
    expect(values.get('AADI')?.trailingPe).toBeNull();
  });

  it('retries a 500 and stores the 200 that follows', async () => {
    server.route('/exports/russell_2000.csv', [{ status: 500 }, { body: ZAKI }]);
    await expect(ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`)).resolves.toMatchObject({ rows: 38 });
    expect(server.requests).toHaveLength(2);
  });

  it('rejects an HTML page served with 200 and writes nothing', async () => {
    server.route('/exports/russell_2000.csv', { body: '<!doctype html><html><body>Log in</body></html>' });
    await expect(ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`)).rejects.toThrow(
      /screener export russell_2000\.csv: got an HTML page/,
    );
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(0);
  });

  it('reads a local path and marks demo snapshots', async () => {
    await ingestScreen(context(db, { demo: true }), ZAKI_PATH.pathname);
    expect(latestSnapshot(db, 'screen', 'russell_2000_excerpt.csv')).toMatchObject({ demo: true, rowCount: 38 });
  });

  it('merges exports per field: the newest non-null value wins and older files fill the gaps', async () => {
    await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`);
    server.route('/exports/newer.csv', {
      body: 'Ticker,Forward P/E,Price,Trailing P/E Ratio\nAAN,9.5,8.10,N/A\nNEWCO,12,20,15\n',
    });
    await ingestScreen(context(db), `${server.baseUrl}/exports/newer.csv`);
    const values = latestScreenValues(db);
    expect(values.get('AAN')).toMatchObject({
      forwardPe: 9.5,
      priceUsd: 8.1,
      trailingPe: 24.29856005,
      marketCapUsd: expect.closeTo(226_559_774, 3),
      source: 'newer.csv, russell_2000.csv',
    });
    expect(values.get('NEWCO')).toMatchObject({ trailingPe: 15, name: null, source: 'newer.csv' });
    expect(values.get('PRGS')?.source).toBe('russell_2000.csv');
  });

  it('dates the market cap by the export it is taken from, not by the newest export', async () => {
    await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`, '2023-11-30');
    server.route('/exports/newer.csv', { body: 'Ticker,Forward P/E,Market Cap\nAAN,9.5,\nNEWCO,12,5000000\n' });
    await ingestScreen(context(db), `${server.baseUrl}/exports/newer.csv`, '2024-07-01');
    const values = latestScreenValues(db);
    expect(values.get('AAN')).toMatchObject({ forwardPe: 9.5, marketCapUsd: expect.closeTo(226_559_774, 3), marketCapAsOf: '2023-11-30' });
    expect(values.get('NEWCO')).toMatchObject({ marketCapUsd: 5_000_000, marketCapAsOf: '2024-07-01' });
  });

  it('replaces the earlier snapshot of the same file instead of duplicating it', async () => {
    await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`);
    await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`);
    expect(count(db, "SELECT count(*) AS n FROM snapshots WHERE source = 'screen'")).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM screen_values')).toBe(38);
  });

  it('leaves the previous snapshot visible and no building rows when a write fails', async () => {
    await ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`);
    const before = latestScreenValues(db);
    db.exec(`CREATE TEMP TRIGGER fail_mid_ingest BEFORE INSERT ON screen_values WHEN NEW.ticker = 'ABG'
             BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(ingestScreen(context(db), `${server.baseUrl}/exports/russell_2000.csv`)).rejects.toThrow(/disk full/);
    expect(latestScreenValues(db)).toEqual(before);
    expect(count(db, "SELECT count(*) AS n FROM snapshots WHERE status = 'building'")).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM screen_values')).toBe(38);
  });
});
