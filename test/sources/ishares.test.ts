import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAsOfDate, parseIsharesHoldings } from '../../src/sources/ishares.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/holdings/${name}`, import.meta.url), 'utf8');

const IWM_2024 = fixture('IWM_holdings_2024-07-11_excerpt.csv');
const IWM_STRIPPED = fixture('IWM_holdings_2024-10_preamble-stripped_excerpt.csv');
const IWM_2025 = fixture('IWM_holdings_2025-05-13_quantity_excerpt.csv');
const IWV_OLD = fixture('IWV_holdings_2021_old-layout_excerpt.csv');
const IVV_2025 = fixture('IVV_holdings_2025-05-08_excerpt.csv');

const holding = (file: ReturnType<typeof parseIsharesHoldings>, ticker: string) =>
  file.holdings.find((h) => h.ticker === ticker);

/** The text with 1-based line `line` replaced. */
const withLine = (text: string, line: number, replace: (original: string) => string): string => {
  const lines = text.split('\n');
  lines[line - 1] = replace(lines[line - 1]!);
  return lines.join('\n');
};

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

  it('keeps only Equity rows, leaving out cash, money market, collateral and futures', () => {
    const tickers = file.holdings.map((h) => h.ticker);
    for (const other of ['USD', 'XTSLA', 'MSFUT', 'CAD', 'RTYU4']) expect(tickers).not.toContain(other);
    expect(file.nonEquityRows).toBe(5);
    expect(file.holdings).toHaveLength(32);
  });

  it('skips equity rows whose ticker is "-" and counts them in the note', () => {
    expect(file.placeholderRows).toBe(6);
    expect(file.note).toContain("6 equity rows without a ticker ('-') skipped");
    expect(file.holdings.some((h) => h.name.includes('PULSE BIOSCIENCE'))).toBe(false);
  });

  it('aggregates a ticker listed twice (ADRO common stock and its CVR) into one holding', () => {
    expect(file.aggregatedTickers).toEqual(['ADRO']);
    expect(file.holdings.filter((h) => h.ticker === 'ADRO')).toHaveLength(1);
    expect(holding(file, 'ADRO')).toMatchObject({
      name: 'CHINOOK THERAPEUTICS INC',
      marketValueUsd: expect.closeTo(829_442.25 + 127_999.33, 6),
      sharesHeld: 1_316_575 + 272_339,
      priceUsd: 0.63,
      weight: 0,
    });
  });

  it('keeps escrow rows that have a ticker, with their real zero price', () => {
    expect(holding(file, 'P5N994')).toMatchObject({ priceUsd: 0, marketValueUsd: 0.26, sharesHeld: 26_106 });
  });
});

describe('parseIsharesHoldings on other vintages', () => {
  it('reads a preamble-stripped file when given --fund, with as-of null and said in the note', () => {
    const file = parseIsharesHoldings(IWM_STRIPPED, { fund: 'iwm' });
    expect(file.fund).toBe('IWM');
    expect(file.asOf).toBeNull();
    expect(file.note).toMatch(/as-of date unknown/);
    expect(holding(file, 'PCVX')).toMatchObject({
      marketValueUsd: 350_194_548.48,
      weight: expect.closeTo(0.005, 12),
      sharesHeld: 3_095_232,
      priceUsd: 113.14,
    });
    expect(holding(file, 'XTSLA')).toBeUndefined();
  });

  it('uses --as-of when the file has no as-of line', () => {
    expect(parseIsharesHoldings(IWM_STRIPPED, { fund: 'IWM', asOf: '2024-10-23' }).asOf).toBe('2024-10-23');
  });

  it('asks for --fund when the preamble (and so the fund name) is missing', () => {
    expect(() => parseIsharesHoldings(IWM_STRIPPED)).toThrow(/no fund name line.*pass --fund/);
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
  });

  it('reads the old unquoted layout with CUSIP, ISIN and SEDOL columns by header name', () => {
    const file = parseIsharesHoldings(IWV_OLD, { fund: 'IWV' });
    expect(file.asOf).toBeNull();
    expect(holding(file, 'AMZN')).toMatchObject({
      marketValueUsd: 389_908_915.38,
      weight: expect.closeTo(0.0359, 12),
      sharesHeld: 117_226,
      priceUsd: 3_326.13,
      sector: 'Consumer Discretionary',
    });
    expect(holding(file, 'FN')?.priceUsd).toBe(83.04);
    expect(holding(file, 'USD')).toBeUndefined();
    expect(file.placeholderRows).toBe(1);
    expect(file.holdings).toHaveLength(31);
  });

  it('infers IVV from "iShares Core S&P 500 ETF"', () => {
    const file = parseIsharesHoldings(IVV_2025);
    expect(file).toMatchObject({ fund: 'IVV', asOf: '2025-05-08', nonEquityRows: 4 });
    expect(holding(file, 'MSFT')).toMatchObject({
      marketValueUsd: 38_206_872_878.2,
      weight: expect.closeTo(0.0677, 12),
      sharesHeld: 87_196_460,
      priceUsd: 438.17,
    });
    expect(file.holdings).toHaveLength(30);
  });

  it('rejects a --fund or --as-of that contradicts the file', () => {
    expect(() => parseIsharesHoldings(IWM_2024, { fund: 'IVV' })).toThrow(/line 1: the file is for .* \(IWM\) but --fund says IVV/);
    expect(() => parseIsharesHoldings(IWM_2024, { asOf: '2024-07-12' })).toThrow(
      /line 2: the file is as of 2024-07-11 but --as-of says 2024-07-12/,
    );
    expect(() => parseIsharesHoldings(IWM_STRIPPED, { fund: 'IWM', asOf: '07/11/2024' })).toThrow(/not a YYYY-MM-DD/);
  });

  it('asks for --fund when the fund name is not in the table', () => {
    const renamed = withLine(IWM_2024, 1, () => 'iShares Micro-Cap ETF');
    expect(() => parseIsharesHoldings(renamed)).toThrow(/cannot tell the fund symbol of 'iShares Micro-Cap ETF'.*pass --fund/);
    expect(parseIsharesHoldings(renamed, { fund: 'IWC' }).fund).toBe('IWC');
  });
});

describe('parseIsharesHoldings on broken downloads', () => {
  it('fails on a truncated file whose last row is cut short, naming the line', () => {
    const lines = IWM_2024.split('\n').slice(0, 21);
    lines[20] = `${lines[20]!.split('","').slice(0, 9).join('","')}"`;
    expect(() => parseIsharesHoldings(lines.join('\n'))).toThrow('iShares holdings CSV line 21: expected 15 columns, got 9');
  });

  it('fails on a file cut inside a quoted cell', () => {
    const cut = IWM_2024.slice(0, IWM_2024.indexOf('"FABRINET"') + 5);
    expect(() => parseIsharesHoldings(cut)).toThrow(/iShares holdings CSV: malformed CSV .*line 14/);
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
    const empty = [...lines.slice(0, 10), '\u00A0', ...lines.slice(55)]
      .join('\n')
      .replace('Fund Holdings as of,"Jul 11, 2024"', 'Fund Holdings as of,"-"');
    expect(() => parseIsharesHoldings(empty)).toThrow("iShares holdings CSV: no holdings (as-of '-')");
  });

  it('fails on garbage and on an empty body', () => {
    expect(() => parseIsharesHoldings('\u0000\u0001binary junk\n%PDF-1.7\n')).toThrow(/no header line with Ticker and Name/);
    expect(() => parseIsharesHoldings('')).toThrow(/empty response/);
  });

  it('fails on a value that is not a number, naming line and column', () => {
    const broken = withLine(IWM_2024, 11, (l) => l.replace('"299,141,075.08"', '"n.a.x"'));
    expect(() => parseIsharesHoldings(broken)).toThrow(/line 11: market value 'n\.a\.x'/);
  });

  it('fails on a header with no data rows', () => {
    const headerOnly = IWM_2024.split('\n').slice(0, 10).join('\n');
    expect(() => parseIsharesHoldings(headerOnly)).toThrow(/no equity holdings between the header \(line 10\)/);
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
    expect(parseAsOfDate('Feb 30, 2024')).toBeNull();
    expect(parseAsOfDate('Foo 1, 2024')).toBeNull();
  });
});

describe('the full demo IWM download (data/demo/holdings/IWM_holdings.csv)', () => {
  const text = readFileSync(new URL('../../data/demo/holdings/IWM_holdings.csv', import.meta.url), 'utf8');
  const file = parseIsharesHoldings(text);

  it('parses to 1,988 equity holdings as of 2024-07-11', () => {
    // 1,995 Equity rows − 6 with ticker "-" − 1 repeated ADRO (aggregated)
    expect(file).toMatchObject({ fund: 'IWM', asOf: '2024-07-11', placeholderRows: 6, aggregatedTickers: ['ADRO'] });
    expect(file.holdings).toHaveLength(1988);
    expect(new Set(file.holdings.map((h) => h.ticker)).size).toBe(1988);
  });

  it('sums to the file totals: weights 99.46 % and $63.55 bn market value', () => {
    const weight = file.holdings.reduce((sum, h) => sum + (h.weight ?? 0), 0);
    const marketValue = file.holdings.reduce((sum, h) => sum + (h.marketValueUsd ?? 0), 0);
    expect(weight).toBeCloseTo(0.9946, 8);
    expect(marketValue).toBeCloseTo(63_547_815_514.2, 0);
  });
});
