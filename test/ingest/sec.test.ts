import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { ingestSec } from '../../src/ingest/sec.js';
import { openDb, type Db } from '../../src/store/db.js';
import { latestFundamentals } from '../../src/store/fundamentals.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { virtualClock, type VirtualClock } from '../support/clock.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sec/${name}`, import.meta.url), 'utf8');

const TICKERS = fixture('company_tickers_excerpt.json');
const SNOWFLAKE_FACTS = fixture('CIK0001640147_snowflake_excerpt.json');
const LPA_FACTS = fixture('CIK0001997711_lpa_ifrs_excerpt.json');
const TESLA_SUBMISSIONS = fixture('CIK0001318605_tesla_submissions_excerpt.json');
/** Tesla's real submissions document re-labelled with Snowflake's real SIC (7372) and fiscal year end (0131). */
const SNOWFLAKE_SUBMISSIONS = JSON.stringify({
  ...JSON.parse(TESLA_SUBMISSIONS),
  cik: '1640147',
  name: 'Snowflake Inc.',
  sic: '7372',
  sicDescription: 'Services-Prepackaged Software',
  fiscalYearEnd: '0131',
  tickers: ['SNOW'],
});

const USER_AGENT = 'zombie-beta tests admin@example.com';
const DAY_1 = new Date('2025-06-02T12:00:00Z');
const DAY_2 = new Date('2025-06-03T12:00:00Z');

const FACTS_PATH = (cik: string) => `/api/xbrl/companyfacts/CIK${cik}.json`;

function context(
  db: Db,
  baseUrl: string,
  extra: Partial<Omit<IngestContext, 'clock'>> = {},
): IngestContext & { lines: string[]; clock: VirtualClock } {
  const lines: string[] = [];
  return {
    clock: virtualClock(),
    db,
    config: loadConfig({ SEC_WWW_URL: baseUrl, SEC_DATA_URL: baseUrl, SEC_USER_AGENT: USER_AGENT, HTTP_TIMEOUT_MS: '2000' }),
    progress: silentProgress,
    log: (line) => lines.push(line),
    lines,
    ...extra,
  };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingestSec', () => {
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({
      '/files/company_tickers.json': { body: TICKERS },
      [FACTS_PATH('0001640147')]: { body: SNOWFLAKE_FACTS },
      [FACTS_PATH('0001997711')]: { body: LPA_FACTS },
      '/submissions/CIK0001640147.json': { body: SNOWFLAKE_SUBMISSIONS },
      '/submissions/CIK0001318605.json': { body: TESLA_SUBMISSIONS },
    });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('stores every company of the run as one complete snapshot, keyed by the tickers asked for', async () => {
    const ctx = context(db, server.baseUrl);
    const summary = await ingestSec(ctx, ['SNOW', 'lpa'], { now: DAY_1 });
    expect(summary).toEqual({
      source: 'sec',
      subject: 'companyfacts',
      rows: 2,
      asOf: '2025-06-02',
      failures: [],
      requests: 5, // company_tickers.json, then submissions and companyfacts of each company
      elapsedMs: expect.any(Number),
    });
    expect(server.requests).toHaveLength(5);
    const stored = latestFundamentals(db);
    expect([...stored.keys()].sort()).toEqual(['LPA', 'SNOW']);
    expect(stored.get('SNOW')).toMatchObject({
      ticker: 'SNOW',
      cik: 1640147,
      entityName: 'SNOWFLAKE INC.',
      sic: 7372,
      fiscalYearEnd: '0131',
      firstFilingDate: '2005-02-17', // the re-labelled Tesla document's oldest page starts then
      periodEnd: '2025-04-30',
      revenueTtmUsd: 3_839_761_000,
      epsDilutedTtm: -4.2,
      dividendsPerShareTtm: null,
      retainedEarningsUsd: -8_214_507_000,
      demo: false,
      origin: `${server.baseUrl}/api/xbrl/companyfacts/CIK0001640147.json`,
    });
    expect(stored.get('SNOW')?.annual.map((y) => y.fiscalYear)).toEqual([2025, 2024, 2023, 2022]);
    expect(stored.get('LPA')).toMatchObject({ sic: null, firstFilingDate: null, revenueTtmUsd: null, sharesOutstanding: 31_668_601 });
    expect(stored.get('LPA')?.notes).toEqual(['files IFRS (ifrs-full), not US GAAP: US GAAP figures are null']);
    // LPA's submissions are not served: logged, SIC unknown, the company still stored.
    expect(ctx.lines).toEqual([expect.stringMatching(/^SEC submissions CIK0001997711 \(LPA\): HTTP 404 from .* \(SIC unknown\)$/)]);
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE source = 'sec' AND status = 'complete' AND as_of = '2025-06-02'`)).toBe(1);
  });

  it('sends the User-Agent on every request and never more than 10 requests in a second', async () => {
    const tickers = ['SNOW', 'LPA', 'TSLA', 'MSFT', 'AAPL', 'NVDA', 'GOOGL', 'AMZN', 'META', 'BRKB', 'BF.B', 'MOGA'];
    const ctx = context(db, server.baseUrl);
    await ingestSec(ctx, tickers, { now: DAY_1, concurrency: 6 });
    expect(server.requests.length).toBe(1 + 2 * tickers.length);
    expect(server.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
    // The shared limiter (spacing tested in http.test.ts) spread the 25 requests over at least 2.4 s.
    expect(ctx.clock.elapsed()).toBeGreaterThanOrEqual((server.requests.length - 1) * 100);
  });

  it('waits out a 429 with Retry-After, then stores the company', async () => {
    server.route(FACTS_PATH('0001640147'), [{ status: 429, headers: { 'retry-after': '1' } }, { body: SNOWFLAKE_FACTS }]);
    const ctx = context(db, server.baseUrl);
    const summary = await ingestSec(ctx, ['SNOW'], { now: DAY_1 });
    expect(summary.rows).toBe(1);
    const attempts = server.requests.filter((r) => r.path === FACTS_PATH('0001640147'));
    expect(attempts).toHaveLength(2);
    expect(ctx.clock.slept).toContain(1000);
  });

  it('reports companies that fail (404, 5xx, HTML, malformed JSON, unknown ticker) and stores the others', async () => {
    server.route(FACTS_PATH('0000789019'), { status: 503, body: 'unavailable' }); // MSFT
    server.route(FACTS_PATH('0000320193'), { body: '<!DOCTYPE html><html><body>Request Rate Threshold Exceeded</body></html>' }); // AAPL
    server.route(FACTS_PATH('0001045810'), { body: '{"cik": 1045810, "entityName": "NVIDIA' }); // NVDA
    const ctx = context(db, server.baseUrl);
    const summary = await ingestSec(ctx, ['SNOW', 'TSLA', 'MSFT', 'AAPL', 'NVDA', 'ZZZZ', 'BRK.B', 'BRKB'], { now: DAY_1 });
    expect(summary.rows).toBe(1);
    expect(summary.note).toBe('7 of 8 tickers failed');
    expect(summary.failures.sort()).toEqual([
      'SEC company_tickers.json (ZZZZ): unknown ticker',
      expect.stringMatching(/^SEC companyfacts CIK0000320193 \(AAPL\): expected JSON but got an HTML page$/),
      expect.stringMatching(/^SEC companyfacts CIK0000789019 \(MSFT\): gave up after 4 attempts: .*HTTP 503/),
      expect.stringMatching(/^SEC companyfacts CIK0001045810 \(NVDA\): malformed JSON/),
      expect.stringMatching(/^SEC companyfacts CIK0001067983 \(BRK\.B, BRKB\): HTTP 404 from /),
      expect.stringMatching(/^SEC companyfacts CIK0001318605 \(TSLA\): HTTP 404 from /),
    ]);
    expect([...latestFundamentals(db).keys()]).toEqual(['SNOW']);
    expect(ctx.lines).toEqual(expect.arrayContaining(summary.failures));
  });

  it('keeps the stored SIC, fiscal year end and first filing date when the submissions request fails (HTTP 500 after retries)', async () => {
    await ingestSec(context(db, server.baseUrl), ['SNOW'], { now: DAY_1 });
    const firstFilingDate = latestFundamentals(db).get('SNOW')?.firstFilingDate;
    expect(firstFilingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    server.route('/submissions/CIK0001640147.json', { status: 500, body: 'internal error' });
    const ctx = context(db, server.baseUrl);
    await ingestSec(ctx, ['SNOW'], { now: DAY_2 });
    // Retried like every 5xx (4 attempts), then given up: the figures are new, the profile is the stored one.
    expect(server.requests.filter((r) => r.path === '/submissions/CIK0001640147.json')).toHaveLength(1 + 4);
    expect(ctx.lines).toEqual([
      expect.stringMatching(
        /^SEC submissions CIK0001640147 \(SNOW\): gave up after 4 attempts: HTTP 500 from .* \(SIC 7372 kept from the 2025-06-02 snapshot\)$/,
      ),
    ]);
    const rows = db
      .prepare(
        `SELECT s.as_of AS asOf, f.sic, f.fiscal_year_end AS fye, f.first_filing_date AS first
         FROM fundamentals f JOIN snapshots s ON s.id = f.snapshot_id ORDER BY s.as_of`,
      )
      .all();
    expect(rows).toEqual([
      { asOf: '2025-06-02', sic: 7372, fye: '0131', first: firstFilingDate },
      { asOf: '2025-06-03', sic: 7372, fye: '0131', first: firstFilingDate },
    ]);
    expect(latestFundamentals(db).get('SNOW')).toMatchObject({ sic: 7372, fiscalYearEnd: '0131', revenueTtmUsd: 3_839_761_000 });
  });

  it('throws and changes nothing when every company fails', async () => {
    await ingestSec(context(db, server.baseUrl), ['SNOW'], { now: DAY_1 });
    await expect(ingestSec(context(db, server.baseUrl), ['TSLA', 'ZZZZ'], { now: DAY_2 })).rejects.toThrow(
      /SEC: every company failed \(2\); first: /,
    );
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE status = 'building'`)).toBe(0);
    expect([...latestFundamentals(db).keys()]).toEqual(['SNOW']);
  });

  it('leaves the previous data visible and no building rows when a run dies half-way', async () => {
    await ingestSec(context(db, server.baseUrl), ['SNOW', 'LPA'], { now: DAY_1 });
    let ticks = 0;
    const dying = context(db, server.baseUrl, {
      progress: () => ({
        tick: () => {
          if (++ticks === 2) throw new Error('interrupted');
        },
        done: () => undefined,
      }),
    });
    server.route(FACTS_PATH('0001640147'), { body: SNOWFLAKE_FACTS.replace('"SNOWFLAKE INC."', '"CHANGED"') });
    await expect(ingestSec(dying, ['SNOW', 'LPA', 'TSLA'], { now: DAY_2, concurrency: 1 })).rejects.toThrow('interrupted');
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE status = 'building'`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM fundamentals`)).toBe(2);
    expect(latestFundamentals(db).get('SNOW')?.entityName).toBe('SNOWFLAKE INC.');
  });

  it('replaces only the companies of a same-day partial re-run, and keeps earlier days as history', async () => {
    const rename = (name: string) => server.route(FACTS_PATH('0001640147'), { body: SNOWFLAKE_FACTS.replace('"SNOWFLAKE INC."', `"${name}"`) });
    await ingestSec(context(db, server.baseUrl), ['SNOW', 'LPA'], { now: DAY_1 });

    // Same day: that day's earlier snapshot is replaced; LPA, not re-fetched, moves into the new one.
    rename('SNOWFLAKE SAME DAY');
    await ingestSec(context(db, server.baseUrl), ['SNOW'], { now: DAY_1 });
    let stored = latestFundamentals(db);
    expect(stored.get('SNOW')?.entityName).toBe('SNOWFLAKE SAME DAY');
    expect(stored.get('LPA')?.entityName).toBe('Logistic Properties of the Americas');
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE source = 'sec'`)).toBe(1);
    expect(count(db, `SELECT row_count AS n FROM snapshots WHERE source = 'sec'`)).toBe(2);

    // A later day: SNOW comes from the new snapshot, LPA still from the earlier one; day 1 stays readable.
    rename('SNOWFLAKE NEXT DAY');
    await ingestSec(context(db, server.baseUrl), ['SNOW'], { now: DAY_2 });
    stored = latestFundamentals(db);
    expect(stored.get('SNOW')?.entityName).toBe('SNOWFLAKE NEXT DAY');
    expect(stored.get('LPA')).toBeDefined();
    expect(latestFundamentals(db, '2025-06-02').get('SNOW')?.entityName).toBe('SNOWFLAKE SAME DAY');
    expect(latestFundamentals(db, '2025-06-01').size).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM fundamentals')).toBe(3);
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE source = 'sec'`)).toBe(2);

    // LPA re-fetched on day 2 joins that day's snapshot; day 1 is still kept whole.
    await ingestSec(context(db, server.baseUrl), ['LPA'], { now: DAY_2 });
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE source = 'sec'`)).toBe(2);
    expect(count(db, 'SELECT count(*) AS n FROM fundamentals')).toBe(4);
    expect([...latestFundamentals(db).keys()].sort()).toEqual(['LPA', 'SNOW']);
  });

  it('marks rows demo when the context says so', async () => {
    await ingestSec(context(db, server.baseUrl, { demo: true }), ['SNOW'], { now: DAY_1 });
    expect(latestFundamentals(db).get('SNOW')?.demo).toBe(true);
    expect(count(db, `SELECT count(*) AS n FROM snapshots WHERE demo = 1`)).toBe(1);
  });

  it('refuses to call SEC over http without SEC_USER_AGENT, before writing anything', async () => {
    const ctx = { ...context(db, server.baseUrl), config: loadConfig({ SEC_WWW_URL: server.baseUrl, SEC_DATA_URL: server.baseUrl }) };
    await expect(ingestSec(ctx, ['SNOW'])).rejects.toBeInstanceOf(ConfigError);
    expect(server.requests).toHaveLength(0);
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(0);
  });

  it('runs offline from a file:// directory with the SEC layout (the bundled demo)', async () => {
    const base = pathToFileURL(new URL('../../data/demo/sec', import.meta.url).pathname).href;
    const ctx = context(db, base);
    const offline = { ...ctx, config: loadConfig({ SEC_WWW_URL: base, SEC_DATA_URL: base }) };
    const summary = await ingestSec(offline, ['SNOW', 'LPA', 'TSLA'], { now: DAY_1 });
    expect(summary.rows).toBe(2);
    expect(summary.failures).toEqual([expect.stringMatching(/^SEC companyfacts CIK0001318605 \(TSLA\): cannot read /)]);
    const snow = latestFundamentals(db).get('SNOW');
    // The full real file gives the same figures as the excerpt: the latest filings are the same.
    expect(snow).toMatchObject({ revenueTtmUsd: 3_839_761_000, netIncomeTtmUsd: -1_398_744_000, sharesOutstanding: 333_700_000 });
    expect(snow?.origin).toBe(`${base}/api/xbrl/companyfacts/CIK0001640147.json`);
  });

  describe('ingestSec changedOnly (the daily refresh from the EDGAR daily index)', () => {
    const INDEX = fixture('master.20200103_daily-index_excerpt.idx');
    const INDEX_PATH = (ymd: string) => `/Archives/edgar/daily-index/2020/QTR1/master.${ymd}.idx`;
    /** Snowflake's real companyfacts re-labelled as another company's (CIK and name), so any CIK can be served. */
    const factsOf = (cik: number, name: string) => JSON.stringify({ ...JSON.parse(SNOWFLAKE_FACTS), cik, entityName: name });
    const THU = new Date('2020-01-02T22:00:00Z');
    const SUN = new Date('2020-01-05T12:00:00Z');
    beforeEach(() => {
      server.route(FACTS_PATH('0001318605'), { body: factsOf(1318605, 'TESLA BEFORE') });
      server.route(FACTS_PATH('0000320193'), { body: factsOf(320193, 'APPLE BEFORE') });
      server.route(FACTS_PATH('0000093410'), { body: factsOf(93410, 'CHEVRON') });
      server.route(INDEX_PATH('20200101'), { status: 403, body: 'Forbidden' }); // New Year's Day: EDGAR answers 403
      server.route(INDEX_PATH('20200103'), { body: INDEX });
      server.route(INDEX_PATH('20200105'), { status: 403, body: 'Forbidden' });
    });
    const paths = () => server.requests.map((r) => r.path);

    it('fetches every company on the first refresh, without reading any index', async () => {
      const summary = await ingestSec(context(db, server.baseUrl), ['SNOW', 'TSLA', 'AAPL'], { now: THU, changedOnly: true });
      expect(summary).toMatchObject({ rows: 3, asOf: '2020-01-02', note: 'first refresh: every company', requests: 7 });
      expect(server.requests).toHaveLength(7);
      expect(paths().some((p) => p.includes('daily-index'))).toBe(false);
    });

    it('then fetches only the companies that filed a fundamentals form since, and members with nothing stored', async () => {
      await ingestSec(context(db, server.baseUrl), ['SNOW', 'TSLA', 'AAPL'], { now: THU, changedOnly: true });
      server.requests.length = 0;
      server.route(FACTS_PATH('0001318605'), { body: factsOf(1318605, 'TESLA AFTER') });
      server.route(FACTS_PATH('0000320193'), { body: factsOf(320193, 'APPLE AFTER') });

      const summary = await ingestSec(context(db, server.baseUrl), ['SNOW', 'TSLA', 'AAPL', 'CVX'], { now: SUN, changedOnly: true });
      // One index per day from the day before the last refresh (Wed Jan 1) through today (Sun Jan 5): 403, 404,
      // the real Jan 3 index, 404, 403. Tesla filed an 8-K; Apple only a proxy (DEF 14A); Snowflake nothing;
      // Chevron has nothing stored yet.
      expect(paths().filter((p) => p.includes('daily-index'))).toEqual(['20200101', '20200102', '20200103', '20200104', '20200105'].map(INDEX_PATH));
      expect(
        paths()
          .filter((p) => p.includes('companyfacts'))
          .sort(),
      ).toEqual([FACTS_PATH('0000093410'), FACTS_PATH('0001318605')]);
      expect(server.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
      expect(summary).toMatchObject({
        rows: 2,
        asOf: '2020-01-05',
        requests: 1 + 5 + 2 * 2,
        note: '2 of 4 companies filed or were missing (EDGAR daily index 2020-01-01 → 2020-01-05, 1 of 5 days with an index)',
      });
      expect(server.requests).toHaveLength(summary.requests!);
      const stored = latestFundamentals(db);
      expect([...stored.keys()].sort()).toEqual(['AAPL', 'CVX', 'SNOW', 'TSLA']);
      expect(stored.get('TSLA')?.entityName).toBe('TESLA AFTER');
      expect(stored.get('AAPL')?.entityName).toBe('APPLE BEFORE');
    });

    it('records a refresh that found nothing to fetch, so the next one reads only the days since', async () => {
      await ingestSec(context(db, server.baseUrl), ['SNOW', 'AAPL'], { now: THU, changedOnly: true });
      const quiet = await ingestSec(context(db, server.baseUrl), ['SNOW', 'AAPL'], { now: SUN, changedOnly: true });
      expect(quiet).toMatchObject({ rows: 0, asOf: '2020-01-05', failures: [], requests: 1 + 5 });
      server.requests.length = 0;
      const next = await ingestSec(context(db, server.baseUrl), ['SNOW', 'AAPL'], { now: new Date('2020-01-06T12:00:00Z'), changedOnly: true });
      expect(paths().filter((p) => p.includes('daily-index'))).toEqual([INDEX_PATH('20200104'), INDEX_PATH('20200105'), INDEX_PATH('20200106')]);
      expect(next).toMatchObject({ rows: 0, requests: 4 });
      expect(latestFundamentals(db).get('SNOW')?.entityName).toBe('SNOWFLAKE INC.');
    });

    it('fetches every company when an index cannot be read, and says so', async () => {
      await ingestSec(context(db, server.baseUrl), ['SNOW', 'AAPL'], { now: THU, changedOnly: true });
      server.route(INDEX_PATH('20200102'), { body: '<!DOCTYPE html><html><body>Request Rate Threshold Exceeded</body></html>' });
      const ctx = context(db, server.baseUrl);
      const summary = await ingestSec(ctx, ['SNOW', 'AAPL'], { now: SUN, changedOnly: true });
      expect(summary.rows).toBe(2);
      expect(summary.note).toMatch(/^daily index unreadable \(SEC daily index 2020-01-02: not an EDGAR master index/);
      expect(ctx.lines.filter((line) => line.endsWith('fetching every company'))).toHaveLength(1);
    });

    it("treats SEC's fair-access block page (a 403 too) as an unreadable index, never as a day without filings", async () => {
      await ingestSec(context(db, server.baseUrl), ['SNOW', 'AAPL'], { now: THU, changedOnly: true });
      // The page SEC serves, with HTTP 403, to a client over its rate or without a declared User-Agent.
      const blockPage =
        '<!DOCTYPE html><html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head>' +
        '<body><h1>Your Request Originates from an Undeclared Automated Tool</h1></body></html>';
      server.route(INDEX_PATH('20200103'), { status: 403, body: blockPage });
      const ctx = context(db, server.baseUrl);
      const summary = await ingestSec(ctx, ['SNOW', 'AAPL'], { now: SUN, changedOnly: true });
      expect(summary.rows).toBe(2);
      expect(summary.note).toBe(
        `daily index unreadable (SEC daily index 2020-01-03: blocked by SEC's fair-access policy: HTTP 403 from ${server.baseUrl}${INDEX_PATH('20200103')}): every company`,
      );
      expect(server.requests.filter((r) => r.path === INDEX_PATH('20200103'))).toHaveLength(1);
    });
  });
});
