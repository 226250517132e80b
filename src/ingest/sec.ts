// SEC ingest: company_tickers.json once, then per company submissions (SIC, fiscal year end) and companyfacts
// (the figures), a few companies at a time under one shared rate limit. Everything is parsed in memory; the
// rows are written at the end and become visible in one transaction, superseding those companies' rows from
// earlier runs. A company that fails is reported and skipped; if all fail, nothing changes.
import { parseCompanyFacts } from '../sources/sec/companyfacts.js';
import { cikLabel, SecClient } from '../sources/sec/client.js';
import { deriveFigures } from '../sources/sec/derive.js';
import { parseSubmissions, type CompanyProfile } from '../sources/sec/submissions.js';
import {
  buildTickerIndex,
  COMPANY_TICKERS_SOURCE,
  parseCompanyTickers,
  type TickerIndex,
} from '../sources/sec/tickers.js';
import { SourceError } from '../sources/http.js';
import { completeFundamentalsSnapshot, insertFundamentals, type FundamentalsRecord } from '../store/fundamentals.js';
import { abandonSnapshot, beginSnapshot } from '../store/snapshots.js';
import type { IngestContext, IngestSummary } from './context.js';
import type { Progress } from './progress.js';

export interface SecIngestOptions {
  /** The run's clock (the snapshot's as-of date is its UTC date unless `asOf` says otherwise). */
  now?: Date;
  /** The date the figures stand for (YYYY-MM-DD), e.g. the demo's holdings date; default the run's UTC date. */
  asOf?: string;
  /** Fetch each company's submissions (SIC, fiscal year end); default true. */
  profiles?: boolean;
  /** Companies fetched at once (default 4); requests are paced by the shared limiter regardless. */
  concurrency?: number;
}

/** One company to fetch: a CIK and every requested ticker that resolved to it (share classes). */
interface Company {
  cik: number;
  tickers: string[];
}

const DEFAULT_CONCURRENCY = 4;

/** Fetches and stores the fundamentals of the companies behind `tickers` as one SEC snapshot. */
export async function ingestSec(
  ctx: IngestContext,
  tickers: readonly string[],
  options: SecIngestOptions = {},
): Promise<IngestSummary> {
  const requested = [...new Set(tickers.map((t) => t.trim().toUpperCase()).filter((t) => t !== ''))];
  if (requested.length === 0) throw new Error('ingest sec: no tickers given');
  const client = new SecClient(ctx.config);
  const asOf = options.asOf ?? (options.now ?? new Date()).toISOString().slice(0, 10);
  const snapshotId = beginSnapshot(
    ctx.db,
    { source: 'sec', subject: 'companyfacts', origin: client.dataUrl, asOf, demo: ctx.demo },
    options.now,
  );
  try {
    const listing = await client.getJson(client.companyTickersUrl(), COMPANY_TICKERS_SOURCE);
    const index = buildTickerIndex(parseCompanyTickers(listing));
    const { companies, failures } = resolveTickers(index, requested);
    for (const failure of failures) ctx.log(failure);
    const records = await fetchCompanies(ctx, client, companies, failures, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      profiles: options.profiles ?? true,
    });
    if (records.length === 0) {
      throw new SourceError('SEC', `every company failed (${failures.length}); first: ${failures[0] ?? 'none'}`);
    }
    insertFundamentals(ctx.db, snapshotId, records);
    const failedTickers = requested.length - records.reduce((n, record) => n + record.tickers.length, 0);
    const note = failedTickers > 0 ? `${failedTickers} of ${requested.length} tickers failed` : null;
    completeFundamentalsSnapshot(ctx.db, snapshotId, note, options.now);
    return { source: 'sec', subject: 'companyfacts', rows: records.length, asOf, failures, ...(note ? { note } : {}) };
  } catch (error) {
    abandonSnapshot(ctx.db, snapshotId);
    throw error;
  }
}

/** Groups the requested tickers by CIK; unknown or ambiguous tickers become failures. */
function resolveTickers(index: TickerIndex, tickers: readonly string[]): { companies: Company[]; failures: string[] } {
  const byCik = new Map<number, Company>();
  const failures: string[] = [];
  for (const ticker of tickers) {
    const found = index.lookup(ticker);
    if (found.kind === 'unknown') failures.push(`${COMPANY_TICKERS_SOURCE} (${ticker}): unknown ticker`);
    else if (found.kind === 'ambiguous') {
      failures.push(`${COMPANY_TICKERS_SOURCE} (${ticker}): ambiguous, matches ${found.ciks.map(cikLabel).join(', ')}`);
    } else {
      const company = byCik.get(found.listing.cik) ?? { cik: found.listing.cik, tickers: [] };
      company.tickers.push(ticker);
      byCik.set(company.cik, company);
    }
  }
  return { companies: [...byCik.values()], failures };
}

/** Fetches every company (a few at a time); per-company source errors are logged and appended to `failures`. */
async function fetchCompanies(
  ctx: IngestContext,
  client: SecClient,
  companies: readonly Company[],
  failures: string[],
  { concurrency, profiles }: { concurrency: number; profiles: boolean },
): Promise<FundamentalsRecord[]> {
  const records: FundamentalsRecord[] = [];
  const progress: Progress = ctx.progress(companies.length, 'sec');
  try {
    await forEachConcurrently(companies, concurrency, async (company) => {
      try {
        records.push(await fetchCompany(ctx, client, company, profiles));
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        failures.push(error.message);
        ctx.log(error.message);
      }
      progress.tick(company.tickers.join(' '));
    });
  } finally {
    progress.done();
  }
  return records.sort((a, b) => a.cik - b.cik);
}

async function fetchCompany(
  ctx: IngestContext,
  client: SecClient,
  company: Company,
  profiles: boolean,
): Promise<FundamentalsRecord> {
  const label = `${cikLabel(company.cik)} (${company.tickers.join(', ')})`;
  const profile = profiles ? await fetchProfile(ctx, client, company.cik, label) : null;
  const url = client.companyFactsUrl(company.cik);
  const source = `SEC companyfacts ${label}`;
  const facts = parseCompanyFacts(await client.getJson(url, source), source);
  if (facts.cik !== company.cik) throw new SourceError(source, `document is for ${cikLabel(facts.cik)}`);
  return {
    ...deriveFigures(facts),
    tickers: company.tickers,
    sic: profile?.sic ?? null,
    fiscalYearEnd: profile?.fiscalYearEnd ?? null,
    demo: ctx.demo ?? false,
    origin: url,
  };
}

/** SIC and fiscal year end; a failure is logged and leaves them unknown rather than failing the company. */
async function fetchProfile(
  ctx: IngestContext,
  client: SecClient,
  cik: number,
  label: string,
): Promise<CompanyProfile | null> {
  const source = `SEC submissions ${label}`;
  try {
    return parseSubmissions(await client.getJson(client.submissionsUrl(cik), source), source);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    ctx.log(`${error.message} (SIC unknown)`);
    return null;
  }
}

/**
 * Runs `work` over the items, `concurrency` at a time. After the first error no new item starts; once the
 * running ones settle, that error is thrown.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}
