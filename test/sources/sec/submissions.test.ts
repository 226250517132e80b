import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSubmissions } from '../../../src/sources/sec/submissions.js';

const tesla = JSON.parse(readFileSync(new URL('../../fixtures/sec/CIK0001318605_tesla_submissions_excerpt.json', import.meta.url), 'utf8'));

describe('SEC submissions', () => {
  it('reads the SIC code and fiscal year end', () => {
    expect(parseSubmissions(tesla, 'SEC submissions CIK0001318605')).toEqual({
      name: 'Tesla, Inc.',
      sic: 3711, // Motor Vehicles & Passenger Car Bodies: a manufacturer (2000–3999)
      fiscalYearEnd: '1231',
    });
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
