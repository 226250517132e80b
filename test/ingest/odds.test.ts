import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { importOddsFile, ingestConfiguredOdds, ingestPolymarketOdds } from '../../src/ingest/odds.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';
import { oddsSeries, oddsSeriesNames } from '../../src/store/odds.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { virtualClock } from '../support/clock.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/odds/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

const ELECTION_EVENT = fixture('gamma_event_presidential-election-winner-2024_constructed.json');
const DAILY_PATH = fixturePath('polymarket-price-data-daily.csv');
const HOURLY_PATH = fixturePath('polymarket-price-data-hourly_excerpt.csv');
const TRUMP_YES = '21742633143463906290569050155826241533067272736897614950488156847949938836455';
const OCT_10 = 1728518402;
const DAY = 86_400;

/** The Trump Yes prices of the hourly website export (t, p), served by the fake CLOB. */
const TRUMP_HOURLY = readFileSync(HOURLY_PATH, 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.replaceAll('"', '').split(','))
  .map((cells) => ({ t: Number(cells[1]), p: Number(cells.at(-1)) }));

function context(db: Db, server?: ReplayServer, extra: Partial<IngestContext> = {}): IngestContext {
  const base = server?.baseUrl ?? 'http://127.0.0.1:9';
  return {
    clock: virtualClock(),
    db,
    config: loadConfig({ HTTP_TIMEOUT_MS: '2000', POLYMARKET_GAMMA_URL: base, POLYMARKET_CLOB_URL: base }),
    progress: silentProgress,
    log: () => undefined,
    ...extra,
  };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingestPolymarketOdds', () => {
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({
      '/markets': { body: '[]' },
      '/events': { body: ELECTION_EVENT },
      '/prices-history': (req) => {
        const start = Number(req.url.searchParams.get('startTs'));
        const end = Number(req.url.searchParams.get('endTs'));
        return { body: JSON.stringify({ history: TRUMP_HOURLY.filter((point) => point.t >= start && point.t <= end) }) };
      },
    });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  const october = { outcome: 'Donald Trump', from: '2024-10-01', to: '2024-10-31' };
  const historyRequests = () => server.requests.filter((r) => r.path === '/prices-history').map((r) => Object.fromEntries(r.url.searchParams));

  it('ingests the primary series and every ODDS_SERIES entry, reporting a failing entry without stopping the others', async () => {
    const base = server.baseUrl;
    const config = loadConfig({
      HTTP_TIMEOUT_MS: '2000',
      POLYMARKET_GAMMA_URL: base,
      POLYMARKET_CLOB_URL: base,
      ODDS_SERIES: JSON.stringify([
        { name: 'no-such-market', polymarket: 'no-such-slug' },
        { name: 'kalshi-djt', file: 'data/demo/odds/PRES-2024-DJT_candlesticks.csv' },
      ]),
    });
    const summaries = await ingestConfiguredOdds({ ...context(db, server), config });
    expect(summaries.map((s) => [s.subject, s.rows, s.failures])).toEqual([
      ['presidential-election-winner-2024/donald-trump', 59, []],
      ['no-such-market', 0, ['Polymarket Gamma: no market or event with slug "no-such-slug"']],
      ['kalshi-djt', 611, []],
    ]);
    expect(oddsSeriesNames(db)).toEqual(['kalshi-djt', 'presidential-election-winner-2024/donald-trump']);
  });

  it("follows an event candidate's Yes token through 14-day hourly windows and stores the series", async () => {
    const summary = await ingestPolymarketOdds(context(db, server), 'presidential-election-winner-2024', october);
    const start = Date.parse('2024-10-01T00:00:00Z') / 1000;
    expect(historyRequests()).toEqual([
      { market: TRUMP_YES, startTs: String(start), endTs: String(start + 14 * DAY), fidelity: '60' },
      { market: TRUMP_YES, startTs: String(start + 14 * DAY), endTs: String(start + 28 * DAY), fidelity: '60' },
      { market: TRUMP_YES, startTs: String(start + 28 * DAY), endTs: String(start + 31 * DAY), fidelity: '60' },
    ]);
    expect(summary).toEqual({
      source: 'odds',
      subject: 'presidential-election-winner-2024/donald-trump',
      rows: 24,
      asOf: '2024-10-10',
      failures: [],
      note: 'Polymarket "Will Donald Trump win the 2024 US Presidential Election?" Yes, hourly',
      requests: 5, // /markets, /events and three history windows
    });
    expect(server.requests).toHaveLength(5);
    const series = oddsSeries(db, 'presidential-election-winner-2024/donald-trump');
    expect(series?.points.find((p) => p.t === OCT_10)?.p).toBe(0.5335);
    expect(series?.points.map((p) => p.t)).toEqual([...series!.points.map((p) => p.t)].sort((a, b) => a - b));
    expect(series?.snapshot).toMatchObject({ asOf: '2024-10-10', rowCount: 24, demo: false });
    expect(series?.snapshot.origin).toBe(`${server.baseUrl}/prices-history?market=${TRUMP_YES}`);
    expect(oddsSeriesNames(db)).toEqual(['presidential-election-winner-2024/donald-trump']);
  });

  it('uses a market slug directly, its Yes outcome and the given series name', async () => {
    const trumpMarket = (JSON.parse(ELECTION_EVENT) as { markets: unknown[] }[])[0]!.markets[0];
    server.route('/markets', { body: JSON.stringify([trumpMarket]) });
    const slug = 'will-donald-trump-win-the-2024-us-presidential-election';
    const summary = await ingestPolymarketOdds(context(db, server), slug, { outcome: 'Yes', name: 'trump', from: '2024-10-10', to: '2024-10-10' });
    expect(summary).toMatchObject({ subject: 'trump', rows: 24 });
    expect(server.requests.map((r) => r.path)).toEqual(['/markets', '/prices-history']);
    expect(server.requests[0]!.url.searchParams.get('slug')).toBe(slug);
  });

  it('retries 429 and 500 from the CLOB', async () => {
    let calls = 0;
    server.route('/prices-history', (req) => {
      calls++;
      if (calls === 1) return { status: 429, headers: { 'retry-after': '0' } };
      if (calls === 2) return { status: 500 };
      const start = Number(req.url.searchParams.get('startTs'));
      return { body: JSON.stringify({ history: TRUMP_HOURLY.filter((point) => point.t >= start && point.t <= start + DAY) }) };
    });
    const summary = await ingestPolymarketOdds(context(db, server), 'presidential-election-winner-2024', {
      outcome: 'Donald Trump',
      from: '2024-10-10',
      to: '2024-10-10',
    });
    expect(summary.rows).toBe(24);
    expect(historyRequests()).toHaveLength(3);
  }, 10_000);

  it('names an unknown candidate and writes nothing', async () => {
    await expect(ingestPolymarketOdds(context(db, server), 'presidential-election-winner-2024', { outcome: 'Joe Biden' })).rejects.toThrow(
      'no market for outcome "Joe Biden"; options: Donald Trump, Kamala Harris',
    );
    expect(count(db, 'SELECT COUNT(*) AS n FROM snapshots')).toBe(0);
  });

  it('keeps the previous series when the CLOB answers garbage', async () => {
    await ingestPolymarketOdds(context(db, server), 'presidential-election-winner-2024', october);
    const before = oddsSeries(db, 'presidential-election-winner-2024/donald-trump');
    server.route('/prices-history', { body: '{"history":[{"t":1728518402,"p":"0.53"}]}' });
    await expect(ingestPolymarketOdds(context(db, server), 'presidential-election-winner-2024', october)).rejects.toThrow(
      /Polymarket CLOB prices-history 2024-10-01T00:00Z\.\.2024-10-15T00:00Z: unexpected response: history\.0\.p/,
    );
    expect(oddsSeries(db, 'presidential-election-winner-2024/donald-trump')).toEqual(before);
  });
});

describe('importOddsFile', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
  });
  afterEach(() => db.close());

  it('imports the Trump column of the daily and hourly exports under the names given', async () => {
    const daily = await importOddsFile(context(db), DAILY_PATH, { column: 'Donald Trump', name: 'trump-daily' });
    const hourly = await importOddsFile(context(db), HOURLY_PATH, { column: 'Donald Trump', name: 'trump-hourly' });
    expect(daily).toEqual({
      source: 'odds',
      subject: 'trump-daily',
      rows: 307,
      asOf: '2024-11-06',
      failures: [],
      note: 'Polymarket CSV export, column "donald trump"',
    });
    expect(hourly).toMatchObject({ rows: 59, asOf: '2024-11-06' });
    expect(oddsSeries(db, 'trump-daily')?.points.find((p) => p.t === OCT_10)?.p).toBe(0.5335);
    expect(oddsSeries(db, 'trump-hourly')?.points.find((p) => p.t === OCT_10)?.p).toBe(0.5335);
    expect(oddsSeriesNames(db)).toEqual(['trump-daily', 'trump-hourly']);
  });

  it('says how many rows predate the market', async () => {
    const summary = await importOddsFile(context(db, undefined, { demo: true }), DAILY_PATH, { column: 'Kamala Harris', name: 'harris' });
    expect(summary.note).toBe('Polymarket CSV export, column "kamala harris"; 1 blank row (before the market existed) skipped');
    expect(oddsSeries(db, 'harris')?.snapshot.demo).toBe(true);
  });

  it('says "1 repeated timestamp" in the singular when the export repeats one hour', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'odds-')), 'repeated.csv');
    writeFileSync(
      path,
      [
        '"Date (UTC)","Timestamp (UTC)","Donald Trump"',
        '"11-03-2024 05:00","1730610003","0.5515"',
        '"11-03-2024 05:00","1730610003","0.563"',
        '"11-03-2024 07:00","1730617203","0.5635"',
      ].join('\n'),
    );
    const summary = await importOddsFile(context(db), path, { column: 'Donald Trump', name: 'trump-dst' });
    expect(summary.note).toBe('Polymarket CSV export, column "donald trump"; 1 repeated timestamp: later row kept');
  });

  it('does not duplicate a rerun of the same as-of date, and a failed import leaves the previous series', async () => {
    await importOddsFile(context(db), HOURLY_PATH, { column: 'Donald Trump', name: 'trump' });
    await importOddsFile(context(db), HOURLY_PATH, { column: 'Donald Trump', name: 'trump' });
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE source = 'odds'`)).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM odds')).toBe(59);
    const before = oddsSeries(db, 'trump');
    const broken = join(mkdtempSync(join(tmpdir(), 'zombie-odds-')), 'export.csv');
    writeFileSync(broken, '"Date (UTC)","Timestamp (UTC)","Donald Trump"\n"11-07-2024 00:00","1730937600","100"\n');
    await expect(importOddsFile(context(db), broken, { column: 'Donald Trump', name: 'trump' })).rejects.toThrow(
      'Polymarket CSV export line 2: "Donald Trump" = 100 is outside 0..1',
    );
    db.exec(`CREATE TEMP TRIGGER fail_odds BEFORE INSERT ON odds BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await expect(importOddsFile(context(db), DAILY_PATH, { column: 'Donald Trump', name: 'trump' })).rejects.toThrow('disk I/O error');
    expect(oddsSeries(db, 'trump')).toEqual(before);
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE status = 'building'`)).toBe(0);
  });
});

describe('importOddsFile: Kalshi candlesticks and CLOB history files', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
  });
  afterEach(() => db.close());
  const KALSHI = 'data/demo/odds/PRES-2024-DJT_candlesticks.csv';

  it('reads the real Kalshi CSV: close prices in cents at each hour end (UTC), the one hour without a trade skipped', async () => {
    const summary = await importOddsFile(context(db), KALSHI, { name: 'kalshi-djt' });
    expect(summary).toMatchObject({
      subject: 'kalshi-djt',
      rows: 611,
      asOf: '2024-11-06',
      note: 'Kalshi candlesticks, "price_close" in cents at each period\'s end (UTC); 1 period without a trade skipped',
    });
    const points = oddsSeries(db, 'kalshi-djt')!.points;
    // line 2: 2024-10-04 13:00:00 → 1728046800, price_close 50.0 → 0.5 (python3 calendar.timegm)
    expect(points[0]).toEqual({ t: 1728046800, p: 0.5 });
    // 2024-11-05 21:00:00 (the candle ending at the cut-off for Nov 5) closed at 58 cents
    expect(points.find((p) => p.t === Date.parse('2024-11-05T21:00:00Z') / 1000)?.p).toBe(0.58);
    expect(points.some((p) => p.t === Date.parse('2024-10-15T12:00:00Z') / 1000)).toBe(false);
  });

  it('accepts unix seconds and zoned times, and names the line of a price outside 0–100 cents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zombie-kalshi-'));
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'end_period_ts,price_close\n1730840400,57\n1730844000,\n');
    const zoned = join(dir, 'zoned.csv');
    writeFileSync(zoned, 'timestamp,close\n2024-11-05T16:00:00-05:00,61\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,price_close\n2024-11-05 21:00:00,57\n2024-11-05 22:00:00,157\n');
    return Promise.all([
      importOddsFile(context(db), good, { name: 'a' }).then(() => expect(oddsSeries(db, 'a')!.points).toEqual([{ t: 1730840400, p: 0.57 }])),
      importOddsFile(context(db), zoned, { name: 'b' }).then(() => expect(oddsSeries(db, 'b')!.points).toEqual([{ t: 1730840400, p: 0.61 }])),
      expect(importOddsFile(context(db), bad, { name: 'c' })).rejects.toThrow(
        'Kalshi candlestick CSV line 3: price_close "157" is not a price in cents 0–100',
      ),
    ]);
  });

  it('imports a saved CLOB prices-history body, and refuses a file of unknown shape', async () => {
    const summary = await importOddsFile(context(db), fixturePath('clob_prices_history_1h.json'), { name: 'clob' });
    // 62 points, two of them at the same second (the later kept): 61 rows.
    expect(summary).toMatchObject({ subject: 'clob', rows: 61, note: 'Polymarket CLOB prices-history file' });
    const dir = mkdtempSync(join(tmpdir(), 'zombie-odds-'));
    writeFileSync(join(dir, 'x.csv'), 'date,value\n2024-11-05,1\n');
    await expect(importOddsFile(context(db), join(dir, 'x.csv'), { name: 'x' })).rejects.toThrow(/not a Polymarket CSV export .* give --format/);
    await expect(importOddsFile(context(db), HOURLY_PATH, { name: 'y' })).rejects.toThrow('needs the outcome column');
  });
});
