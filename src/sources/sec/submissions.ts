// SEC submissions JSON (data.sec.gov/submissions/CIK##########.json): company metadata plus filing history.
// Only the SIC code (manufacturers are SIC 2000–3999: Altman Z rather than Z″) and the fiscal year end are used.
import { z } from 'zod';
import { SourceError } from '../http.js';
import { describeZodError } from './companyfacts.js';

export interface CompanyProfile {
  name: string;
  /** Standard Industrial Classification code; null when blank. */
  sic: number | null;
  /** 'MMDD', e.g. '1231' or '0131'; null when blank. */
  fiscalYearEnd: string | null;
}

const submissionsSchema = z.object({
  name: z.string(),
  sic: z.union([z.string(), z.number()]).nullish(),
  fiscalYearEnd: z.string().nullish(),
});

/** Validates a submissions document (already JSON-parsed). */
export function parseSubmissions(json: unknown, source: string): CompanyProfile {
  const result = submissionsSchema.safeParse(json);
  if (!result.success) throw new SourceError(source, `not a submissions document (${describeZodError(result.error)})`);
  const { name, sic, fiscalYearEnd } = result.data;
  const sicText = String(sic ?? '').trim();
  if (sicText !== '' && !/^\d{3,4}$/.test(sicText)) throw new SourceError(source, `unexpected SIC code "${sicText}"`);
  const yearEnd = (fiscalYearEnd ?? '').trim();
  if (yearEnd !== '' && !/^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(yearEnd)) {
    throw new SourceError(source, `unexpected fiscalYearEnd "${yearEnd}" (expected MMDD)`);
  }
  return {
    name: name.trim(),
    sic: sicText === '' ? null : Number(sicText),
    fiscalYearEnd: yearEnd === '' ? null : yearEnd,
  };
}
