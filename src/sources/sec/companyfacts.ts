// SEC XBRL "companyfacts" JSON (data.sec.gov/api/xbrl/companyfacts/CIK##########.json): every
// non-dimensional fact a company has filed, as facts.<taxonomy>.<Concept>.units.<unit>[] =
// { start?, end, val, accn, fy, fp, form, filed, frame? }. `start` is absent for instants (balance-sheet
// dates); fy/fp/form/filed describe the FILING that reported the fact, not the fact's own period.
// The envelope is validated up front; a concept is validated when first read, so a malformed concept the
// derivation never uses cannot fail a company.
import { z } from 'zod';
import { SourceError } from '../http.js';

/** One reported value for one period, as filed in one filing. */
export interface Fact {
  /** First day of a duration (YYYY-MM-DD); null for an instant. */
  start: string | null;
  /** Last day of a duration, or the instant (YYYY-MM-DD). */
  end: string;
  val: number;
  /** Accession number of the filing, e.g. "0001640147-25-000110". */
  accn: string;
  /** The filing's fiscal year focus and period ("FY", "Q1"...), as the filer tagged it (may be null). */
  fy: number | null;
  fp: string | null;
  /** The filing's form type: 10-K, 10-Q, 10-K/A, 20-F, 8-K... */
  form: string;
  /** Date the filing was accepted (YYYY-MM-DD). */
  filed: string;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

const factSchema = z
  .object({
    start: isoDate.optional(),
    end: isoDate,
    val: z.number(),
    accn: z.string().min(1),
    fy: z.number().int().nullable().optional(),
    fp: z.string().nullable().optional(),
    form: z.string().min(1),
    filed: isoDate,
  })
  .transform(
    (fact): Fact => ({
      start: fact.start ?? null,
      end: fact.end,
      val: fact.val,
      accn: fact.accn,
      fy: fact.fy ?? null,
      fp: fact.fp ?? null,
      form: fact.form,
      filed: fact.filed,
    }),
  );

const conceptSchema = z.object({
  units: z.record(z.string(), z.array(factSchema)),
});

const envelopeSchema = z.object({
  // A number in most files, a zero-padded string ("0001997711") in some.
  cik: z.union([z.number().int().positive(), z.string().regex(/^\d{1,10}$/)]).transform(Number),
  entityName: z.string(),
  facts: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** Formats a zod failure as "<path>: <message>" for the first issue. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** A parsed companyfacts document. */
export class CompanyFacts {
  private readonly parsed = new Map<string, Record<string, Fact[]> | null>();

  constructor(
    readonly cik: number,
    readonly entityName: string,
    private readonly raw: Record<string, Record<string, unknown>>,
    /** Names the document in errors, e.g. "SEC companyfacts CIK0001640147 (SNOW)". */
    readonly source: string,
  ) {}

  /** Taxonomy prefixes present: "dei", "us-gaap", "ifrs-full", "srt"... */
  get taxonomies(): string[] {
    return Object.keys(this.raw);
  }

  /** Units a concept is reported in ([] when the concept is absent). */
  units(taxonomy: string, concept: string): string[] {
    return Object.keys(this.concept(taxonomy, concept) ?? {});
  }

  /** Facts of one concept in one unit ("USD", "USD/shares", "shares"); [] when absent. */
  facts(taxonomy: string, concept: string, unit: string): Fact[] {
    return this.concept(taxonomy, concept)?.[unit] ?? [];
  }

  private concept(taxonomy: string, concept: string): Record<string, Fact[]> | null {
    const key = `${taxonomy}:${concept}`;
    if (!this.parsed.has(key)) {
      const raw = this.raw[taxonomy]?.[concept];
      if (raw === undefined) this.parsed.set(key, null);
      else {
        const result = conceptSchema.safeParse(raw);
        if (!result.success) throw new SourceError(this.source, `${key} ${describeZodError(result.error)}`);
        this.parsed.set(key, result.data.units);
      }
    }
    return this.parsed.get(key) ?? null;
  }
}

/** Validates a companyfacts document (already JSON-parsed). */
export function parseCompanyFacts(json: unknown, source: string): CompanyFacts {
  const result = envelopeSchema.safeParse(json);
  if (!result.success) throw new SourceError(source, `not a companyfacts document (${describeZodError(result.error)})`);
  const { cik, entityName, facts } = result.data;
  return new CompanyFacts(cik, entityName.trim(), facts, source);
}
