import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { holdingsAt, holdingsFunds, holdingsSnapshots, latestHoldings } from '../../src/store/holdings.js';
import { pruneHistory, snapshotAt } from '../../src/store/snapshots.js';
import { loadUniverse } from '../../src/universe/load.js';
import { storeCloses, storeHoldings } from '../support/history.js';

const tickers = (h: { holdings: { ticker: string }[] } | null) => h?.holdings.map((x) => x.ticker).sort() ?? null;

describe('kept history', () => {
  it('keeps holdings of several funds and dates side by side, each readable as of a date', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2024-06-28', [
      ['AAA', 10],
      ['BBB', 20],
    ]);
    storeHoldings(db, 'IWM', '2024-07-11', [
      ['BBB', 21],
      ['CCC', 5],
    ]);
    storeHoldings(db, 'IWB', '2024-07-11', [['AAA', 14]]);
    storeHoldings(db, 'IWV', '2024-08-15', [
      ['AAA', 15],
      ['BBB', 22],
      ['CCC', 6],
    ]);
    storeHoldings(db, 'IVV', '2025-05-08', [['ZZZ', 100]]);
    expect(holdingsFunds(db)).toEqual(['IVV', 'IWB', 'IWM', 'IWV']);
    expect(holdingsSnapshots(db, 'IWM').map((s) => s.asOf)).toEqual(['2024-06-28', '2024-07-11']);
    expect(tickers(latestHoldings(db, 'IWM'))).toEqual(['BBB', 'CCC']);
    expect(tickers(holdingsAt(db, 'IWM', '2024-07-10'))).toEqual(['AAA', 'BBB']);
    expect(holdingsAt(db, 'IWM', '2024-06-27')).toBeNull();
    expect(snapshotAt(db, 'holdings', 'IWV', '2024-12-31')?.asOf).toBe('2024-08-15');
  });

  it('assembles the universe as of an earlier snapshot, with the 1-year return to that date', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2024-06-28', [['AAA', 10]]);
    storeHoldings(db, 'IWM', '2024-07-11', [['BBB', 21]]);
    storeCloses(db, 'AAA', [
      ['2023-06-28', 8],
      ['2024-06-28', 10],
      ['2024-07-11', 12],
    ]);
    const then = loadUniverse(db, 'IWM', '2024-07-01');
    expect(then?.asOfDate).toBe('2024-06-28');
    expect(then?.requestedAsOf).not.toBeNull();
    expect(then?.members.map((m) => [m.ticker, m.return1y])).toEqual([['AAA', 0.25]]);
    expect(loadUniverse(db, 'IWM')?.members.map((m) => m.ticker)).toEqual(['BBB']);
  });

  it('prunes snapshots older than the retention window before the newest of the same source and subject', () => {
    const db = openDb(':memory:');
    storeHoldings(db, 'IWM', '2023-01-01', [['OLD', 1]]);
    storeHoldings(db, 'IWM', '2023-01-11', [['EDGE', 1]]);
    storeHoldings(db, 'IWM', '2023-01-21', [['NEW', 1]]);
    storeHoldings(db, 'IWV', '2020-01-01', [['ONLY', 1]]);
    expect(pruneHistory(db, 0)).toBe(0);
    // 10 days: 2023-01-11 is exactly 10 days before the newest and stays; 2023-01-01 goes.
    expect(pruneHistory(db, 10)).toBe(1);
    expect(holdingsSnapshots(db, 'IWM').map((s) => s.asOf)).toEqual(['2023-01-11', '2023-01-21']);
    // The newest of a subject is never pruned, however old.
    expect(holdingsSnapshots(db, 'IWV').map((s) => s.asOf)).toEqual(['2020-01-01']);
    expect(db.prepare(`SELECT count(*) AS n FROM holdings WHERE ticker = 'OLD'`).get()).toEqual({ n: 0 });
  });
});
