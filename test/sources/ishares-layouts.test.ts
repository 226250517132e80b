// The iShares layouts besides the IWM downloads: the 2026 swap layout (Type, Market Weight, Notional Weight), the
// 2021 layout with a Type column and `Weight (%)`, the 2019 layout, and the fund-name table. Expected figures were
// computed from the files with python3's csv module (see each test).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexMember } from '../../src/core/members.js';
import { fundSymbolFor, ISHARES_FUNDS } from '../../src/sources/ishares-funds.js';
import { parseIsharesHoldings } from '../../src/sources/ishares.js';

const demo = (name: string): string => readFileSync(new URL(`../../data/demo/holdings/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/holdings/${name}`, import.meta.url), 'utf8');

/** The whole real IJR download of Jun 19 2026 (swap layout: every row has a Type) and IJH of the same day. */
const IJR_2026 = demo('IJR_holdings.csv');
const IJH_2026 = demo('IJH_holdings.csv');
const IJR_2021 = fixture('IJR_holdings_2021-03_swap-type_excerpt.csv');
const IJR_2019 = fixture('IJR_holdings_2019-09_no-preamble_excerpt.csv');

type File = ReturnType<typeof parseIsharesHoldings>;
const holding = (file: File, ticker: string) => file.holdings.find((h) => h.ticker === ticker);

describe('the member rule reads the Type', () => {
  it('keeps EQUITY and SWAP lines (a swap flagged), whatever the case', () => {
    expect(indexMember({ ticker: 'FORM', name: 'FORMFACTOR INC', type: 'EQUITY' })).toEqual({ member: true, ticker: 'FORM' });
    expect(indexMember({ ticker: 'GME', name: 'GAMESTOP CORP CLASS A', type: 'Equity' })).toEqual({ member: true, ticker: 'GME' });
    expect(indexMember({ ticker: 'FG', name: 'F&G ANNUITIES AND LIFE INC', type: 'SWAP' })).toEqual({ member: true, ticker: 'FG', swap: true });
    expect(indexMember({ ticker: 'VG', name: 'VONAGE HOLDINGS CORP', type: 'Swap' })).toEqual({ member: true, ticker: 'VG', swap: true });
  });

  it('never makes a member of warrants, cash, futures, collateral, money market or funds', () => {
    expect(indexMember({ ticker: '-', name: 'OMNIAB INC $12.50 VESTING Prvt', type: 'WARRANT' })).toEqual({ member: false, reason: 'warrant' });
    for (const type of ['CASH', 'INDEX', 'COLLATERAL', 'STIF', 'FUND', 'Money Market', 'Futures']) {
      expect(indexMember({ ticker: 'XYZ', name: 'SOME LINE', type })).toEqual({ member: false, reason: 'not a stock' });
    }
    // A swap on a CVR is still no member.
    expect(indexMember({ ticker: 'INH', name: 'INHIBRX INC CVR', type: 'SWAP' })).toEqual({ member: false, reason: 'cvr' });
  });
});

describe('the fund-name table', () => {
  it('knows the Russell and S&P funds by their iShares names', () => {
    const expected: Record<string, string> = {
      'iShares Russell 2000 ETF': 'IWM',
      'iShares Russell 2000 Value ETF': 'IWN',
      'iShares Russell 2000 Growth ETF': 'IWO',
      'iShares Micro-Cap ETF': 'IWC',
      'iShares Russell 1000 ETF': 'IWB',
      'iShares Russell 3000 ETF': 'IWV',
      'iShares Core S&P Small-Cap ETF': 'IJR',
      'iShares Core S&P Mid-Cap ETF': 'IJH',
      'iShares Core S&P 500 ETF': 'IVV',
      'iShares Core S&P Total U.S. Stock Market ETF': 'ITOT',
    };
    for (const [name, symbol] of Object.entries(expected)) expect(fundSymbolFor(name)).toBe(symbol);
    expect(Object.keys(ISHARES_FUNDS)).toEqual(expect.arrayContaining(Object.keys(expected)));
  });

  it('matches regardless of case, spacing and punctuation, and not other funds', () => {
    expect(fundSymbolFor('ishares microcap etf')).toBe('IWC');
    expect(fundSymbolFor('  iShares  Core S&P Small-Cap ETF ')).toBe('IJR');
    expect(fundSymbolFor('iShares Core S&P Small Cap ETF')).toBe('IJR');
    expect(fundSymbolFor('iShares Russell 2000 Growth ETF')).toBe('IWO');
    expect(fundSymbolFor('iShares S&P 500 Growth ETF')).toBeNull();
    expect(fundSymbolFor('SPDR S&P 600 Small Cap ETF')).toBeNull();
  });
});

describe('the 2026 swap layout (IJR, Jun 19 2026)', () => {
  const file = parseIsharesHoldings(IJR_2026);

  it('takes the fund from its name and the date from the preamble', () => {
    expect(file).toMatchObject({ fund: 'IJR', fundName: 'iShares Core S&P Small-Cap ETF', asOf: '2026-06-19' });
  });

  it('counts 604 stocks and the one stock held only through a swap: 605 members', () => {
    // python3: 604 EQUITY lines, 51 SWAP lines (Asset Class Equity), 50 of them on a ticker with an EQUITY line.
    expect(file.holdings).toHaveLength(605);
    expect(file.swapOnlyTickers).toEqual(['FG']);
    expect(file.swapLines).toBe(50);
    expect(file.aggregatedTickers).toEqual([]);
    expect(file.skipped).toEqual({ warrant: 2 });
    expect(file.nonEquityRows).toBe(8);
    expect(file.note).toBe(
      '2 equity lines that are no index member skipped: 2 warrants; 50 swap lines added to the stock of the same ticker; ' +
        '1 member held only through a swap (FG); 8 non-equity rows (cash, futures, money market) left out',
    );
  });

  it('checks completeness on the Notional Weight column (99.79 % over every row)', () => {
    expect(file.weightColumn).toBe('notional weight');
    expect(file.weightSumPct).toBeCloseTo(99.79, 8);
  });

  it('gives a swap-only member its notional exposure and weight', () => {
    // Line 536: "FG","F&G ANNUITIES AND LIFE INC","SWAP",...,"0.00","61,581,641.03","2,240,147.00","27.49",...,"-","0.06"
    expect(holding(file, 'FG')).toEqual({
      ticker: 'FG',
      name: 'F&G ANNUITIES AND LIFE INC',
      sector: 'Financials',
      assetClass: 'Equity',
      marketValueUsd: 61_581_641.03,
      weight: expect.closeTo(0.0006, 12),
      sharesHeld: 2_240_147,
      priceUsd: 27.49,
      exchange: 'NYSE',
    });
  });

  it('adds a SWAP line to the stock of its ticker: one member with the summed exposure', () => {
    // JXN: SWAP 263,463,847.79 notional (0.24) + EQUITY 186,058,320.36 (0.17) = 449,522,168.15, weight 0.41 %.
    expect(holding(file, 'JXN')).toMatchObject({ marketValueUsd: expect.closeTo(449_522_168.15, 4), weight: expect.closeTo(0.0041, 12) });
    expect(holding(file, 'JXN')!.sharesHeld).toBe(4_208_615);
    expect(holding(file, 'FORM')).toMatchObject({ marketValueUsd: 703_025_277.9, weight: expect.closeTo(0.0065, 12), sharesHeld: 4_700_938 });
    // A weight of "-" (under 0.005 %) is unknown, not zero.
    expect(holding(file, 'VITL')!.weight).toBeNull();
  });

  it('sums the members to 99.09 % of the exposure and the fund to Σ Market Value', () => {
    const total = file.holdings.reduce((sum, h) => sum + (h.weight ?? 0), 0);
    expect(total).toBeCloseTo(0.9909, 10);
    expect(file.totals.marketValueUsd).toBeCloseTo(106_962_096_915.13, 1);
    expect(file.totals.sharesOutstanding).toBeNull(); // "-" in the preamble
  });

  it('refuses a copy that lost rows, naming the column it added up', () => {
    const lines = IJR_2026.split('\n');
    const cut = [...lines.slice(0, 200), ...lines.slice(600)].join('\n');
    expect(() => parseIsharesHoldings(cut)).toThrow(/its weights \('notional weight'\) add up to \d+\.\d\d %, not 100 ± 2 %/);
  });

  it('falls back to Market Weight when a file has no Notional Weight', () => {
    const lines = IJR_2026.split('\n');
    const header = lines[9]!.split(',');
    const drop = header.indexOf('Notional Weight');
    // Drop the last cell of every table line (Notional Weight is the last column).
    const end = lines.indexOf('', 10);
    const trimmed = lines.map((line, i) => (i >= 9 && i < end ? line.slice(0, line.lastIndexOf(',')) : line)).join('\n');
    expect(drop).toBe(header.length - 1);
    const file2 = parseIsharesHoldings(trimmed);
    expect(file2.weightColumn).toBe('market weight');
    expect(file2.weightSumPct).toBeCloseTo(99.95, 8);
    // Swaps have no market weight: FG is a member without a weight, JXN carries its stock's 0.17 %.
    expect(holding(file2, 'FG')!.weight).toBeNull();
    expect(holding(file2, 'JXN')!.weight).toBeCloseTo(0.0017, 12);
  });

  it('reads IJH of the same day: 400 stocks, 3 swaps on held stocks', () => {
    const ijh = parseIsharesHoldings(IJH_2026);
    expect(ijh).toMatchObject({ fund: 'IJH', asOf: '2026-06-19', swapLines: 3, swapOnlyTickers: [], nonEquityRows: 8 });
    expect(ijh.holdings).toHaveLength(400);
    expect(ijh.weightSumPct).toBeCloseTo(99.97, 8);
  });
});

describe('the 2021 layout with a Type column and Weight (%) (IJR, ~Mar 10 2021, preamble stripped)', () => {
  const file = parseIsharesHoldings(IJR_2021, { fund: 'IJR', asOf: '2021-03-10' });

  it('merges each "Swap" line into its stock and skips cash, futures and collateral', () => {
    // python3 on the excerpt: 34 Equity-class lines (29 + ISBC, VG, their two swaps, one "-"), 7 other rows.
    expect(file.holdings).toHaveLength(31);
    expect(file.swapLines).toBe(2);
    expect(file.swapOnlyTickers).toEqual([]);
    expect(file.skipped).toEqual({ 'no ticker': 1 });
    expect(file.nonEquityRows).toBe(7);
    expect(file.weightColumn).toBe('weight (%)');
    // VG: Equity 142,530,497.85 (0.20) + Swap 50,578,548.15 (0.07), 11,540,931 + 4,095,429 shares.
    expect(holding(file, 'VG')).toMatchObject({
      marketValueUsd: expect.closeTo(193_109_046, 4),
      weight: expect.closeTo(0.0027, 12),
      sharesHeld: 15_636_360,
    });
    expect(holding(file, 'GME')).toMatchObject({ marketValueUsd: 975_402_725, weight: expect.closeTo(0.0138, 12), priceUsd: 265 });
  });
});

describe('the 2019 layout (IJR, unquoted, Weight (%) before Price, preamble stripped)', () => {
  it('reads columns by name and ends at the re-saved blank row', () => {
    const file = parseIsharesHoldings(IJR_2019, { fund: 'IJR', asOf: '2019-09-10' });
    expect(file.holdings).toHaveLength(30);
    expect(file.skipped).toEqual({ 'no ticker': 1 });
    // The last line (a space and eleven commas) ends the table: no row, so nothing is said of it.
    expect(file.nonEquityRows).toBe(0);
    expect(file.note).toBe('1 equity line that is no index member skipped: 1 without a ticker');
    expect(holding(file, 'SIGI')).toMatchObject({
      marketValueUsd: 267_427_049.76,
      weight: expect.closeTo(0.006, 12),
      sharesHeld: 3_559_998,
      priceUsd: 75.12,
    });
  });
});

describe('a 2019 download with its preamble (IGN, Sep 11 2019): the table ends at the NO-BREAK-SPACE line, no footer', () => {
  // Downloads of 2019–2020 carry no disclaimer after the table; the weights show the table is whole.
  const file = parseIsharesHoldings(fixture('IGN_holdings_2019-09-11.csv'), { fund: 'IGN' });

  it('reads it: date from line 3, 22 members, weights adding up to 100.00 %', () => {
    // python3 (csv module): 27 rows, 22 Equity, 5 others (money market, cash, collateral, 2 futures); weights Σ 100.00.
    expect(file).toMatchObject({ fund: 'IGN', asOf: '2019-09-11', nonEquityRows: 5, skipped: {} });
    expect(file.holdings).toHaveLength(22);
    expect(file.weightSumPct).toBeCloseTo(100, 8);
    expect(holding(file, 'MSI')).toMatchObject({
      weight: expect.closeTo(0.0886, 12),
      marketValueUsd: 8_187_638.99,
      sharesHeld: 49_529,
      priceUsd: 165.31,
    });
    expect(file.totals).toEqual({ marketValueUsd: expect.closeTo(92_382_525.96, 2), sharesOutstanding: 1_700_000, navPerShareUsd: null });
    // RTYU9: 1 contract × 1,577.00 × $50 = its notional 78,850.00.
    expect(file.futures[0]).toEqual({ ticker: 'RTYU9', name: 'RUSSELL 2000 EMINI CME SEP 19', quantity: 1, priceUsd: 1577, notionalUsd: 78_850 });
  });

  it('still refuses it when rows are lost', () => {
    const lines = fixture('IGN_holdings_2019-09-11.csv').split('\n');
    expect(() => parseIsharesHoldings([...lines.slice(0, 12), ...lines.slice(14)].join('\n'), { fund: 'IGN' })).toThrow(
      /its weights \('weight \(%\)'\) add up to \d+\.\d\d %, not 100 ± 2 %/,
    );
  });
});

describe('a copy re-saved by a spreadsheet (IWB, Apr 13 2026): padded preamble, unquoted cells, a line of commas ends it', () => {
  // Line 1 "iShares Russell 1000 ETF,,,,,,,,,,,,,,", line 2 "Fund Holdings as of,13-Apr-26,,,…", line 4
  // 'Shares Outstanding,"119,200,000.00",,,…', the table ends at "\u00A0,,,,,,,,,,,,,," with no footer.
  const file = parseIsharesHoldings(fixture('IWB_holdings_2026-04-13_resaved.csv'));

  it('reads the fund, the date and the shares outstanding from the padded preamble', () => {
    expect(file).toMatchObject({ fund: 'IWB', fundName: 'iShares Russell 1000 ETF', asOf: '2026-04-13' });
    expect(file.totals.sharesOutstanding).toBe(119_200_000);
  });

  it('reads 1,003 members and 5 other rows, the line of commas being no row', () => {
    // python3 (csv module): 1,004 Equity lines (one with ticker "-"), money market, cash, collateral, 2 futures;
    // weights Σ 100.02, market values Σ 44,769,940,219.72.
    expect(file.holdings).toHaveLength(1003);
    expect(file.nonEquityRows).toBe(5);
    expect(file.skipped).toEqual({ 'no ticker': 1 });
    expect(file.weightSumPct).toBeCloseTo(100.02, 8);
    expect(file.totals.marketValueUsd).toBeCloseTo(44_769_940_219.72, 1);
    expect(holding(file, 'NVDA')).toMatchObject({
      weight: expect.closeTo(0.0702, 12),
      marketValueUsd: 3_143_200_066.05,
      sharesHeld: 16_603_455,
      priceUsd: 189.31,
    });
  });
});
