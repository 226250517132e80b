import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { ingestScreen } from '../../src/ingest/screen.js';
import { insertScreenRows } from '../../src/store/screen.js';
import { openDb, type Db } from '../../src/store/db.js';
import { beginSnapshot, completeSnapshot } from '../../src/store/snapshots.js';
import { loadEvictions, membershipLists, pickLists } from '../../src/universe/evictions.js';
import { indexFigures } from '../../src/universe/figures.js';
import { loadUniverse } from '../../src/universe/load.js';
import { storeCloses, storeHoldings } from '../support/history.js';

function storeScreen(db: Db, file: string, asOf: string, rows: [string, number, string][]): void {
  const id = beginSnapshot(db, { source: 'screen', subject: file, origin: file, asOf });
  insertScreenRows(
    db,
    id,
    rows.map(([ticker, priceUsd, name]) => ({
      ticker,
      name,
      sector: null,
      marketCapUsd: null,
      trailingPe: null,
      forwardPe: null,
      dividendYield: null,
      epsDiluted: null,
      revenueUsd: null,
      freeCashFlowUsd: null,
      priceUsd,
      beta: null,
    })),
  );
  completeSnapshot(db, id, { rowCount: rows.length });
}

describe('loadEvictions (kept lists)', () => {
  it('compares two IWM snapshots, looking leavers up in the later IWB and IWV, with cached closes where kept', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2024-01-05', [
      ['AAA', 10],
      ['BBB', 20],
      ['CCC', 30],
      ['DDD', 40],
    ]);
    storeHoldings(db, 'IWM', '2024-07-11', [
      ['CCC', 31],
      ['DDD', 41],
      ['NEW', 5],
    ]);
    storeHoldings(db, 'IWB', '2024-07-12', [['AAA', 14]]);
    storeHoldings(db, 'IWV', '2024-07-12', [
      ['AAA', 14],
      ['BBB', 25],
      ['CCC', 31],
    ]);
    // BBB's cached closes: 20 on Jan 5, 30 on Jul 11 → +50% (preferred over the file prices' +25%).
    storeCloses(db, 'BBB', [
      ['2024-01-05', 20],
      ['2024-07-11', 30],
    ]);
    const e = loadEvictions(db);
    // The contract of `zombie metrics --json` → evictions, key for key.
    expect(Object.keys(e!)).toEqual(['from', 'to', 'previous', 'current', 'left', 'movedUp', 'dropped', 'joined']);
    expect(Object.keys(e!.movedUp)).toEqual(['count', 'medianReturn', 'members']);
    expect(Object.keys(e!.joined)).toEqual(['count', 'medianMarketCap']);
    expect(e).toMatchObject({ from: '2024-01-05', to: '2024-07-11', previous: 4, current: 3, left: 2, dropped: { count: 0 }, joined: { count: 1 } });
    expect(e?.movedUp.members).toEqual([
      { ticker: 'BBB', name: 'BBB INC', return: 0.5 },
      { ticker: 'AAA', name: 'AAA INC', return: expect.closeTo(0.4, 12) as number },
    ]);
  });

  it('uses a dated imported list as the previous list, with members by the one member rule (tickers normalised, rights out)', () => {
    const db = openDb(':memory:');
    storeScreen(db, 'russell_2000.csv', '2023-11-03', [
      [' aaa ', 10, 'AAA Corp'],
      ['bbb', 20, 'BBB Corp'],
      ['BBB RT', 0.1, 'BBB CORP RIGHTS'],
    ]);
    storeHoldings(db, 'IWM', '2024-07-11', [['BBB', 22]]);
    storeHoldings(db, 'IWV', '2024-08-15', [['AAA', 12]]);
    const e = loadEvictions(db);
    expect(e?.previous).toBe(2);
    expect(e?.left).toBe(1);
    expect(e?.movedUp).toEqual({
      count: 1,
      medianReturn: expect.closeTo(0.2, 12) as number,
      members: [{ ticker: 'AAA', name: 'AAA Corp', return: expect.closeTo(0.2, 12) as number }],
    });
  });

  it('picks the previous list at least 180 days back by default, else the oldest, and honours from/to', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2023-06-30', [['A', 1]]);
    storeHoldings(db, 'IWM', '2023-12-29', [['B', 1]]);
    storeHoldings(db, 'IWM', '2024-06-28', [['C', 1]]);
    storeHoldings(db, 'IWM', '2024-07-11', [['D', 1]]);
    const lists = membershipLists(db);
    const dates = (p: ReturnType<typeof pickLists>) => p && [p.previous.snapshot.asOf, p.current.snapshot.asOf];
    expect(dates(pickLists(lists, {}))).toEqual(['2023-12-29', '2024-07-11']);
    expect(dates(pickLists(lists, { from: '2024-07-01' }))).toEqual(['2024-06-28', '2024-07-11']);
    expect(dates(pickLists(lists, { to: '2024-06-30' }))).toEqual(['2023-12-29', '2024-06-28']);
    expect(dates(pickLists(lists, { to: '2023-12-31' }))).toEqual(['2023-06-30', '2023-12-29']);
    expect(pickLists(lists, { from: '2023-01-01' })).toBeNull();
    expect(loadEvictions(openDb(':memory:'))).toBeNull();
  });
});

// The demo's real files, counted independently of the project's parsers: csv-parse on the raw text, iShares
// tables cut at their first blank line, members = Equity rows with a ticker other than "-" whose name is no CVR,
// right, warrant, escrow or private vesting line (issue 10's rule, restated here as a plain test).
const demoFile = (...parts: string[]) => fileURLToPath(new URL(`../../data/demo/${parts.join('/')}`, import.meta.url));
type Row = Record<string, string>;
function isharesEquities(path: string): Map<string, Row> {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith('Ticker,') || l.startsWith('"Ticker"'));
  const end = lines.findIndex((l, i) => i > header && l.replace(/\u00A0/g, '').trim() === '');
  const rows = parse(lines.slice(header, end).join('\n'), { columns: true }) as Row[];
  const nonMember = (r: Row) => r.Ticker === '-' || /(^|[\s-])CVR$|\bRIGHTS?\b|\bWARRANTS?\b|\bESCROW\b|\bPRVT\b|\bVESTING\b/i.test(r.Name!.trim());
  return new Map(rows.filter((r) => r['Asset Class'] === 'Equity' && !nonMember(r)).map((r) => [r.Ticker!, r]));
}
const number = (text: string) => Number(text.replace(/,/g, ''));

describe('the demo: Nov 2023 screener → Jul 11 2024 IWM, with the Aug 2024 IWV', () => {
  it('finds the moved-up members and their median gain exactly as an independent count does', async () => {
    const screen = new Map((parse(readFileSync(demoFile('screens', 'russell_2000.csv')), { columns: true }) as Row[]).map((r) => [r.Ticker!, r]));
    const iwm = isharesEquities(demoFile('holdings', 'IWM_holdings.csv'));
    const iwv = isharesEquities(demoFile('holdings', 'IWV_holdings.csv'));
    const movedUp = [...screen.keys()].filter((t) => !iwm.has(t) && iwv.has(t));
    const gains = movedUp.map((t) => number(iwv.get(t)!.Price!) / number(screen.get(t)!.Price!) - 1).sort((a, b) => a - b);
    const median = (gains[(gains.length - 1) >> 1]! + gains[gains.length >> 1]!) / 2;
    // The figures: 43 names, median about +30%, SMCI about +146%.
    expect(movedUp).toHaveLength(43);
    expect(median).toBeGreaterThan(0.28);
    expect(median).toBeLessThan(0.32);

    const db = openDb(':memory:');
    const ctx: IngestContext = { db, config: loadConfig({}), progress: silentProgress, log: () => undefined };
    await ingestHoldings(ctx, demoFile('holdings', 'IWM_holdings.csv'));
    await ingestHoldings(ctx, demoFile('holdings', 'IWV_holdings.csv'), { fund: 'IWV', asOf: '2024-08-15' });
    await ingestScreen(ctx, demoFile('screens', 'russell_2000.csv'), '2023-11-03');
    const e = loadEvictions(db)!;
    expect(e.from).toBe('2023-11-03');
    expect(e.to).toBe('2024-07-11');
    expect(e.previous).toBe(screen.size);
    expect(e.current).toBe(iwm.size);
    expect(e.left).toBe([...screen.keys()].filter((t) => !iwm.has(t)).length);
    expect(e.movedUp.count).toBe(movedUp.length);
    expect(e.movedUp.members.map((m) => m.ticker).sort()).toEqual([...movedUp].sort());
    expect(e.movedUp.medianReturn).toBeCloseTo(median, 12);
    expect(e.movedUp.members[0]).toMatchObject({ ticker: 'SMCI', return: expect.closeTo(1.4576, 3) as number });
    expect(e.dropped.count).toBe(e.left - movedUp.length);
    expect(e.joined.count).toBe([...iwm.keys()].filter((t) => !screen.has(t)).length);
  });
});

describe('index figures', () => {
  it('carry the evictions of the latest list under `evictions`, null without two kept lists', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2024-07-11', [['AAA', 1]]);
    expect(indexFigures(db, loadConfig({}), loadUniverse(db)!).evictions).toBeNull();
    storeHoldings(db, 'IWM', '2023-12-29', [
      ['AAA', 1],
      ['OUT', 1],
    ]);
    expect(indexFigures(db, loadConfig({}), loadUniverse(db)!).evictions).toMatchObject({
      from: '2023-12-29',
      to: '2024-07-11',
      left: 1,
      movedUp: { count: null },
    });
  });
});
