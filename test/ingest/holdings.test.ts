import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { formatSummary } from '../../src/ingest/context.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';
import { holdingsFunds, latestHoldings } from '../../src/store/holdings.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';
import { virtualClock } from '../support/clock.js';

const fixturePath = (name: string) => new URL(`../fixtures/holdings/${name}`, import.meta.url);
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

const demoPath = (name: string) => new URL(`../../data/demo/holdings/${name}`, import.meta.url);

/** The full real downloads: IWM as of Jul 11 2024 (data/demo) and as of May 13 2025. */
const IWM_2024 = readFileSync(demoPath('IWM_holdings.csv'), 'utf8');
const IWM_2025 = fixture('IWM_holdings_2025-05-13.csv');

function context(db: Db, extra: Partial<IngestContext> = {}): IngestContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    clock: virtualClock(),
    db,
    config: loadConfig({ HTTP_TIMEOUT_MS: '2000' }),
    progress: silentProgress,
    log: (line) => lines.push(line),
    lines,
    ...extra,
  };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('ingestHoldings', () => {
  let server: ReplayServer;
  let db: Db;
  beforeEach(async () => {
    server = await startReplayServer({ '/IWM_holdings.csv': { body: IWM_2024 } });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it('stores the download from the server as one complete snapshot of the fund', async () => {
    const summary = await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    expect(summary).toMatchObject({ source: 'holdings', subject: 'IWM', rows: 1983, asOf: '2024-07-11', failures: [] });
    expect(formatSummary(summary)).toBe(
      'holdings IWM: 1,983 rows as of 2024-07-11 (12 equity lines that are no index member skipped: 1 without a ticker, 4 warrants, 3 CVRs, 2 escrows, 2 private placements; 5 non-equity rows (cash, futures, money market) left out) — 1 request',
    );
    const latest = latestHoldings(db, 'IWM');
    expect(latest?.snapshot).toMatchObject({ asOf: '2024-07-11', rowCount: 1983, demo: false });
    expect(latest?.snapshot.origin).toBe(`${server.baseUrl}/IWM_holdings.csv`);
    expect(latest?.holdings).toHaveLength(1983);
    expect(latest?.holdings[0]).toEqual({
      ticker: 'INSM',
      name: 'INSMED INC',
      sector: 'Health Care',
      assetClass: 'Equity',
      marketValueUsd: 299_141_075.08,
      weight: expect.closeTo(0.0047, 12),
      sharesHeld: 3_883_436,
      priceUsd: 77.03,
      exchange: 'NASDAQ',
    });
    expect(holdingsFunds(db)).toEqual(['IWM']);
  });

  it('asks with a browser-like User-Agent', async () => {
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Chrome/);
  });

  it('retries a 500 and stores the 200 that follows', async () => {
    server.route('/IWM_holdings.csv', [{ status: 500, body: 'upstream error' }, { body: IWM_2024 }]);
    const summary = await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    expect(summary.rows).toBe(1983);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects an HTML page served with 200 and writes nothing', async () => {
    server.route('/IWM_holdings.csv', { body: '<!DOCTYPE html><html><body>Access Denied</body></html>' });
    await expect(ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`)).rejects.toThrow(
      /iShares holdings CSV: got an HTML page instead of the CSV/,
    );
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(0);
  });

  it('reads local paths and file:// URLs, with --fund and --as-of for a preamble-stripped file', async () => {
    const stripped = fixturePath('IWM_holdings_2024-10_preamble-stripped_excerpt.csv');
    const summary = await ingestHoldings(context(db), stripped.pathname, { fund: 'IWM', asOf: '2024-10-23' });
    expect(summary).toMatchObject({ subject: 'IWM', asOf: '2024-10-23' });
    const ivv = await ingestHoldings(context(db), pathToFileURL(demoPath('IVV_holdings.csv').pathname).href);
    expect(ivv).toMatchObject({ subject: 'IVV', asOf: '2025-05-08', rows: 503 });
    expect(holdingsFunds(db)).toEqual(['IVV', 'IWM']);
  });

  it('refuses a preamble-stripped file without --as-of and stores nothing', async () => {
    const stripped = fixturePath('IWM_holdings_2024-10_preamble-stripped_excerpt.csv').pathname;
    await expect(ingestHoldings(context(db), stripped, { fund: 'IWM' })).rejects.toThrow(/pass --as-of YYYY-MM-DD with --fund/);
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(0);
  });

  it('refuses the download cut at line boundaries and keeps the complete snapshot of the same date', async () => {
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    const before = latestHoldings(db, 'IWM')!;
    const lines = IWM_2024.split('\n');
    // Cut right after its NO-BREAK-SPACE line (2011), the table is whole: read as a 2019–2020 download, which has no footer.
    expect(lines.indexOf('\u00A0', 10) + 1).toBe(2011);
    for (const kept of [11, 1010, 2009, 2010, 2015, lines.length - 1]) {
      server.route('/cut.csv', { body: `${lines.slice(0, kept).join('\n')}\n` });
      await expect(ingestHoldings(context(db), `${server.baseUrl}/cut.csv`), `cut after line ${kept}`).rejects.toThrow(
        /^iShares holdings CSV: incomplete file: .*; nothing stored$/,
      );
    }
    expect(latestHoldings(db, 'IWM')).toEqual(before);
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM holdings')).toBe(1983);
  });

  it("refuses a preamble-stripped file cut short (under 90% of the fund's latest member count) unless --allow-shrink", async () => {
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    const before = latestHoldings(db, 'IWM')!;
    const lines = IWM_2024.split('\n');
    const header = lines.findIndex((line) => line.startsWith('Ticker,'));
    const tableEnd = lines.findIndex((line, i) => i > header && line.trim().replace(/\u00a0/g, '') === '');
    const stripped = (rows: number) => `${lines.slice(header, header + 1 + rows).join('\n')}\n`;
    server.route('/cut.csv', { body: stripped(1000) });
    const options = { fund: 'IWM', asOf: '2024-07-12' };
    await expect(ingestHoldings(context(db), `${server.baseUrl}/cut.csv`, options)).rejects.toThrow(
      /^iShares holdings CSV: IWM file has 99\d members against 1,983 in the snapshot of 2024-07-11 \(under 90%\): it looks cut short; nothing stored/,
    );
    expect(latestHoldings(db, 'IWM')).toEqual(before);

    // The whole table without its preamble is no shrink; a fund that really shrank is stored when asked.
    server.route('/whole.csv', { body: stripped(tableEnd - header - 1) });
    expect(await ingestHoldings(context(db), `${server.baseUrl}/whole.csv`, options)).toMatchObject({ asOf: '2024-07-12', rows: 1983 });
    const shrunk = await ingestHoldings(context(db), `${server.baseUrl}/cut.csv`, { ...options, asOf: '2024-07-15', allowShrink: true });
    expect(shrunk.rows).toBeLessThan(1000);
    expect(latestHoldings(db, 'IWM')?.snapshot.asOf).toBe('2024-07-15');
  });

  it('does not duplicate rows when the same as-of date is ingested again', async () => {
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    expect(count(db, "SELECT count(*) AS n FROM snapshots WHERE source = 'holdings'")).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM holdings')).toBe(1983);
  });

  it('serves the newest as-of date, whatever the ingest order', async () => {
    server.route('/IWM_2025.csv', { body: IWM_2025 });
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_2025.csv`);
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    expect(latestHoldings(db, 'IWM')?.snapshot.asOf).toBe('2025-05-13');
    expect(latestHoldings(db, 'IVV')).toBeNull();
  });

  it('marks the snapshot demo when the context says so', async () => {
    await ingestHoldings(context(db, { demo: true }), `${server.baseUrl}/IWM_holdings.csv`);
    expect(latestHoldings(db, 'IWM')?.snapshot.demo).toBe(true);
  });

  it('leaves the previous complete snapshot visible and no building rows when a later ingest fails', async () => {
    await ingestHoldings(context(db), `${server.baseUrl}/IWM_holdings.csv`);
    const before = latestHoldings(db, 'IWM')!;

    // Parsing fails: nothing is begun.
    server.route('/broken.csv', { body: IWM_2025.slice(0, IWM_2025.indexOf('"FTAI"') + 20) });
    await expect(ingestHoldings(context(db), `${server.baseUrl}/broken.csv`)).rejects.toThrow(/iShares holdings CSV/);

    // Writing fails half-way (after beginSnapshot): the building snapshot and its rows are abandoned.
    server.route('/IWM_2025.csv', { body: IWM_2025 });
    db.exec(`CREATE TEMP TRIGGER fail_mid_ingest BEFORE INSERT ON holdings WHEN NEW.ticker = 'FTAI'
             BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(ingestHoldings(context(db), `${server.baseUrl}/IWM_2025.csv`)).rejects.toThrow(/disk full/);

    expect(latestHoldings(db, 'IWM')).toEqual(before);
    expect(count(db, "SELECT count(*) AS n FROM snapshots WHERE status = 'building'")).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM snapshots')).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM holdings')).toBe(1983);
  });
});
