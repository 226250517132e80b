// SEC ingest: company_tickers.json once, then per company submissions (SIC, fiscal year end) and companyfacts
// (the figures), a few companies at a time under one shared rate limit. Everything is parsed in memory; the
// rows are written at the end and become visible in one transaction, superseding those companies' rows from
// earlier runs. A company that fails is reported and skipped; if all fail, nothing changes.
import { parseCompanyFacts } from '../sources/sec/companyfacts.js';
import { cikLabel, SecClient } from '../sources/sec/client.js';
import { changesFundamentals, datesThrough } from '../sources/sec/daily-index.js';
import { deriveFigures } from '../sources/sec/derive.js';
import { parseSubmissions, type CompanyProfile } from '../sources/sec/submissions.js';
import { buildTickerIndex, COMPANY_TICKERS_SOURCE, parseCompanyTickers, type TickerIndex } from '../sources/sec/tickers.js';
import { SourceError } from '../sources/http.js';
import {
  completeFundamentalsSnapshot,
  insertFundamentals,
  knownProfile,
  latestFundamentals,
  type FundamentalsRecord,
} from '../store/fundamentals.js';
import { latestSnapshotFrom, withSnapshot } from '../store/snapshots.js';
import type { IngestContext, IngestSummary } from './context.js';
import type { Progress } from './progress.js';

export interface SecIngestOptions {
  /** The run's clock (the snapshot's as-of date is its UTC date unless `asOf` says otherwise). */
  now?: Date;
  /** The date the figures stand for (YYYY-MM-DD), e.g. the demo's holdings date; default the run's UTC date. */
  asOf?: string;
  /** Fetch each company's submissions (SIC, fiscal year end); default true. */
  profiles?: boolean;
  /** Only the companies that filed since the last refresh, or have nothing stored (the daily refresh). */
  changedOnly?: boolean;
  /** Companies fetched at once (default 4); requests are paced by the shared limiter regardless. */
  concurrency?: number;
}

/** One company to fetch: a CIK and every requested ticker that resolved to it (share classes). */
interface Company {
  cik: number;
  tickers: string[];
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Fetches and stores the fundamentals of the companies behind `tickers` as one SEC snapshot. With `changedOnly`
 * (the daily members refresh) only the companies that filed since the last refresh are fetched, see
 * selectChanged; the snapshot then records the refresh (origin = the daily-index folder), even when nothing
 * changed.
 */
export async function ingestSec(ctx: IngestContext, tickers: readonly string[], options: SecIngestOptions = {}): Promise<IngestSummary> {
  const started = Date.now();
  const requested = [...new Set(tickers.map((t) => t.trim().toUpperCase()).filter((t) => t !== ''))];
  if (requested.length === 0) throw new Error('ingest sec: no tickers given');
  const client = new SecClient(ctx.config, ctx.clock);
  const asOf = options.asOf ?? (options.now ?? new Date()).toISOString().slice(0, 10);
  const origin = options.changedOnly ? client.dailyIndexBaseUrl() : client.dataUrl;
  const lastRefresh = options.changedOnly ? latestSnapshotFrom(ctx.db, 'sec', origin) : null;
  const start = { source: 'sec', subject: 'companyfacts', origin, asOf, demo: ctx.demo } as const;
  return withSnapshot(
    ctx.db,
    start,
    async (snapshotId) => {
      const listing = await client.getJson(client.companyTickersUrl(), COMPANY_TICKERS_SOURCE);
      const index = buildTickerIndex(parseCompanyTickers(listing));
      const resolved = resolveTickers(index, requested);
      const failures = [...resolved.failures];
      for (const failure of failures) ctx.log(failure);
      const selection = options.changedOnly
        ? await selectChanged(ctx, client, resolved.companies, lastRefresh?.asOf ?? null, asOf)
        : { companies: resolved.companies, note: null };
      const records = await fetchCompanies(ctx, client, selection.companies, failures, {
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        profiles: options.profiles ?? true,
      });
      if (records.length === 0 && (selection.companies.length > 0 || !options.changedOnly)) {
        throw new SourceError('SEC', `every company failed (${failures.length}); first: ${failures[0] ?? 'none'}`);
      }
      insertFundamentals(ctx.db, snapshotId, records);
      const asked = selection.companies.reduce((n, company) => n + company.tickers.length, 0) + resolved.failures.length;
      const failedTickers = asked - records.reduce((n, record) => n + record.tickers.length, 0);
      const notes = [selection.note, failedTickers > 0 ? `${failedTickers} of ${asked} tickers failed` : null].filter((n) => n !== null);
      const note = notes.length > 0 ? notes.join('; ') : null;
      completeFundamentalsSnapshot(ctx.db, snapshotId, note, options.now);
      return {
        source: 'sec',
        subject: 'companyfacts',
        rows: records.length,
        asOf,
        failures,
        ...(note ? { note } : {}),
        ...(client.remote ? { requests: client.requests } : {}),
        elapsedMs: Date.now() - started,
      };
    },
    options.now,
  );
}

/**
 * The daily refresh's choice: the companies that filed a form changing their fundamentals (changesFundamentals)
 * on any day from the day before the last refresh through `asOf` (EDGAR daily index, one request a day; the
 * overlap catches filings made after that run on its day), plus every company with nothing stored. Without an
 * earlier refresh, or when an index cannot be read, every company.
 */
async function selectChanged(
  ctx: IngestContext,
  client: SecClient,
  companies: Company[],
  lastRefresh: string | null,
  asOf: string,
): Promise<{ companies: Company[]; note: string }> {
  if (lastRefresh === null) return { companies, note: 'first refresh: every company' };
  const days = datesThrough(addDays(lastRefresh, -1), asOf);
  const filers = new Set<number>();
  let withoutIndex = 0;
  try {
    for (const day of days) {
      const filings = await client.dailyIndex(day);
      if (filings === null) withoutIndex++;
      for (const filing of filings ?? []) if (changesFundamentals(filing.formType)) filers.add(filing.cik);
    }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    ctx.log(`${error.message}: fetching every company`);
    return { companies, note: `daily index unreadable (${error.message}): every company` };
  }
  const stored = latestFundamentals(ctx.db);
  const changed = companies.filter((c) => filers.has(c.cik) || c.tickers.some((ticker) => !stored.has(ticker)));
  const span = `${days[0]} → ${days.at(-1)}, ${days.length - withoutIndex} of ${days.length} days with an index`;
  return { companies: changed, note: `${changed.length} of ${companies.length} companies filed or were missing (EDGAR daily index ${span})` };
}

/** YYYY-MM-DD plus `days` (UTC). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
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

async function fetchCompany(ctx: IngestContext, client: SecClient, company: Company, profiles: boolean): Promise<FundamentalsRecord> {
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
    firstFilingDate: profile?.firstFilingDate ?? null,
    demo: ctx.demo ?? false,
    origin: url,
  };
}

/**
 * SIC, fiscal year end and first filing. A failure does not fail the company: it is logged, and what the cache
 * already knows of the company's profile is kept (a transient SEC error must not turn a known SIC into "unknown",
 * which would switch its Altman model, nor forget its age); a company never profiled stays unknown.
 */
async function fetchProfile(
  ctx: IngestContext,
  client: SecClient,
  cik: number,
  label: string,
): Promise<Pick<CompanyProfile, 'sic' | 'fiscalYearEnd' | 'firstFilingDate'> | null> {
  const source = `SEC submissions ${label}`;
  try {
    return parseSubmissions(await client.getJson(client.submissionsUrl(cik), source), source);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const known = knownProfile(ctx.db, cik);
    const kept = known?.sic == null ? 'SIC unknown' : `SIC ${known.sic} kept from the ${known.sicAsOf ?? 'stored'} snapshot`;
    ctx.log(`${error.message} (${kept})`);
    return known;
  }
}

/**
 * Runs `work` over the items, `concurrency` at a time. After the first error no new item starts; once the
 * running ones settle, that error is thrown.
 */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
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
