import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerUnit, parseScreenExport, SCREEN_COLUMNS, screenFileName } from '../../src/sources/screen.js';

const ZAKI = readFileSync(new URL('../fixtures/screens/russell_2000_excerpt.csv', import.meta.url), 'utf8');

const row = (file: ReturnType<typeof parseScreenExport>, ticker: string) => file.rows.find((r) => r.ticker === ticker);

describe('parseScreenExport on the real Russell 2000 screener export (Nov 2023)', () => {
  const file = parseScreenExport(ZAKI, 'russell_2000.csv');

  it('maps the known columns by header name and ignores the others', () => {
    expect(file.mapped.map((m) => m.field)).toEqual(['ticker', 'name', 'sector', 'marketCapUsd', 'trailingPe', 'dividendYield', 'priceUsd', 'beta']);
    expect(file.rows).toHaveLength(38);
    expect(file.source).toBe('russell_2000.csv');
  });

  it('reads "Market Cap ($M)" in millions and the yield column as the fraction it holds', () => {
    expect(row(file, 'AAN')).toEqual({
      ticker: 'AAN',
      name: 'Aarons Company Inc (The)',
      sector: 'Industrials',
      marketCapUsd: expect.closeTo(226_559_774, 3),
      trailingPe: 24.29856005,
      forwardPe: null,
      // 0.479659273 dividends per share / 7.47 price = 0.0642: the column is a fraction already
      dividendYield: 0.064211415,
      epsDiluted: null,
      revenueUsd: null,
      freeCashFlowUsd: null,
      priceUsd: 7.47,
      beta: 1.120825949,
    });
    expect(row(file, 'PRGS')?.dividendYield).toBe(0.013597732);
    expect(file.dividendYieldUnit).toBe('fraction');
    expect(file.note).toContain("'dividend yield' read as a fraction");
  });

  it('turns N/A, empty cells and a P/E or market cap of 0 into null, keeping a real 0 yield', () => {
    expect(row(file, 'AADI')).toMatchObject({ sector: null, trailingPe: null, dividendYield: 0 });
    expect(row(file, 'ABCL')?.trailingPe).toBeNull();
    expect(row(file, 'ACT')?.sector).toBeNull();
    expect(row(file, 'AC')?.beta).toBeNull();
    expect(row(file, 'RTL')).toMatchObject({ marketCapUsd: null, trailingPe: null, beta: null, priceUsd: 7.61 });
  });

  it('keeps quoted names that contain commas', () => {
    expect(row(file, 'AGX')?.name).toBe('Argan, Inc.');
    expect(row(file, 'CALM')).toMatchObject({ name: 'Cal-Maine Foods, Inc.', trailingPe: 3.454212488 });
  });
});

describe('parseScreenExport units and column names', () => {
  const KOYFIN = [
    'Symbol,Company Name,Market Cap ($B),P/E (Forward),Dividend Yield,EPS (Diluted),Revenue ($M),Free Cash Flow,Beta (5Y Monthly),Country',
    'PRGS,Progress Software,2.64,13.5,1.36,1.27,753.4,299000000,0.72,United States',
    'gpro,GoPro,0.1,3.55,N/A,-0.88,780.1,"-27,700,000",2.01,United States',
  ].join('\n');

  it('reads percent yields, ($B)/($M) scales, forward P/E, EPS, revenue, FCF and beta', () => {
    const file = parseScreenExport(KOYFIN, 'koyfin.csv');
    expect(row(file, 'PRGS')).toMatchObject({
      name: 'Progress Software',
      marketCapUsd: expect.closeTo(2.64e9, 0),
      forwardPe: 13.5,
      trailingPe: null,
      dividendYield: expect.closeTo(0.0136, 12),
      epsDiluted: 1.27,
      revenueUsd: expect.closeTo(753.4e6, 0),
      freeCashFlowUsd: 299_000_000,
      beta: 0.72,
    });
    expect(row(file, 'GPRO')).toMatchObject({ epsDiluted: -0.88, freeCashFlowUsd: -27_700_000, dividendYield: null });
    expect(file.dividendYieldUnit).toBe('percent');
  });

  it('reads "1.36%" cells and "(%)" headers as percent even when no value exceeds 1', () => {
    const cells = parseScreenExport('Ticker,Dividend Yield\nAAA,0.80%\nBBB,0.5%\n', 'a.csv');
    expect(cells.rows.map((r) => r.dividendYield)).toEqual([expect.closeTo(0.008, 12), expect.closeTo(0.005, 12)]);
    const header = parseScreenExport('Ticker,Dividend Yield (%)\nAAA,0.8\n', 'b.csv');
    expect(header.rows[0]!.dividendYield).toBeCloseTo(0.008, 12);
  });

  it('reads money cells with K/M/B/T suffixes and plain "Market Cap" as dollars', () => {
    const file = parseScreenExport('Ticker,Market Cap,Revenue\nAAA,1.2B,350M\nBBB,"2,500,000",12K\n', 'c.csv');
    expect(file.rows.map((r) => [r.marketCapUsd, r.revenueUsd])).toEqual([
      [1.2e9, 350e6],
      [2_500_000, 12_000],
    ]);
  });

  it('keeps the first row of a repeated ticker and says so, skipping rows without a ticker', () => {
    const file = parseScreenExport('Ticker,Price\nAAA,1\n,2\naaa,3\nN/A,4\n\n', 'd.csv');
    expect(file.rows).toEqual([expect.objectContaining({ ticker: 'AAA', priceUsd: 1 })]);
    expect(file.rowsWithoutTicker).toBe(2);
    expect(file.note).toContain('repeated tickers (first row kept): AAA');
  });

  it('splits unit markers off headers', () => {
    expect(headerUnit('Market Cap ($M)')).toEqual({ base: 'market cap', scale: 1e6, percent: false });
    expect(headerUnit('Revenue (TTM) ($B)')).toEqual({ base: 'revenue (ttm)', scale: 1e9, percent: false });
    expect(headerUnit('Dividend Yield %')).toEqual({ base: 'dividend yield', scale: 1, percent: true });
    expect(headerUnit('P/E (Forward)')).toEqual({ base: 'p/e (forward)', scale: 1, percent: false });
  });

  it('maps every screen field through exactly one SCREEN_COLUMNS entry', () => {
    const fields = SCREEN_COLUMNS.map((c) => c.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual(
      [
        'ticker',
        'name',
        'sector',
        'marketCapUsd',
        'trailingPe',
        'forwardPe',
        'dividendYield',
        'epsDiluted',
        'revenueUsd',
        'freeCashFlowUsd',
        'priceUsd',
        'beta',
      ].sort(),
    );
  });
});

describe('parseScreenExport on broken exports', () => {
  it('requires a ticker column', () => {
    expect(() => parseScreenExport('Name,Price\nFoo,1\n', 'x.csv')).toThrow(
      /screener export x\.csv line 1: no ticker column \(Ticker or Symbol or Ticker Symbol\)/,
    );
  });

  it('shows at most 40 characters of a binary header, its control bytes escaped', () => {
    const zip = `PK\u0003\u0004\u0014\u0000\u0006\u0000${'\u0000\u0010\u0087'.repeat(50)}\n\u0001,2\n`;
    expect(() => parseScreenExport(zip, 'x.csv')).toThrow(
      `screener export x.csv line 1: no ticker column (Ticker or Symbol or Ticker Symbol); header: "pk\\u0003\\u0004\\u0014\\u0000\\u0006\\u0000${'\\u0000\\u0010\\u0087'.repeat(10)}\\u0000\\u0010…"`,
    );
  });

  it('fails on a truncated last row, naming the line', () => {
    const lines = ZAKI.split('\n').slice(0, 12);
    lines[11] = lines[11]!.split(',').slice(0, 9).join(',');
    expect(() => parseScreenExport(lines.join('\n'), 'r.csv')).toThrow('screener export r.csv line 12: expected 14 columns, got 9');
  });

  it('fails on an HTML page, garbage numbers and an empty file', () => {
    expect(() => parseScreenExport('<html><body>Sign in</body></html>', 'h.csv')).toThrow(/HTML page/);
    expect(() => parseScreenExport('Ticker,Beta\nAAA,high\n', 'g.csv')).toThrow(/g\.csv line 2: beta 'high' is not a number/);
    expect(() => parseScreenExport('', 'e.csv')).toThrow(/empty file/);
    expect(() => parseScreenExport('Ticker,Beta\n', 'e.csv')).toThrow(/no rows with a ticker/);
  });

  it('rejects a negative market cap', () => {
    expect(() => parseScreenExport('Ticker,Market Cap ($M)\nAAA,-5\n', 'n.csv')).toThrow(/line 2: market cap \(\$m\) '-5'/);
  });
});

describe('screenFileName', () => {
  it('names an export by the last segment of its path or URL', () => {
    expect(screenFileName('data/demo/screens/russell_2000.csv')).toBe('russell_2000.csv');
    expect(screenFileName('https://example.com/exports/my%20screen.csv?token=x')).toBe('my screen.csv');
    expect(screenFileName('file:///tmp/a/b.csv')).toBe('b.csv');
  });
});
