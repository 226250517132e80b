import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changesFundamentals, dailyIndexPath, datesThrough, parseDailyIndex } from '../../../src/sources/sec/daily-index.js';

const INDEX = readFileSync(new URL('../../fixtures/sec/master.20200103_daily-index_excerpt.idx', import.meta.url), 'utf8');

describe('EDGAR daily index', () => {
  it('parses every line of a real master.YYYYMMDD.idx by its header names', () => {
    const filings = parseDailyIndex(INDEX);
    expect(filings).toHaveLength(18);
    expect(filings[0]).toEqual({ cik: 1000229, companyName: 'CORE LABORATORIES N V', formType: '4', dateFiled: '2020-01-03' });
    expect(filings.filter((f) => f.cik === 1318605).map((f) => f.formType)).toEqual(['8-K', 'CT ORDER', 'CT ORDER']);
    // Disseminated that day, filed earlier.
    expect(filings.find((f) => f.cik === 1016951)).toMatchObject({ formType: 'REVOKED', dateFiled: '2019-07-26' });
  });

  it('reads the columns wherever the header puts them, CRLF line ends included', () => {
    const text =
      'Description: x\r\n\r\nForm Type|CIK|Date Filed|Company Name|File Name\r\n----\r\n10-Q|93410|2020-01-03|CHEVRON CORP|edgar/data/93410/x.txt\r\n';
    expect(parseDailyIndex(text)).toEqual([{ cik: 93410, companyName: 'CHEVRON CORP', formType: '10-Q', dateFiled: '2020-01-03' }]);
  });

  it('refuses an HTML page or a cut line, naming the source and line', () => {
    expect(() => parseDailyIndex('<!DOCTYPE html><html><body>Request Rate Threshold Exceeded</body></html>', 'SEC daily index 2020-01-03')).toThrow(
      /^SEC daily index 2020-01-03: not an EDGAR master index/,
    );
    expect(() => parseDailyIndex(`${INDEX}93410|CHEVRON CORP|8-K`)).toThrow(/line 26: expected 5 fields, got 3/);
  });

  it('counts periodic, current and foreign reports and their amendments as changing fundamentals, not insider or proxy forms', () => {
    for (const form of ['10-K', '10-Q', '10-K/A', '8-K', '8-K/A', '20-F', '40-F', '6-K', '10-KT']) expect(changesFundamentals(form)).toBe(true);
    for (const form of ['4', '4/A', 'DEF 14A', 'DEFA14A', '424B5', 'CT ORDER', 'SC 13D/A', '10-K405X']) expect(changesFundamentals(form)).toBe(false);
  });

  it('finds each day under its year and calendar quarter', () => {
    expect(dailyIndexPath('2020-01-03')).toBe('2020/QTR1/master.20200103.idx');
    expect(dailyIndexPath('2026-09-30')).toBe('2026/QTR3/master.20260930.idx');
    expect(dailyIndexPath('2026-10-01')).toBe('2026/QTR4/master.20261001.idx');
    expect(() => dailyIndexPath('2026-13')).toThrow(RangeError);
  });

  it('lists the days of a span across a month end', () => {
    expect(datesThrough('2019-12-30', '2020-01-02')).toEqual(['2019-12-30', '2019-12-31', '2020-01-01', '2020-01-02']);
    expect(datesThrough('2020-01-03', '2020-01-02')).toEqual([]);
  });
});
