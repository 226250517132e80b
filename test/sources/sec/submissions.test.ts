import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSubmissions } from '../../../src/sources/sec/submissions.js';

const tesla = JSON.parse(readFileSync(new URL('../../fixtures/sec/CIK0001318605_tesla_submissions_excerpt.json', import.meta.url), 'utf8'));

describe('SEC submissions', () => {
  it('reads the SIC code, fiscal year end and first filing date', () => {
    expect(parseSubmissions(tesla, 'SEC submissions CIK0001318605')).toEqual({
      name: 'Tesla, Inc.',
      sic: 3711, // Motor Vehicles & Passenger Car Bodies: a manufacturer (2000–3999)
      fiscalYearEnd: '1231',
      // The older page CIK0001318605-submissions-001.json runs from 2005-02-17 (the recent ones from 2022-11).
      firstFilingDate: '2005-02-17',
    });
  });

  it('takes the first filing from the recent filings when no older page is listed, and ignores odd dates', () => {
    const recentOnly = { ...tesla, filings: { ...tesla.filings, files: [] } };
    expect(parseSubmissions(recentOnly, 'x').firstFilingDate).toBe(tesla.filings.recent.filingDate.toSorted()[0]);
    const odd = { ...tesla, filings: { recent: { filingDate: ['2019-05-01', 'n/a', 20180101, '2020-01-02'] }, files: [{ filingFrom: 'soon' }] } };
    expect(parseSubmissions(odd, 'x').firstFilingDate).toBe('2019-05-01');
    expect(parseSubmissions({ name: 'New Co', sic: '', fiscalYearEnd: '' }, 'x').firstFilingDate).toBeNull();
  });

  it('leaves a blank SIC or fiscal year end null', () => {
    expect(parseSubmissions({ ...tesla, sic: '', fiscalYearEnd: null }, 'x')).toMatchObject({ sic: null, fiscalYearEnd: null });
  });

  it('rejects values that are not SIC codes or MMDD dates, naming the source', () => {
    expect(() => parseSubmissions({ ...tesla, sic: 'n/a' }, 'SEC submissions CIK1')).toThrow(/SEC submissions CIK1: unexpected SIC code "n\/a"/);
    expect(() => parseSubmissions({ ...tesla, fiscalYearEnd: '1331' }, 'x')).toThrow(/unexpected fiscalYearEnd "1331"/);
    expect(() => parseSubmissions({ cik: '1' }, 'x')).toThrow(/not a submissions document \(name: /);
  });
});
