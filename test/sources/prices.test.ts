import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../../src/sources/prices/csv.js';
import { fetchYahooPrices, parseYahooChart, yahooChartUrl } from '../../src/sources/prices/yahoo.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prices/${name}`, import.meta.url), 'utf8');

const IWM_CHART_TEXT = fixture('yahoo_chart_IWM_2024-10-21_2024-11-15_constructed.json');
const QQQ_CHART = JSON.parse(fixture('yahoo_chart_QQQ_2020-01-02_yahoo-finance2.json')) as unknown;
const IWM_CSV = fixture('IWM_kittycapital_2024-06-24_2024-08-05_excerpt.csv');
const SPY_CSV = fixture('SPY_FRST_1D_2023-07-17_excerpt.csv');

/** A fresh, mutable copy of the IWM chart response. */
function iwmChart() {
  return JSON.parse(IWM_CHART_TEXT) as {
    chart: {
      result: {
        meta: Record<string, unknown>;
        timestamp: number[];
        indicators: { quote: { close: (number | null)[] }[]; adjclose?: { adjclose: (number | null)[] }[] };
      }[];
    };
  };
}

const AFTER_FETCH = new Date('2024-11-16T12:00:00Z');
const NOT_FOUND = '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}';

describe('parseYahooChart', () => {
  it('reads exchange-local trading days, closes and adjusted closes (IWM, 2024-10-21..11-15, across the DST change)', () => {
    const prices = parseYahooChart(JSON.parse(IWM_CHART_TEXT), 'IWM', AFTER_FETCH);
    expect(prices.adjusted).toBe(true);
    expect(prices.notes).toEqual([]);
    expect(prices.points).toHaveLength(20);
    expect(prices.points[0]).toEqual({ date: '2024-10-21', close: 222.10000610351562, adjClose: 222.10000610351562 });
    expect(prices.points.find((p) => p.date === '2024-11-06')?.close).toBe(237.22000122070312);
    expect(prices.points.at(-1)?.date).toBe('2024-11-15');
    // 09:30 New York is 13:30 UTC before 2024-11-03 and 14:30 UTC after: both map to their own trading day.
    expect(prices.points.slice(8, 11).map((p) => p.date)).toEqual(['2024-10-31', '2024-11-01', '2024-11-04']);
  });

  it('keeps the real adjusted close next to the close (yahoo-finance2 QQQ capture)', () => {
    const prices = parseYahooChart(QQQ_CHART, 'QQQ');
    expect(prices.points).toEqual([{ date: '2020-01-02', close: 216.16000366210938, adjClose: 207.8722686767578 }]);
  });

  it("dates a bar by the exchange's time zone, not by UTC (ASX open at 10:00 Sydney is 23:00 UTC the day before)", () => {
    const chart = iwmChart();
    const result = chart.chart.result[0]!;
    result.meta = { exchangeTimezoneName: 'Australia/Sydney', gmtoffset: 39_600 };
    result.timestamp = [Date.UTC(2024, 9, 20, 23, 0) / 1000];
    result.indicators = { quote: [{ close: [7.5] }] };
    expect(parseYahooChart(chart, 'IOZ.AX').points).toEqual([{ date: '2024-10-21', close: 7.5, adjClose: null }]);
    result.meta = { exchangeTimezoneName: 'Mars/Olympus_Mons', gmtoffset: 39_600 };
    expect(parseYahooChart(chart, 'IOZ.AX').points[0]?.date).toBe('2024-10-21');
  });

  it('skips days whose close or adjusted close is null and says how many', () => {
    const chart = iwmChart();
    const result = chart.chart.result[0]!;
    result.indicators.quote[0]!.close[3] = null;
    result.indicators.adjclose![0]!.adjclose[5] = null;
    const prices = parseYahooChart(chart, 'IWM', AFTER_FETCH);
    expect(prices.points).toHaveLength(18);
    expect(prices.points.map((p) => p.date)).not.toContain('2024-10-24');
    expect(prices.points.map((p) => p.date)).not.toContain('2024-10-28');
    expect(prices.notes).toEqual(['2 days without a close skipped']);
  });

  it('makes a response without adjclose a price-only series', () => {
    const chart = iwmChart();
    delete chart.chart.result[0]!.indicators.adjclose;
    const prices = parseYahooChart(chart, 'IWM', AFTER_FETCH);
    expect(prices.adjusted).toBe(false);
    expect(prices.points.every((p) => p.adjClose === null)).toBe(true);
    expect(prices.notes).toEqual(['price return']);
  });

  it('keeps the later of two bars on one day (the live bar repeating the last)', () => {
    const chart = iwmChart();
    const result = chart.chart.result[0]!;
    result.timestamp.push(Date.UTC(2024, 10, 15, 21, 0) / 1000);
    result.indicators.quote[0]!.close.push(229);
    result.indicators.adjclose![0]!.adjclose.push(229);
    const prices = parseYahooChart(chart, 'IWM', AFTER_FETCH);
    expect(prices.points).toHaveLength(20);
    expect(prices.points.at(-1)).toEqual({ date: '2024-11-15', close: 229, adjClose: 229 });
    expect(prices.notes).toEqual(['1 repeated day: later bar kept']);
  });

  it('drops the bar of a session still open when fetched', () => {
    const duringSession = new Date('2024-11-15T18:00:00Z');
    const prices = parseYahooChart(JSON.parse(IWM_CHART_TEXT), 'IWM', duringSession);
    expect(prices.points.at(-1)?.date).toBe('2024-11-14');
    expect(prices.notes).toEqual(["the open session's live bar dropped"]);
  });

  it('turns chart.error into an error naming the symbol', () => {
    expect(() => parseYahooChart(JSON.parse(NOT_FOUND), 'ZZZZ')).toThrow(
      'Yahoo chart ZZZZ: Yahoo error Not Found: No data found, symbol may be delisted',
    );
  });

  it('rejects responses of another shape, arrays of unequal length and non-positive closes', () => {
    expect(() => parseYahooChart({ quoteResponse: { result: [] } }, 'IWM')).toThrow(/Yahoo chart IWM: unexpected response: chart/);
    const short = iwmChart();
    short.chart.result[0]!.indicators.quote[0]!.close.pop();
    expect(() => parseYahooChart(short, 'IWM')).toThrow('close has 19 values for 20 timestamps');
    const zero = iwmChart();
    zero.chart.result[0]!.indicators.quote[0]!.close[0] = 0;
    expect(() => parseYahooChart(zero, 'IWM', AFTER_FETCH)).toThrow('close on 2024-10-21 is 0, not a positive price');
    expect(() => parseYahooChart({ chart: { result: [], error: null } }, 'IWM')).toThrow(/neither a result nor an error/);
  });
});

describe('yahooChartUrl', () => {
  it('asks for daily bars over a range or between two dates (period2 = the day after `to`)', () => {
    expect(yahooChartUrl('https://query1.finance.yahoo.com/', 'IWM', { range: '5y' })).toBe(
      'https://query1.finance.yahoo.com/v8/finance/chart/IWM?interval=1d&range=5y',
    );
    expect(yahooChartUrl('http://h', '^RUT', { from: '2024-01-02', to: '2024-12-31' })).toBe(
      'http://h/v8/finance/chart/%5ERUT?interval=1d&period1=1704153600&period2=1735689600',
    );
  });
});

describe('fetchYahooPrices', () => {
  let server: ReplayServer;
  beforeEach(async () => {
    server = await startReplayServer();
  });
  afterEach(() => server.close());

  const request = { timeoutMs: 1000, backoffMs: 5 };

  it('retries 429 and 500, then parses the 200', async () => {
    server.route('/v8/finance/chart/IWM', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { body: IWM_CHART_TEXT }]);
    const { prices } = await fetchYahooPrices(server.baseUrl, 'IWM', { range: '5y' }, request, AFTER_FETCH);
    expect(prices.points).toHaveLength(20);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]!.url.searchParams.get('range')).toBe('5y');
    expect(server.requests[2]!.url.searchParams.get('interval')).toBe('1d');
  });

  it('keeps only the days of a dated window', async () => {
    server.route('/v8/finance/chart/IWM', { body: IWM_CHART_TEXT });
    const window = { from: '2024-11-04', to: '2024-11-08' };
    const { prices } = await fetchYahooPrices(server.baseUrl, 'IWM', window, request, AFTER_FETCH);
    expect(prices.points.map((p) => p.date)).toEqual(['2024-11-04', '2024-11-05', '2024-11-06', '2024-11-07', '2024-11-08']);
    expect(server.requests[0]!.url.searchParams.get('period1')).toBe('1730678400');
  });

  it('names an unknown symbol (Yahoo answers 404 with chart.error)', async () => {
    server.route('/v8/finance/chart/ZZZZ', { status: 404, body: NOT_FOUND });
    await expect(fetchYahooPrices(server.baseUrl, 'ZZZZ', { range: '5y' }, request)).rejects.toThrow(/Yahoo chart ZZZZ: unknown symbol/);
  });

  it('rejects an HTML page served with 200 and garbage JSON', async () => {
    server.route('/v8/finance/chart/IWM', { body: '<!DOCTYPE html><html><body>Will be right back</body></html>' });
    await expect(fetchYahooPrices(server.baseUrl, 'IWM', { range: '5y' }, request)).rejects.toThrow(
      'Yahoo chart IWM: expected JSON but got an HTML page',
    );
    server.route('/v8/finance/chart/IWM', { body: '{"chart":{"result":[{"meta":' });
    await expect(fetchYahooPrices(server.baseUrl, 'IWM', { range: '5y' }, request)).rejects.toThrow(/Yahoo chart IWM: malformed JSON/);
  });
});

describe('parsePriceCsv', () => {
  it("reads kittycapital's Date,Close,High,Low,Open,Volume order as a price-only series", () => {
    const prices = parsePriceCsv(IWM_CSV, 'IWM');
    expect(prices.adjusted).toBe(false);
    expect(prices.notes).toEqual(['price return']);
    expect(prices.points).toHaveLength(30);
    expect(prices.points[0]?.date).toBe('2024-06-24');
    expect(prices.points.find((p) => p.date === '2024-07-16')).toEqual({ date: '2024-07-16', close: 224.60000610351562, adjClose: null });
    expect(prices.points.at(-1)?.date).toBe('2024-08-05');
  });

  it("takes the date of FRST's tz-aware yfinance index as written", () => {
    const prices = parsePriceCsv(SPY_CSV, 'SPY');
    expect(prices.points[0]).toEqual({ date: '2023-07-17', close: 439.1512451171875, adjClose: null });
    expect(prices.points.at(-1)?.date).toBe('2023-08-25');
    expect(prices.points).toHaveLength(30);
  });

  it('reads an adjusted close under any of its header names, in any column order and case', () => {
    for (const header of ['Adj Close', 'Adj_Close', 'adjclose', 'ADJUSTED CLOSE']) {
      const text = `${header},DATE,close\n101.5,2024-01-02,102\n100.25,2024-01-03,101\n`;
      const prices = parsePriceCsv(text, 'X');
      expect(prices.adjusted).toBe(true);
      expect(prices.points).toEqual([
        { date: '2024-01-02', close: 102, adjClose: 101.5 },
        { date: '2024-01-03', close: 101, adjClose: 100.25 },
      ]);
    }
  });

  it('accepts a newest-first file (Nasdaq: Close/Last, $, M/D/YYYY) and returns it oldest-first', () => {
    const text = 'Date,Close/Last,Volume,Open,High,Low\n01/03/2024,$194.10,1,$1,$1,$1\n01/02/2024,$195.20,1,$1,$1,$1\n';
    expect(parsePriceCsv(text, 'X').points).toEqual([
      { date: '2024-01-02', close: 195.2, adjClose: null },
      { date: '2024-01-03', close: 194.1, adjClose: null },
    ]);
  });

  it('keeps the later line of a repeated date and rejects a date that steps back, naming the line', () => {
    const repeated = parsePriceCsv('Date,Close\n2024-01-02,10\n2024-01-02,11\n2024-01-03,12\n', 'X');
    expect(repeated.points.map((p) => p.close)).toEqual([11, 12]);
    expect(repeated.notes).toContain('1 repeated date: later line kept');
    expect(() => parsePriceCsv('Date,Close\n2024-01-02,10\n2024-01-04,11\n2024-01-03,12\n', 'X')).toThrow(
      "price CSV X line 4: date 2024-01-03 after 2024-01-04 breaks the file's oldest-first order",
    );
  });

  it('skips blank closes (pandas NaN) and counts them', () => {
    const prices = parsePriceCsv('Date,Close\n2024-01-02,10\n2024-01-03,\n2024-01-04,NaN\n2024-01-05,12\n', 'X');
    expect(prices.points.map((p) => p.date)).toEqual(['2024-01-02', '2024-01-05']);
    expect(prices.notes).toEqual(['price return', '2 days without a close skipped']);
  });

  it('rejects non-numeric and non-positive closes and bad dates with the line number', () => {
    expect(() => parsePriceCsv('Date,Close\n2024-01-02,10\n2024-01-03,abc\n', 'X')).toThrow('price CSV X line 3: Close "abc" is not a number');
    expect(() => parsePriceCsv('Date,Close\n2024-01-02,0\n', 'X')).toThrow('price CSV X line 2: Close 0 is not positive');
    expect(() => parsePriceCsv('Date,Close\n2024-01-02,-3\n', 'X')).toThrow('line 2: Close -3 is not positive');
    expect(() => parsePriceCsv('Date,Close\n2024-02-30,10\n', 'X')).toThrow('line 2: Date "2024-02-30" is not YYYY-MM-DD or M/D/YYYY');
  });

  it('rejects a truncated file at the cut row', () => {
    const cut = IWM_CSV.slice(0, IWM_CSV.indexOf('2024-07-16') + '2024-07-16,224.6'.length);
    expect(() => parsePriceCsv(cut, 'IWM')).toThrow('price CSV IWM line 17: expected 6 columns, got 2 (truncated or malformed row)');
  });

  it('shows at most 40 characters of a binary header, its control bytes escaped', () => {
    const gzip = `\u001f\u008b\u0008\u0000${'\u0000\u0003\u009b'.repeat(40)}\u202e,\u007f\n2024-01-02,10\n`;
    let message = '';
    try {
      parsePriceCsv(gzip, 'IWM');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'price CSV IWM: line 1: no Date or Close column (header: "\\u001f\\u008b\\b\\u0000\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b\\u0000\\u0003\\u009b…")',
    );
  });

  it('rejects a file without a Close column, an HTML page and an empty file', () => {
    const noClose = IWM_CSV.replace('Date,Close,', 'Date,Last,');
    expect(() => parsePriceCsv(noClose, 'IWM')).toThrow('price CSV IWM: line 1: no Close column (header: "date, last, high, low, open, volume")');
    expect(() => parsePriceCsv('<html><body>Sign in</body></html>', 'IWM')).toThrow('got an HTML page instead of a CSV');
    expect(() => parsePriceCsv('\n', 'IWM')).toThrow('price CSV IWM: empty file');
    expect(() => parsePriceCsv('Date,Close\n', 'IWM')).toThrow('price CSV IWM: no rows with a close');
  });
});
