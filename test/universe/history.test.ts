import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { insertFundamentals, completeFundamentalsSnapshot, type FundamentalsRecord } from '../../src/store/fundamentals.js';
import { beginSnapshot } from '../../src/store/snapshots.js';
import { loadHistory } from '../../src/universe/history.js';
import { fundamentals } from '../metrics/members.js';
import { storeHoldings } from '../support/history.js';

const nulls = {
  ...fundamentals(),
  entityName: 'X',
  periodEnd: null,
  notes: [],
  fiscalYearEnd: null,
  firstFilingDate: null,
  demo: false,
  origin: 'test',
};

function storeFundamentals(
  db: Db,
  asOf: string,
  companies: { cik: number; ticker: string; eps: number; annual?: FundamentalsRecord['annual'] }[],
): void {
  const id = beginSnapshot(db, { source: 'sec', subject: 'companyfacts', origin: 'test', asOf });
  insertFundamentals(
    db,
    id,
    companies.map((c) => ({ ...nulls, cik: c.cik, tickers: [c.ticker], epsDilutedTtm: c.eps, annual: c.annual ?? [] })),
  );
  completeFundamentalsSnapshot(db, id, null);
}

const year = (fiscalYear: number, epsDiluted: number | null, coverage: number) => ({
  fiscalYear,
  periodEnd: `${fiscalYear}-12-31`,
  operatingIncomeUsd: coverage * 100,
  interestExpenseUsd: 100,
  epsDiluted,
});

describe('loadHistory', () => {
  it('computes each kept snapshot as of its date and the fiscal years over today’s members only', () => {
    const db = openDb(':memory:');
    // Jan: AAA and BBB; fundamentals known then: AAA loses money, BBB earns. Jul: BBB and CCC; by then BBB loses too.
    storeHoldings(db, 'IWM', '2024-01-05', [
      ['AAA', 10],
      ['BBB', 10],
    ]);
    storeHoldings(db, 'IWM', '2024-07-11', [
      ['BBB', 10],
      ['CCC', 10],
    ]);
    storeFundamentals(db, '2024-01-05', [
      { cik: 1, ticker: 'AAA', eps: -1 },
      { cik: 2, ticker: 'BBB', eps: 2 },
    ]);
    storeFundamentals(db, '2024-07-11', [
      { cik: 2, ticker: 'BBB', eps: -0.5, annual: [year(2023, -0.5, 0.5), year(2022, 1, 0.5), year(2021, 1, 0.5)] },
      { cik: 3, ticker: 'CCC', eps: 1, annual: [year(2023, 1, 3), year(2022, -2, 3)] },
    ]);
    const history = loadHistory(db)!.history;
    expect(Object.keys(history)).toEqual(['snapshots', 'fiscalYears']);
    expect(history.snapshots.map((s) => [s.asOf, s.members, s.negativeEpsShare])).toEqual([
      ['2024-01-05', 2, 0.5],
      ['2024-07-11', 2, 0.5],
    ]);
    expect(Object.keys(history.snapshots[0]!)).toEqual([
      'asOf',
      'members',
      'negativeEpsShare',
      'distressShare',
      'zombieShare',
      'fcfPositiveShare',
      'sbcOverHalfShare',
      'smallRevenueShare',
    ]);
    // Today's members BBB and CCC (AAA, which left, is not counted: survivors only).
    expect(history.fiscalYears).toEqual([
      { fy: 2021, covered: 1, negativeEpsShare: 0, zombieShare: null },
      { fy: 2022, covered: 2, negativeEpsShare: 0.5, zombieShare: null },
      { fy: 2023, covered: 2, negativeEpsShare: 0.5, zombieShare: 1 },
    ]);
  });

  it('is null without holdings', () => {
    expect(loadHistory(openDb(':memory:'))).toBeNull();
  });
});
