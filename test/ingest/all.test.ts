// `zombie ingest all` live, as the daily job runs it, against the local replay server: which requests each
// source makes, and the one-line summaries that report them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ingestAll } from '../../src/ingest/all.js';
import { formatSummary, type IngestContext, type IngestSummary } from '../../src/ingest/context.js';
import { importPriceCsv } from '../../src/ingest/prices.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { ingestSec } from '../../src/ingest/sec.js';
import { parseIsharesHoldings } from '../../src/sources/ishares.js';
import { openDb, type Db } from '../../src/store/db.js';
import { latestFundamentals } from '../../src/store/fundamentals.js';
import { priceSeries } from '../../src/store/prices.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { virtualClock } from '../support/clock.js';

const read = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
/** The whole real IWM download of Jul 11 2024 (an excerpt is refused as incomplete). */
const HOLDINGS = readFileSync(new URL('../../data/demo/holdings/IWM_holdings.csv', import.meta.url), 'utf8');
/** The whole real IJR download of Jun 19 2026 (swap layout). */
const IJR_HOLDINGS = readFileSync(new URL('../../data/demo/holdings/IJR_holdings.csv', import.meta.url), 'utf8');
const INDEX = read('sec/master.20200103_daily-index_excerpt.idx');
const SNOWFLAKE_FACTS = read('sec/CIK0001640147_snowflake_excerpt.json');
const CHART = read('prices/yahoo_chart_IWM_2024-10-21_2024-11-15_constructed.json');
/** Real API rows of code 239742 (the fields asked for). */
const COT_ROWS = read('cot/gpe5-46if_select_239742_ko-aggregator.json');
const EVENT = read('odds/gamma_event_presidential-election-winner-2024_constructed.json');
const HOURLY = read('odds/polymarket-price-data-hourly_excerpt.csv')
  .split('\n')
  .slice(1)
  .map((line) => line.replaceAll('"', '').split(','))
  .map((cells) => ({ t: Number(cells[1]), p: Number(cells.at(-1)) }));

const MEMBERS = parseIsharesHoldings(HOLDINGS).holdings.filter((h) => h.priceUsd !== null && h.priceUsd > 0);
/** Two real members given the CIKs of two filers of the real Jan 3, 2020 index (Tesla: 8-K; Apple: proxy only). */
const [FILER, QUIET, NEWCOMER] = [MEMBERS[0]!, MEMBERS[1]!, MEMBERS.at(-1)!];
const COMPANY_TICKERS = JSON.stringify({
  '0': { cik_str: 1318605, ticker: FILER.ticker, title: FILER.name },
  '1': { cik_str: 320193, ticker: QUIET.ticker, title: QUIET.name },
});
const factsOf = (cik: number, name: string) => JSON.stringify({ ...JSON.parse(SNOWFLAKE_FACTS), cik, entityName: name });
const SUN = new Date('2020-01-05T12:00:00Z');

describe('ingest all (live, the daily refresh)', () => {
  let server: ReplayServer;
  let db: Db;
  let ctx: IngestContext;
  /** The environment the refresh runs with (the replay server's URLs). */
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await startReplayServer({
      '/holdings.csv': { body: HOLDINGS },
      '/files/company_tickers.json': { body: COMPANY_TICKERS },
      '/api/xbrl/companyfacts/CIK0001318605.json': { body: factsOf(1318605, 'FILER') },
      '/api/xbrl/companyfacts/CIK0000320193.json': { body: factsOf(320193, 'QUIET') },
      '/Archives/edgar/daily-index/2020/QTR1/master.20200103.idx': { body: INDEX },
      '/markets': { body: '[]' },
      '/events': { body: EVENT },
      '/prices-history': (req) => {
        const [start, end] = ['startTs', 'endTs'].map((key) => Number(req.url.searchParams.get(key)));
        return { body: JSON.stringify({ history: HOURLY.filter((point) => point.t >= start! && point.t <= end!) }) };
      },
    });
    for (const symbol of ['IWM', 'SPY', 'QQQ', NEWCOMER.ticker, '%5ERUT']) server.route(`/v8/finance/chart/${symbol}`, { body: CHART });
    server.route('/resource/gpe5-46if.json', { body: COT_ROWS });
    const base = server.baseUrl;
    env = {
      ISHARES_HOLDINGS_URL: `${base}/holdings.csv`,
      SEC_WWW_URL: base,
      SEC_DATA_URL: base,
      SEC_USER_AGENT: 'zombie-beta tests admin@example.com',
      YAHOO_CHART_URL: base,
      POLYMARKET_GAMMA_URL: base,
      POLYMARKET_CLOB_URL: base,
      CFTC_API_URL: base,
      HTTP_TIMEOUT_MS: '2000',
    };
    const config = loadConfig(env);
    db = openDb(':memory:');
    ctx = { db, config, progress: silentProgress, log: () => undefined, clock: virtualClock() };
    // Yesterday's state: a refresh on Thursday, and a series for every member but the newcomer.
    await ingestSec(ctx, [FILER.ticker, QUIET.ticker], { now: new Date('2020-01-02T22:00:00Z'), changedOnly: true });
    const csv = join(mkdtempSync(join(tmpdir(), 'zombie-all-')), 'history.csv');
    writeFileSync(csv, 'Date,Close,Adj Close\n2024-07-09,10,10\n2024-07-10,10,10\n');
    for (const member of MEMBERS) if (member !== NEWCOMER) await importPriceCsv(ctx, csv, member.ticker);
    server.route('/api/xbrl/companyfacts/CIK0001318605.json', { body: factsOf(1318605, 'FILER AFTER 8-K') });
    server.requests.length = 0;
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('asks SEC only for the day indexes and the companies that filed, and Yahoo only for the ETFs and the newcomer', async () => {
    const steps: IngestSummary[] = await ingestAll(ctx, { now: SUN });
    const bySubject = Object.fromEntries(steps.map((s) => [`${s.source} ${s.subject}`, s]));
    const paths = server.requests.map((r) => r.path);

    expect(bySubject['holdings IWM']).toMatchObject({ requests: 1 });
    // company_tickers.json, one index a day (Jan 1 to Jan 5), then submissions + companyfacts of the one filer.
    expect(bySubject['sec companyfacts']).toMatchObject({ rows: 1, requests: 1 + 5 + 2 });
    expect(paths.filter((p) => p.includes('/api/xbrl/companyfacts/'))).toEqual(['/api/xbrl/companyfacts/CIK0001318605.json']);
    expect(latestFundamentals(db).get(FILER.ticker)?.entityName).toBe('FILER AFTER 8-K');
    for (const symbol of ['IWM', 'SPY', 'QQQ']) expect(bySubject[`prices ${symbol}`]).toMatchObject({ rows: 20, requests: 1 });
    expect(bySubject['prices IWM members']).toMatchObject({ requests: 1, asOf: '2024-07-11' });
    expect(paths.filter((p) => p.startsWith('/v8/finance/chart/'))).toEqual(
      ['IWM', 'SPY', 'QQQ', NEWCOMER.ticker, '%5ERUT'].map((s) => `/v8/finance/chart/${s}`),
    );
    // The futures side: the COT weeks (the first refresh: from 2008) and the index closes, one request each.
    expect(bySubject['cot tff']).toMatchObject({ rows: 6, asOf: '2026-09-08', requests: 1 });
    expect(bySubject['prices ^RUT']).toMatchObject({ requests: 1 });
    expect(priceSeries(db, QUIET.ticker)!.points.at(-1)).toEqual({ date: '2024-07-11', close: QUIET.priceUsd, adjClose: QUIET.priceUsd });
    // Every request is accounted for in some summary.
    expect(steps.reduce((n, s) => n + (s.requests ?? 0), 0)).toBe(server.requests.length);
    for (const step of steps) expect(formatSummary(step)).toMatch(/ — [\d,]+ requests? in \d+\.\ds$/);
  }, 60_000);

  it('keeps the funds of ISHARES_FUND_URLS: their holdings, their members in the SEC refresh, their ETF prices', async () => {
    server.route('/ijr.csv', { body: IJR_HOLDINGS });
    server.route('/v8/finance/chart/IJR', { body: CHART });
    const base = server.baseUrl;
    const config = loadConfig({
      ...env,
      ISHARES_FUND_URLS: `${base}/ijr.csv, ${base}/products/1/x.ajax?fileType=csv&fileName=IJH_holdings&dataType=fund`,
    });
    const logged: string[] = [];
    const steps = await ingestAll({ ...ctx, config, log: (line) => logged.push(line) }, { now: SUN });
    const bySubject = Object.fromEntries(steps.map((s) => [`${s.source} ${s.subject}`, s]));
    expect(bySubject['holdings IJR']).toMatchObject({ rows: 605, asOf: '2026-06-19', requests: 1 });
    // A fund that fails is reported under its file name and the refresh goes on.
    expect(bySubject['holdings IJH_holdings']).toMatchObject({ rows: 0, failures: [expect.stringMatching(/HTTP 404/)] });
    // The SEC refresh asks for the members of both funds: FG is in IJR only (held through a swap).
    expect(bySubject['sec companyfacts']!.failures).toContainEqual(expect.stringMatching(/\(FG\): unknown ticker/));
    // Yahoo: the benchmarks and the kept funds' ETFs, their whole history.
    const charts = server.requests.filter((r) => r.path.startsWith('/v8/finance/chart/'));
    expect(charts.map((r) => r.path)).toEqual(['IWM', 'SPY', 'QQQ', 'IJR', NEWCOMER.ticker, '%5ERUT'].map((s) => `/v8/finance/chart/${s}`));
    expect(charts.slice(0, 4).every((r) => r.url.searchParams.get('range') === 'max')).toBe(true);
    expect(bySubject['prices IJR']).toMatchObject({ rows: 20 });
  }, 60_000);
});
