import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { importCotFile, ingestCotApi } from '../../src/ingest/cot.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { cotRows, newestCotWeek } from '../../src/store/cot.js';
import { openDb, type Db } from '../../src/store/db.js';
import { pruneHistory } from '../../src/store/snapshots.js';
import { virtualClock } from '../support/clock.js';
import { startReplayServer, type RecordedRequest, type ReplayServer } from '../support/replay-server.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/cot/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
/** Real rows of code 239742 as the API answers the fields asked for: 2018-11-06/13 and 2026-08-18 … 2026-09-08. */
const ROWS = JSON.parse(fixture('gpe5-46if_select_239742_ko-aggregator.json')) as Record<string, string>[];
const TFF_2026 = fixturePath('FinFutYY_2026_sarafano_russell-lines.txt');
const LEGACY_2026 = fixturePath('annual_2026_JPow_russell-lines.txt');
const PATH = '/resource/gpe5-46if.json';

/** Answers the API's query as Socrata would: the rows after the $where date, a page at $offset. */
function socrata(rows: Record<string, string>[]) {
  return (request: RecordedRequest) => {
    const where = request.url.searchParams.get('$where') ?? '';
    const after = /> '(\d{4}-\d{2}-\d{2})/.exec(where)?.[1] ?? '0000';
    const offset = Number(request.url.searchParams.get('$offset'));
    const limit = Number(request.url.searchParams.get('$limit'));
    const matching = rows.filter((row) => row.report_date_as_yyyy_mm_dd!.slice(0, 10) > after);
    return { body: JSON.stringify(matching.slice(offset, offset + limit)), headers: { 'Content-Type': 'application/json' } };
  };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingest cot from the API', () => {
  let server: ReplayServer;
  let db: Db;
  let ctx: IngestContext;
  beforeEach(async () => {
    server = await startReplayServer({ [PATH]: socrata(ROWS.slice(0, 4)) });
    db = openDb(':memory:');
    const config = loadConfig({ CFTC_API_URL: server.baseUrl, CFTC_APP_TOKEN: 'token-123', HTTP_TIMEOUT_MS: '2000' });
    ctx = { db, config, progress: silentProgress, log: () => undefined, clock: virtualClock() };
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('fills an empty cache from 2008, one snapshot per report week, then asks only for the weeks after the newest', async () => {
    const first = await ingestCotApi(ctx);
    expect(first).toMatchObject({ source: 'cot', subject: 'tff', rows: 4, asOf: '2026-08-25', requests: 1, failures: [] });
    expect(first.note).toBe('4 report weeks (2018-11-06 → 2026-08-25), codes 239742');
    expect(server.requests[0]!.url.searchParams.get('$where')).toContain(">= '2008-01-01T00:00:00.000'");
    expect(server.requests[0]!.headers['x-app-token']).toBe('token-123');
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE source = 'cot' AND status = 'complete'`)).toBe(4);

    server.route(PATH, socrata(ROWS));
    const second = await ingestCotApi(ctx);
    expect(second).toMatchObject({ rows: 2, asOf: '2026-09-08', requests: 1 });
    expect(server.requests[1]!.url.searchParams.get('$where')).toContain("report_date_as_yyyy_mm_dd > '2026-08-25T00:00:00.000'");
    expect(cotRows(db, 'tff').map((row) => [row.reportDate, row.openInterest])).toEqual([
      ['2018-11-06', 472_437],
      ['2018-11-13', 463_340],
      ['2026-08-18', 424_956],
      ['2026-08-25', 413_000],
      ['2026-09-01', 424_663],
      ['2026-09-08', 431_147],
    ]);

    const third = await ingestCotApi(ctx);
    expect(third).toMatchObject({ rows: 0, asOf: '2026-09-08', failures: [], note: 'no report after 2026-09-08 yet' });
  });

  it('keeps every report week whatever the retention rule', async () => {
    server.route(PATH, socrata(ROWS));
    await ingestCotApi(ctx);
    expect(pruneHistory(db, 30)).toBe(0);
    expect(cotRows(db, 'tff')).toHaveLength(6);
  });

  it('pages with $limit/$offset until a short page', async () => {
    const template = ROWS[0]!;
    const weeks = Array.from({ length: 1001 }, (_, i) => {
      const date = new Date(Date.UTC(2008, 0, 1) + i * 7 * 86_400_000).toISOString().slice(0, 10);
      return { ...template, report_date_as_yyyy_mm_dd: `${date}T00:00:00.000` };
    });
    server.route(PATH, socrata(weeks));
    const summary = await ingestCotApi(ctx);
    expect(summary).toMatchObject({ rows: 1001, requests: 2 });
    expect(server.requests.map((r) => r.url.searchParams.get('$offset'))).toEqual(['0', '1000']);
  });

  it('retries a 429 and a 503 and stores what follows', async () => {
    server.route(PATH, [{ status: 429, headers: { 'Retry-After': '2' } }, { status: 503 }, { body: JSON.stringify(ROWS) }]);
    const summary = await ingestCotApi(ctx);
    expect(summary).toMatchObject({ rows: 6, requests: 3 });
  });

  it('refuses a malformed body and an error body, keeping the last weeks stored', async () => {
    await ingestCotApi(ctx);
    const before = count(db, 'SELECT COUNT(*) AS n FROM cot_positions');
    server.route(PATH, { body: '[{"report_date_as_yyyy_mm_dd": "2026-09-01T00:00:00.000", "cftc_con' });
    await expect(ingestCotApi(ctx)).rejects.toThrow(/^CFTC COT API: malformed JSON/);
    server.route(PATH, { body: JSON.stringify({ code: 'query.compiler.malformed', error: true, message: 'Invalid SoQL query' }) });
    await expect(ingestCotApi(ctx)).rejects.toThrow(/unexpected response: \(top level\): expected a JSON array of rows/);
    server.route(PATH, { body: JSON.stringify([{ ...ROWS[5], lev_money_positions_long: 'n/a' }]) });
    await expect(ingestCotApi(ctx)).rejects.toThrow(/row 1: lev money positions long all: "n\/a" is not a number of contracts/);
    server.route(PATH, { status: 500 });
    await expect(ingestCotApi(ctx)).rejects.toThrow(/gave up after 4 attempts: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/resource\/gpe5-46if\.json$/);
    expect(count(db, 'SELECT COUNT(*) AS n FROM cot_positions')).toBe(before);
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE status <> 'complete'`)).toBe(0);
    expect(newestCotWeek(db, 'tff')).toBe('2026-08-25');
  });
});

describe('ingest cot from a file', () => {
  let db: Db;
  let ctx: IngestContext;
  beforeEach(() => {
    db = openDb(':memory:');
    ctx = { db, config: loadConfig({}), progress: silentProgress, log: () => undefined };
  });
  afterEach(() => db.close());

  it('imports a TFF text file, and again without duplicating its weeks', async () => {
    const [summary] = await importCotFile(ctx, TFF_2026);
    expect(summary).toMatchObject({ source: 'cot', subject: 'tff', rows: 22, asOf: '2026-03-17' });
    expect(summary!.note).toBe('11 report weeks (2026-01-06 → 2026-03-17), codes 239742, 239747; 11 rows of other markets skipped');
    await importCotFile(ctx, TFF_2026);
    expect(count(db, 'SELECT COUNT(*) AS n FROM cot_positions')).toBe(22);
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE source = 'cot'`)).toBe(11);
  });

  it('replaces only the contracts a later file lists: a saved API response of the E-mini keeps the micro of that week', async () => {
    await importCotFile(ctx, TFF_2026);
    const dir = mkdtempSync(join(tmpdir(), 'zombie-cot-'));
    const saved = join(dir, 'gpe5-46if.json');
    // The E-mini of 2026-03-17 as the API answers it, open interest corrected from 481,226 to 481,230.
    const emini = { report_date_as_yyyy_mm_dd: '2026-03-17T00:00:00.000', cftc_contract_market_code: '239742', open_interest_all: '481230' };
    const positions = {
      asset_mgr_positions_long: '160372',
      asset_mgr_positions_short: '116152',
      lev_money_positions_long: '75598',
      lev_money_positions_short: '129576',
    };
    writeFileSync(saved, JSON.stringify([{ ...emini, ...positions }]));
    await importCotFile(ctx, saved);
    const week = cotRows(db, 'tff').filter((row) => row.reportDate === '2026-03-17');
    expect(week.map((row) => [row.code, row.openInterest])).toEqual([
      ['239742', 481_230],
      ['239747', 42_742],
    ]);
    expect(count(db, 'SELECT COUNT(*) AS n FROM cot_positions')).toBe(22);
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE source = 'cot'`)).toBe(11);
  });

  it('imports a zip of a TFF and a legacy file, one summary per layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zombie-cot-'));
    const zip = join(dir, 'russell.zip');
    writeFileSync(
      zip,
      zipSync({ 'FinFutYY.txt': strToU8(readFileSync(TFF_2026, 'utf8')), 'annual.txt': strToU8(readFileSync(LEGACY_2026, 'utf8')) }),
    );
    const summaries = await importCotFile(ctx, zip);
    expect(summaries.map((s) => [s.subject, s.rows, s.asOf])).toEqual([
      ['legacy', 4, '2026-01-13'],
      ['tff', 22, '2026-03-17'],
    ]);
    expect(cotRows(db, 'legacy').find((row) => row.code === '239742' && row.reportDate === '2026-01-13')).toMatchObject({
      openInterest: 397_732,
      noncommLong: 80_925,
    });
  });

  it('refuses a bad file in one line and stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zombie-cot-'));
    const cut = join(dir, 'FinFutYY.txt');
    writeFileSync(cut, readFileSync(TFF_2026, 'utf8').slice(0, 9_000));
    await expect(importCotFile(ctx, cut)).rejects.toThrow(
      /^COT file FinFutYY\.txt line \d+: expected 87 columns, got \d+ \(file cut short\?\); nothing stored$/,
    );
    await expect(importCotFile(ctx, join(dir, 'missing.zip'))).rejects.toThrow(/^COT file missing\.zip: cannot read/);
    expect(count(db, 'SELECT COUNT(*) AS n FROM snapshots')).toBe(0);
  });
});
