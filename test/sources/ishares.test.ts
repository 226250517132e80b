import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAsOfDate, parseIsharesHoldings } from '../../src/sources/ishares.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/holdings/${name}`, import.meta.url), 'utf8');
const demo = (name: string): string => readFileSync(new URL(`../../data/demo/holdings/${name}`, import.meta.url), 'utf8');

/** The full real downloads: IWM as of Jul 11 2024 and IVV as of May 08 2025 (data/demo), IWM as of May 13 2025. */
const IWM_2024 = demo('IWM_holdings.csv');
const IVV_2025 = demo('IVV_holdings.csv');
const IWM_2025 = fixture('IWM_holdings_2025-05-13.csv');
const IWM_2024_EXCERPT = fixture('IWM_holdings_2024-07-11_excerpt.csv');
const IWM_STRIPPED = fixture('IWM_holdings_2024-10_preamble-stripped_excerpt.csv');
const IWV_STRIPPED = fixture('IWV_holdings_2024-08_preamble-stripped_excerpt.csv');
const IWV_OLD = fixture('IWV_holdings_2021_old-layout_excerpt.csv');

const holding = (file: ReturnType<typeof parseIsharesHoldings>, ticker: string) => file.holdings.find((h) => h.ticker === ticker);

/** The text with 1-based line `line` replaced. */
const withLine = (text: string, line: number, replace: (original: string) => string): string => {
  const lines = text.split('\n');
  lines[line - 1] = replace(lines[line - 1]!);
  return lines.join('\n');
};

/** A copy of `text` with `line` inserted after the 1-based line `after`. */
const withInserted = (text: string, after: number, line: string): string => {
  const lines = text.split('\n');
  lines.splice(after, 0, line);
  return lines.join('\n');
};

/** An IWM 2024 data line for `ticker` and `name` with a zero weight, as iShares writes odd lines. */
const oddLine = (ticker: string, name: string): string =>
  `"${ticker}","${name}","Health Care","Equity","12.00","0.00","12.00","1,200.00","0.01","United States","NASDAQ","USD","1.00","USD","-"`;

describe('parseIsharesHoldings on the full Jul 11 2024 IWM download', () => {
  const file = parseIsharesHoldings(IWM_2024);

  it('takes the fund from line 1 and the as-of date from line 2', () => {
    expect(file.fund).toBe('IWM');
    expect(file.fundName).toBe('iShares Russell 2000 ETF');
    expect(file.asOf).toBe('2024-07-11');
  });

  it('reads a row by header name, storing the weight as a fraction', () => {
    expect(holding(file, 'INSM')).toEqual({
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
    expect(holding(file, 'FN')).toMatchObject({ exchange: 'New York Stock Exchange Inc.', priceUsd: 244.57 });
  });

  it('keeps 1,983 members: 1,995 Equity lines less 12 that are no index member', () => {
    expect(file.holdings).toHaveLength(1983);
    expect(new Set(file.holdings.map((h) => h.ticker)).size).toBe(1983);
    expect(file.skipped).toEqual({ 'no ticker': 1, warrant: 4, cvr: 3, escrow: 2, private: 2 });
    expect(file.nonEquityRows).toBe(5);
    expect(file.note).toBe(
      '12 equity lines that are no index member skipped: 1 without a ticker, 4 warrants, 3 CVRs, 2 escrows, 2 private placements; 5 non-equity rows (cash, futures, money market) left out',
    );
  });

  it("keeps the futures line apart: RTYU4's price is the index level of the holdings date (1,909 × 2,145.60 × $50 = its notional)", () => {
    expect(file.futures).toEqual([
      { ticker: 'RTYU4', name: 'RUSSELL 2000 EMINI CME SEP 24', quantity: 1_909, priceUsd: 2_145.6, notionalUsd: 204_797_520 },
    ]);
    expect(1_909 * 2_145.6 * 50).toBeCloseTo(204_797_520, 4);
  });

  it('leaves out cash, money market, collateral and futures', () => {
    const tickers = file.holdings.map((h) => h.ticker);
    for (const other of ['USD', 'XTSLA', 'MSFUT', 'CAD', 'RTYU4']) expect(tickers).not.toContain(other);
  });

  it('skips warrants, CVRs and escrows but keeps CVR ENERGY, and a CVR sharing its company ticker adds nothing', () => {
    for (const gone of ['WLLAW', 'WLLBW', 'INH', 'GTXI', 'P5N994']) expect(holding(file, gone)).toBeUndefined();
    expect(holding(file, 'CVI')).toMatchObject({ name: 'CVR ENERGY INC', marketValueUsd: 21_674_093.22 });
    expect(file.aggregatedTickers).toEqual([]);
    expect(holding(file, 'ADRO')).toMatchObject({ name: 'CHINOOK THERAPEUTICS INC', marketValueUsd: 829_442.25, sharesHeld: 1_316_575 });
  });

  it('adds up all rows of the table to 99.94 % and its members to $63.55 bn', () => {
    expect(file.weightSumPct).toBeCloseTo(99.94, 8);
    const marketValue = file.holdings.reduce((sum, h) => sum + (h.marketValueUsd ?? 0), 0);
    expect(marketValue).toBeCloseTo(63_547_815_514.2 - 127_999.33 - 3_010_962.5 - 1_064_479.56 - 857_990.88 - 13_604.82 - 0.26, 0);
  });
});

describe('lines that are no index member never refuse a file', () => {
  it('says "1 non-equity row" in the singular when only one cash line is left out', () => {
    const oneCashLine = IWM_2024.split('\n')
      .filter((line) => !/^"(XTSLA|MSFUT|CAD|RTYU4)",/.test(line))
      .join('\n');
    const file = parseIsharesHoldings(oneCashLine);
    expect(file.nonEquityRows).toBe(1);
    expect(file.note).toContain('; 1 non-equity row (cash, futures, money market) left out');
  });

  it('skips a rights line (ticker MPTI RT) and counts it', () => {
    const text = withInserted(IWM_2024, 12, oddLine('MPTI RT', 'M-TRON INDUSTRIES INC RIGHTS'));
    const file = parseIsharesHoldings(text);
    expect(file.holdings).toHaveLength(1983);
    expect(file.skipped.right).toBe(1);
    expect(file.note).toContain('13 equity lines that are no index member skipped: 1 without a ticker, 1 right, 4 warrants');
  });

  it('skips a ticker that is no symbol (A/../../PW) as an odd line, naming its line', () => {
    const file = parseIsharesHoldings(withInserted(IWM_2024, 12, oddLine('A/../../PW', 'PATH WALKER INC')));
    expect(file.holdings.map((h) => h.ticker)).not.toContain('A/../../PW');
    expect(file.skipped['odd ticker']).toBe(1);
    expect(file.note).toContain('1 ticker that is no symbol (odd: line 13)');
  });

  it('skips a line whose values are no numbers, naming its line', () => {
    const broken = withLine(IWM_2024, 11, (l) => l.replace('"299,141,075.08"', '"n.a.x"'));
    const file = parseIsharesHoldings(broken);
    expect(holding(file, 'INSM')).toBeUndefined();
    expect(file.note).toContain('1 with a value that is no number (odd: line 11)');
  });

  it('reads the Aug 2024 IWV lines: CVR ENERGY kept, warrants, CVRs, escrows and private lines skipped', () => {
    const file = parseIsharesHoldings(IWV_STRIPPED, { fund: 'IWV', asOf: '2024-08-15' });
    expect(file.skipped).toEqual({ 'no ticker': 1, warrant: 2, cvr: 3, escrow: 3, private: 2 });
    expect(holding(file, 'CVI')?.name).toBe('CVR ENERGY INC');
    expect(holding(file, 'ADRO')).toMatchObject({ name: 'CHINOOK THERAPEUTICS INC', marketValueUsd: 10_507.77 });
    expect(holding(file, 'BRKB')).toMatchObject({ priceUsd: 440.84 });
    expect(file.holdings).toHaveLength(32);
  });
});

describe("fund totals: the sum of every market value and the preamble's shares outstanding and NAV", () => {
  // python3 (csv module): Σ "Market Value" over all 2,000 table rows of data/demo IWM_holdings.csv, cash
  // ($204.3m), money market ($90.8m), collateral ($12.6m), CAD and the futures line ($0.00) included.
  it('adds every row of the full Jul 11 2024 IWM download and reads 295,000,000 shares outstanding', () => {
    expect(parseIsharesHoldings(IWM_2024).totals).toEqual({
      marketValueUsd: expect.closeTo(63_857_726_694.14, 1),
      sharesOutstanding: 295_000_000,
      navPerShareUsd: null,
    });
  });

  it('has no shares or NAV without a preamble, and no market value when the column is blank', () => {
    expect(parseIsharesHoldings(IWM_STRIPPED, { fund: 'IWM', asOf: '2024-10-23' }).totals).toEqual({
      marketValueUsd: expect.closeTo(6_118_581_908.82, 1),
      sharesOutstanding: null,
      navPerShareUsd: null,
    });
  });

  it('reads a NAV line of the preamble when there is one', () => {
    const withNav = withInserted(IWM_2024, 4, 'NAV,"216.45"');
    expect(parseIsharesHoldings(withNav).totals).toMatchObject({ sharesOutstanding: 295_000_000, navPerShareUsd: 216.45 });
  });
});

describe('parseIsharesHoldings on other vintages', () => {
  it('reads a preamble-stripped file given --fund and --as-of', () => {
    const file = parseIsharesHoldings(IWM_STRIPPED, { fund: 'iwm', asOf: '2024-10-23' });
    expect(file).toMatchObject({ fund: 'IWM', asOf: '2024-10-23', note: expect.not.stringMatching(/as-of/) });
    expect(holding(file, 'PCVX')).toMatchObject({
      marketValueUsd: 350_194_548.48,
      weight: expect.closeTo(0.005, 12),
      sharesHeld: 3_095_232,
      priceUsd: 113.14,
    });
    expect(holding(file, 'XTSLA')).toBeUndefined();
  });

  it('refuses a preamble-stripped file without --as-of or without --fund', () => {
    expect(() => parseIsharesHoldings(IWM_STRIPPED, { fund: 'IWM' })).toThrow(
      "iShares holdings CSV: the file has no 'Fund Holdings as of' line (preamble stripped); pass --as-of YYYY-MM-DD with --fund",
    );
    expect(() => parseIsharesHoldings(IWM_STRIPPED, { asOf: '2024-10-23' })).toThrow(/no fund name line.*pass --fund/);
  });

  it('reads the 2025 layout whose quantity column is named Quantity', () => {
    const file = parseIsharesHoldings(IWM_2025);
    expect(file).toMatchObject({ fund: 'IWM', asOf: '2025-05-13' });
    expect(holding(file, 'SFM')).toMatchObject({
      marketValueUsd: 409_233_878.82,
      weight: expect.closeTo(0.0064, 12),
      sharesHeld: 2_582_406,
      priceUsd: 158.47,
    });
    expect(holding(file, 'HIMS')?.exchange).toBe('New York Stock Exchange Inc.');
    expect(file.holdings).toHaveLength(1929);
    expect(file.weightSumPct).toBeCloseTo(99.88, 8);
  });

  it('reads the old unquoted layout with CUSIP, ISIN and SEDOL columns by header name', () => {
    const file = parseIsharesHoldings(IWV_OLD, { fund: 'IWV', asOf: '2021-02-26' });
    expect(holding(file, 'AMZN')).toMatchObject({
      marketValueUsd: 389_908_915.38,
      weight: expect.closeTo(0.0359, 12),
      sharesHeld: 117_226,
      priceUsd: 3_326.13,
      sector: 'Consumer Discretionary',
    });
    expect(holding(file, 'FN')?.priceUsd).toBe(83.04);
    expect(holding(file, 'USD')).toBeUndefined();
    expect(file.skipped).toEqual({ 'no ticker': 1 });
    expect(file.holdings).toHaveLength(31);
  });

  it('infers IVV from "iShares Core S&P 500 ETF"', () => {
    const file = parseIsharesHoldings(IVV_2025);
    expect(file).toMatchObject({ fund: 'IVV', asOf: '2025-05-08', nonEquityRows: 4, skipped: {} });
    expect(holding(file, 'MSFT')).toMatchObject({
      marketValueUsd: 38_206_872_878.2,
      weight: expect.closeTo(0.0677, 12),
      sharesHeld: 87_196_460,
      priceUsd: 438.17,
    });
    expect(file.holdings).toHaveLength(503);
  });

  it('rejects a --fund or --as-of that contradicts the file', () => {
    expect(() => parseIsharesHoldings(IWM_2024, { fund: 'IVV' })).toThrow(/line 1: the file is for .* \(IWM\) but --fund says IVV/);
    expect(() => parseIsharesHoldings(IWM_2024, { asOf: '2024-07-12' })).toThrow(/line 2: the file is as of 2024-07-11 but --as-of says 2024-07-12/);
    expect(() => parseIsharesHoldings(IWM_STRIPPED, { fund: 'IWM', asOf: '07/11/2024' })).toThrow(/not a YYYY-MM-DD/);
  });

  it('asks for --fund when the fund name is not in the table', () => {
    const renamed = withLine(IWM_2024, 1, () => 'iShares MSCI USA Small-Cap Min Vol Factor ETF');
    expect(() => parseIsharesHoldings(renamed)).toThrow(
      /cannot tell the fund symbol of "iShares MSCI USA Small-Cap Min Vol Factor ETF".*pass --fund/,
    );
    expect(parseIsharesHoldings(renamed, { fund: 'SMMV' }).fund).toBe('SMMV');
  });

  it('accepts a re-saved copy whose table ends with a truly empty line and no footer', () => {
    const lines = IWM_2024.split('\n');
    const end = lines.indexOf('\u00A0', 10);
    const resaved = [...lines.slice(0, 8), '', ...lines.slice(9, end), '', ''].join('\r\n');
    expect(parseIsharesHoldings(resaved).holdings).toHaveLength(1983);
  });
});

describe('incomplete files are refused', () => {
  /** The text cut after its first `count` lines, with or without the newline that ended the last one. */
  const cutAfter = (text: string, count: number, newline: boolean): string => {
    const kept = text.split('\n').slice(0, count).join('\n');
    return newline ? `${kept}\n` : kept;
  };

  /** The 1-based number of the NO-BREAK-SPACE line that ends the table. */
  const tableEnd = (text: string): number => text.split('\n').indexOf('\u00A0', 10) + 1;

  it('refuses the IVV download cut at every line boundary, with or without the last newline', () => {
    const total = IVV_2025.split('\n').length;
    for (let count = 1; count < total; count++) {
      for (const newline of [false, true]) {
        // Cut right after its end marker, the table is whole: read as a 2019–2020 download, which has no footer.
        if (count === tableEnd(IVV_2025)) expect(parseIsharesHoldings(cutAfter(IVV_2025, count, newline)).holdings).toHaveLength(503);
        else expect(() => parseIsharesHoldings(cutAfter(IVV_2025, count, newline)), `cut after line ${count}`).toThrow(/^iShares holdings CSV: /);
      }
    }
    expect(parseIsharesHoldings(IVV_2025).holdings).toHaveLength(503);
  });

  it('refuses the IWM downloads cut at many line boundaries and inside the footer', () => {
    for (const text of [IWM_2024, IWM_2025]) {
      const total = text.split('\n').length;
      const counts = [
        ...Array.from({ length: 60 }, (_, i) => 1 + Math.floor((i * (total - 1)) / 60)),
        ...Array.from({ length: 16 }, (_, i) => total - 16 + i),
      ].filter((count) => count !== tableEnd(text));
      for (const count of counts) expect(() => parseIsharesHoldings(cutAfter(text, count, true)), `cut after line ${count}`).toThrow();
    }
  });

  it('says why in one line: no table end, a cut footer', () => {
    expect(() => parseIsharesHoldings(cutAfter(IWM_2024, 1010, true))).toThrow(
      'iShares holdings CSV: incomplete file: the holdings table runs to the last line (1010) with no blank line and disclaimer after it; nothing stored',
    );
    const end = tableEnd(IWM_2024);
    expect(() => parseIsharesHoldings(cutAfter(IWM_2024, end + 3, true))).toThrow(
      `iShares holdings CSV: incomplete file: the disclaimer footer from line ${end + 1} stops inside its quotes; nothing stored`,
    );
  });

  it('refuses a file with the preamble whose weights do not add up to about 100 % (the 2024 excerpt)', () => {
    expect(() => parseIsharesHoldings(IWM_2024_EXCERPT)).toThrow(
      /^iShares holdings CSV: incomplete file: its weights \('weight \(%\)'\) add up to \d+\.\d\d %, not 100 ± 2 %; nothing stored$/,
    );
  });
});

describe('parseIsharesHoldings on broken downloads', () => {
  it('fails on a row cut short, naming the line', () => {
    const lines = IWM_2024.split('\n');
    lines[20] = `${lines[20]!.split('","').slice(0, 9).join('","')}"`;
    expect(() => parseIsharesHoldings(lines.join('\n'))).toThrow('iShares holdings CSV line 21: expected 15 columns, got 9');
  });

  it('fails on a file cut inside a quoted cell', () => {
    const cut = IWM_2024.slice(0, IWM_2024.indexOf('"FABRINET"') + 5);
    expect(() => parseIsharesHoldings(cut)).toThrow(/^iShares holdings CSV: incomplete file/);
  });

  it('fails on a changed header, naming the missing column', () => {
    expect(() => parseIsharesHoldings(withLine(IWM_2024, 10, (l) => l.replace('Weight (%)', 'Weight')))).toThrow(
      /line 10: header lacks the required column 'weight \(%\)'/,
    );
    expect(() => parseIsharesHoldings(withLine(IWM_2025, 10, (l) => l.replace('Quantity', 'Units')))).toThrow(
      /header lacks the required column 'shares' or 'quantity'/,
    );
  });

  it('fails on an HTML page served instead of the CSV', () => {
    const html = '<!DOCTYPE html>\n<html><head><title>iShares</title></head><body>Access Denied</body></html>';
    expect(() => parseIsharesHoldings(html)).toThrow(/HTML page instead of the CSV/);
  });

  it('treats the empty download (as-of "-") as an error, never an empty snapshot', () => {
    const lines = IWM_2024.split('\n');
    const empty = [...lines.slice(0, 10), '\u00A0', ...lines.slice(lines.indexOf('\u00A0', 10) + 1)]
      .join('\n')
      .replace('Fund Holdings as of,"Jul 11, 2024"', 'Fund Holdings as of,"-"');
    expect(() => parseIsharesHoldings(empty)).toThrow("iShares holdings CSV: no holdings (as-of '-')");
  });

  it('fails on garbage and on an empty body', () => {
    expect(() => parseIsharesHoldings('\u0000\u0001binary junk\n%PDF-1.7\n')).toThrow(/no header line with Ticker and Name/);
    expect(() => parseIsharesHoldings('')).toThrow(/empty response/);
  });

  it('fails on a header with no data rows', () => {
    const lines = IWM_2024.split('\n');
    const headerOnly = [...lines.slice(0, 10), ...lines.slice(lines.indexOf('\u00A0', 10))].join('\n');
    expect(() => parseIsharesHoldings(headerOnly)).toThrow(/no index members between the header \(line 10\)/);
  });

  it('refuses a fund whose values are not in US dollars', () => {
    const euro = withLine(IWM_2024, 11, (l) => l.replace('"NASDAQ","USD"', '"NASDAQ","EUR"'));
    expect(() => parseIsharesHoldings(euro)).toThrow(/line 11: values are in EUR/);
  });
});

describe('parseAsOfDate', () => {
  it('reads "Mon DD, YYYY" and ISO dates and rejects impossible ones', () => {
    expect(parseAsOfDate('Jul 11, 2024')).toBe('2024-07-11');
    expect(parseAsOfDate('May 08, 2025')).toBe('2025-05-08');
    expect(parseAsOfDate('September 3 2024')).toBe('2024-09-03');
    expect(parseAsOfDate('2024-07-11')).toBe('2024-07-11');
    expect(parseAsOfDate('13-Apr-26')).toBe('2026-04-13'); // a spreadsheet's re-save
    expect(parseAsOfDate('3-Sep-2024')).toBe('2024-09-03');
    expect(parseAsOfDate('30-Feb-26')).toBeNull();
    expect(parseAsOfDate('Feb 30, 2024')).toBeNull();
    expect(parseAsOfDate('Foo 1, 2024')).toBeNull();
  });
});
