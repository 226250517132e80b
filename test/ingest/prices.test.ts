import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { importPriceCsv, ingestMemberPrices, ingestYahooPrices } from '../../src/ingest/prices.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';
import { latestHoldings } from '../../src/store/holdings.js';
import { priceSeries, priceSymbols } from '../../src/store/prices.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { virtualClock, type VirtualClock } from '../support/clock.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/prices/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

const IWM_CHART = fixture('yahoo_chart_IWM_2024-10-21_2024-11-15_constructed.json');
const QQQ_CHART = fixture('yahoo_chart_QQQ_2020-01-02_yahoo-finance2.json');
const IWM_CSV_PATH = fixturePath('IWM_kittycapital_2024-06-24_2024-08-05_excerpt.csv');
const NOT_FOUND = '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}';

function context(
  db: Db,
  yahooUrl = 'http://127.0.0.1:9',
  extra: Partial<Omit<IngestContext, 'clock'>> = {},
): IngestContext & { lines: string[]; clock: VirtualClock } {
  const lines: string[] = [];
  return {
    clock: virtualClock(),
    db,
    config: loadConfig({ HTTP_TIMEOUT_MS: '2000', YAHOO_CHART_URL: yahooUrl }),
    progress: silentProgress,
    log: (line) => lines.push(line),
    lines,
    ...extra,
  };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingestYahooPrices', () => {
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({
      '/v8/finance/chart/IWM': { body: IWM_CHART },
      '/v8/finance/chart/QQQ': { body: QQQ_CHART },
      '/v8/finance/chart/NOPE': { status: 404, body: NOT_FOUND },
    });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('stores one snapshot per symbol and reports a failing symbol without stopping the others', async () => {
    const ctx = context(db, server.baseUrl);
    const summaries = await ingestYahooPrices(ctx, ['iwm', 'NOPE', 'QQQ']);
    expect(summaries).toEqual([
      { source: 'prices', subject: 'IWM', rows: 20, asOf: '2024-11-15', failures: [], requests: 1, elapsedMs: expect.any(Number) },
      {
        source: 'prices',
        subject: 'NOPE',
        rows: 0,
        asOf: null,
        failures: ['Yahoo chart NOPE: unknown symbol (HTTP 404: no data found, symbol may be delisted)'],
        requests: 1,
        elapsedMs: expect.any(Number),
      },
      { source: 'prices', subject: 'QQQ', rows: 1, asOf: '2020-01-02', failures: [], requests: 1, elapsedMs: expect.any(Number) },
    ]);
    expect(ctx.lines).toEqual(['prices NOPE: Yahoo chart NOPE: unknown symbol (HTTP 404: no data found, symbol may be delisted)']);
    const iwm = priceSeries(db, 'IWM');
    expect(iwm?.adjusted).toBe(true);
    expect(iwm?.snapshot).toMatchObject({ source: 'prices', subject: 'IWM', asOf: '2024-11-15', rowCount: 20, demo: false, note: null });
    expect(iwm?.snapshot.origin).toBe(`${server.baseUrl}/v8/finance/chart/IWM?interval=1d&range=5y`);
    expect(iwm?.points[0]).toEqual({ date: '2024-10-21', close: 222.10000610351562, adjClose: 222.10000610351562 });
    expect(iwm?.points.map((p) => p.date)).toEqual([...iwm!.points.map((p) => p.date)].sort());
    expect(priceSeries(db, 'QQQ')?.points).toEqual([{ date: '2020-01-02', close: 216.16000366210938, adjClose: 207.8722686767578 }]);
    expect(priceSymbols(db)).toEqual(['IWM', 'QQQ']);
  });

  it('asks Yahoo at most twice a second', async () => {
    const ctx = context(db, server.baseUrl);
    await ingestYahooPrices(ctx, ['IWM', 'QQQ', 'IWM']);
    expect(server.requests).toHaveLength(3);
    // One request at once, then each after half a second.
    expect(ctx.clock.slept).toEqual([500, 500]);
  });

  it('retries 429 and 500 and stores the 200 that follows', async () => {
    server.route('/v8/finance/chart/IWM', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { body: IWM_CHART }]);
    const [summary] = await ingestYahooPrices(context(db, server.baseUrl), ['IWM']);
    expect(summary).toMatchObject({ rows: 20, failures: [] });
    expect(server.requests).toHaveLength(3);
  }, 10_000);

  it('reports an HTML page, garbage JSON and chart.error as that symbol’s failure and stores nothing', async () => {
    server.route('/v8/finance/chart/IWM', { body: '<html><body>Oops</body></html>' });
    server.route('/v8/finance/chart/QQQ', { body: 'not json at all' });
    server.route('/v8/finance/chart/SPY', { body: '{"chart":{"result":null,"error":{"code":"Bad Request","description":"Invalid input"}}}' });
    const summaries = await ingestYahooPrices(context(db, server.baseUrl), ['IWM', 'QQQ', 'SPY']);
    expect(summaries.map((s) => [s.rows, s.failures[0]])).toEqual([
      [0, 'Yahoo chart IWM: expected JSON but got an HTML page'],
      [0, expect.stringMatching(/^Yahoo chart QQQ: malformed JSON/)],
      [0, 'Yahoo chart SPY: Yahoo error Bad Request: Invalid input'],
    ]);
    expect(count(db, 'SELECT COUNT(*) AS n FROM snapshots')).toBe(0);
  });

  it('rejects a symbol that is not a ticker without asking Yahoo', async () => {
    const [summary] = await ingestYahooPrices(context(db, server.baseUrl), ['IWM; DROP TABLE']);
    expect(summary!.failures).toEqual(['"IWM; DROP TABLE" is not a ticker symbol']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('importPriceCsv', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
  });
  afterEach(() => db.close());

  it('stores a price-only CSV under the symbol with as-of = last date and says "price return"', async () => {
    const summary = await importPriceCsv(context(db), IWM_CSV_PATH, 'IWM');
    expect(summary).toEqual({ source: 'prices', subject: 'IWM', rows: 30, asOf: '2024-08-05', failures: [], note: 'price return' });
    const series = priceSeries(db, 'iwm');
    expect(series?.adjusted).toBe(false);
    expect(series?.snapshot).toMatchObject({ asOf: '2024-08-05', note: 'price return', origin: IWM_CSV_PATH });
    expect(series?.points.find((p) => p.date === '2024-07-16')).toEqual({ date: '2024-07-16', close: 224.60000610351562, adjClose: null });
  });

  it('marks demo imports as demo', async () => {
    await importPriceCsv(context(db, undefined, { demo: true }), IWM_CSV_PATH, 'IWM');
    expect(priceSeries(db, 'IWM')?.snapshot.demo).toBe(true);
  });

  it('does not duplicate rows when the same as-of date is imported again', async () => {
    await importPriceCsv(context(db), IWM_CSV_PATH, 'IWM');
    await importPriceCsv(context(db), IWM_CSV_PATH, 'IWM');
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE source = 'prices'`)).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM prices')).toBe(30);
  });

  it('leaves the previous series in place when an import fails in parsing or while writing', async () => {
    await importPriceCsv(context(db), IWM_CSV_PATH, 'IWM');
    const before = priceSeries(db, 'IWM');
    const dir = mkdtempSync(join(tmpdir(), 'zombie-prices-'));
    const broken = join(dir, 'IWM.csv');
    writeFileSync(broken, 'Date,Close\n2024-08-06,205.1\n2024-08-07,abc\n');
    await expect(importPriceCsv(context(db), broken, 'IWM')).rejects.toThrow('price CSV IWM line 3: Close "abc" is not a number');
    writeFileSync(broken, 'Date,Close\n2024-08-06,205.1\n2024-08-07,204.2\n');
    db.exec(`CREATE TEMP TRIGGER fail_prices BEFORE INSERT ON prices WHEN NEW.date = '2024-08-07'
             BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await expect(importPriceCsv(context(db), broken, 'IWM')).rejects.toThrow('disk I/O error');
    expect(priceSeries(db, 'IWM')).toEqual(before);
    expect(count(db, `SELECT COUNT(*) AS n FROM snapshots WHERE status = 'building'`)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM prices')).toBe(30);
  });

  it('names a missing file', async () => {
    await expect(importPriceCsv(context(db), '/no/such/IWM.csv', 'IWM')).rejects.toThrow(/price CSV IWM: cannot read/);
  });
});

describe('ingestMemberPrices (the daily members job)', () => {
  // The whole real IWM download of Jul 11 2024 (an excerpt is refused as incomplete).
  const HOLDINGS = fileURLToPath(new URL('../../data/demo/holdings/IWM_holdings.csv', import.meta.url));
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({});
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('appends each member’s holdings close to its stored series and asks Yahoo only for members without one', async () => {
    const ctx = context(db, server.baseUrl);
    await ingestHoldings(ctx, HOLDINGS);
    const members = latestHoldings(db, 'IWM')!.holdings;
    const priced = members.filter((h) => h.priceUsd !== null && h.priceUsd > 0);
    const unpriced = members.length - priced.length;
    expect(unpriced).toBeGreaterThan(0); // e.g. lines iShares lists without a price
    const [newcomerA, newcomerB, ...known] = priced.map((h) => h.ticker);
    // Two days of history for every member but two, adjusted for a distribution (factor 0.98).
    const csv = join(mkdtempSync(join(tmpdir(), 'zombie-prices-')), 'history.csv');
    writeFileSync(csv, 'Date,Close,Adj Close\n2024-07-09,10,9.8\n2024-07-10,10,9.8\n');
    for (const ticker of known) await importPriceCsv(ctx, csv, ticker!);
    for (const ticker of [newcomerA!, newcomerB!]) server.route(`/v8/finance/chart/${ticker}`, { body: IWM_CHART });

    const summary = await ingestMemberPrices(ctx, 'IWM');
    expect(server.requests.map((r) => r.path)).toEqual([`/v8/finance/chart/${newcomerA}`, `/v8/finance/chart/${newcomerB}`]);
    expect(summary).toMatchObject({
      source: 'prices',
      subject: 'IWM members',
      asOf: '2024-07-11',
      rows: known.length + 2 * 20,
      failures: [],
      requests: 2,
      note: `${known.length.toLocaleString('en-US')} closes from the IWM holdings, 2 new members backfilled from Yahoo, ${unpriced} without a price`,
    });
    for (const holding of priced.filter((h) => known.includes(h.ticker))) {
      const series = priceSeries(db, holding.ticker)!;
      expect(series.snapshot.asOf).toBe('2024-07-11');
      expect(series.points.at(-1)).toEqual({ date: '2024-07-11', close: holding.priceUsd, adjClose: expect.closeTo(holding.priceUsd! * 0.98, 9) });
      expect(series.adjusted).toBe(true);
    }
    // The backfilled series already reach past the holdings date: nothing appended to them.
    expect(priceSeries(db, newcomerA!)!.points).toHaveLength(20);

    // The next run on the same holdings changes nothing and asks no one.
    server.requests.length = 0;
    const again = await ingestMemberPrices(ctx, 'IWM');
    expect(again).toMatchObject({ rows: 0, requests: 0 });
    expect(server.requests).toHaveLength(0);
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE source = 'prices'`)).toBe(priced.length);
  });

  it('refuses to run before any holdings are stored', async () => {
    await expect(ingestMemberPrices(context(db, server.baseUrl), 'IWM')).rejects.toThrow(/no dated IWM holdings/);
  });
});
