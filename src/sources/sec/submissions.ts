// SEC submissions JSON (data.sec.gov/submissions/CIK##########.json): company metadata plus filing history.
// Used: the SIC code (manufacturers are SIC 2000–3999: Altman Z rather than Z″), the fiscal year end, and the date
// of the company's first filing (its age, for the BIS narrow zombie measure): the oldest of the dates in
// `filings.recent.filingDate` (the newest 1,000 or so filings) and the `filingFrom` of each older page listed in
// `filings.files`. Values that are no YYYY-MM-DD date are ignored.
import { z } from 'zod';
import { SourceError } from '../http.js';
import { describeZodError } from './companyfacts.js';

export interface CompanyProfile {
  name: string;
  /** Standard Industrial Classification code; null when blank. */
  sic: number | null;
  /** 'MMDD', e.g. '1231' or '0131'; null when blank. */
  fiscalYearEnd: string | null;
  /** YYYY-MM-DD of the oldest filing listed; null when none is. */
  firstFilingDate: string | null;
}

const submissionsSchema = z.object({
  name: z.string(),
  sic: z.union([z.string(), z.number()]).nullish(),
  fiscalYearEnd: z.string().nullish(),
  filings: z
    .object({
      recent: z.object({ filingDate: z.array(z.unknown()).nullish() }).nullish(),
      files: z.array(z.object({ filingFrom: z.unknown() }).partial()).nullish(),
    })
    .nullish(),
});

const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The oldest filing date of the recent filings and of the older pages' `filingFrom`; null when there is none. */
function firstFiling(filings: z.infer<typeof submissionsSchema>['filings']): string | null {
  const dates = [...(filings?.recent?.filingDate ?? []), ...(filings?.files ?? []).map((file) => file.filingFrom)].filter(isDate);
  return dates.sort()[0] ?? null;
}

/** Validates a submissions document (already JSON-parsed). */
export function parseSubmissions(json: unknown, source: string): CompanyProfile {
  const result = submissionsSchema.safeParse(json);
  if (!result.success) throw new SourceError(source, `not a submissions document (${describeZodError(result.error)})`);
  const { name, sic, fiscalYearEnd, filings } = result.data;
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
    firstFilingDate: firstFiling(filings),
  };
}
