// Company fundamentals (table `fundamentals`, db/migrations/003_fundamentals.sql): written by the SEC ingest
// under a building snapshot, one snapshot per as-of date. A re-run on the same date replaces that date's rows of
// the companies it fetched (a partial re-run of one ticker replaces only that company); earlier dates are kept
// as history (until HISTORY_RETENTION_DAYS prunes them). Readers take each company from the newest complete SEC
// snapshot that holds it, optionally as of a date.
import type { Db } from './db.js';
import { completeSnapshot } from './snapshots.js';

/** One fiscal year's operating income and interest expense (for interest coverage, BIS zombie test). */
export interface AnnualResult {
  /** The company's own fiscal-year number (Snowflake's year ending 2025-01-31 is 2025). */
  fiscalYear: number;
  /** Last day of the fiscal year, YYYY-MM-DD. */
  periodEnd: string;
  operatingIncomeUsd: number | null;
  interestExpenseUsd: number | null;
  /** Diluted EPS of the fiscal year (USD per share); absent in rows stored before it was derived. */
  epsDiluted?: number | null;
}

/** What companyfacts yields for one company (src/sources/sec/derive.ts); null = not reported, never 0. */
export interface CompanyFigures {
  cik: number;
  entityName: string;
  /** Latest balance-sheet date, YYYY-MM-DD. */
  periodEnd: string | null;
  /** Trailing twelve months. */
  revenueTtmUsd: number | null;
  epsDilutedTtm: number | null;
  netIncomeTtmUsd: number | null;
  operatingCashFlowTtmUsd: number | null;
  /** Cash paid for property, plant and equipment, a positive number as reported. */
  capexTtmUsd: number | null;
  sbcTtmUsd: number | null;
  /** Operating income. */
  ebitTtmUsd: number | null;
  dividendsPerShareTtm: number | null;
  /** Balance sheet at periodEnd. */
  totalAssetsUsd: number | null;
  totalLiabilitiesUsd: number | null;
  currentAssetsUsd: number | null;
  currentLiabilitiesUsd: number | null;
  /** Negative for an accumulated deficit. */
  retainedEarningsUsd: number | null;
  stockholdersEquityUsd: number | null;
  sharesOutstanding: number | null;
  /** Newest first, at most 10. */
  annual: AnnualResult[];
  /** Derivation notes: fallback concepts used, IFRS filer, figures left null and why. */
  notes: string[];
}

/** The trailing-twelve-month figures of CompanyFigures. */
export type TrailingFigure =
  | 'revenueTtmUsd'
  | 'epsDilutedTtm'
  | 'netIncomeTtmUsd'
  | 'operatingCashFlowTtmUsd'
  | 'capexTtmUsd'
  | 'sbcTtmUsd'
  | 'ebitTtmUsd'
  | 'dividendsPerShareTtm';

/** The balance-sheet figures of CompanyFigures, at periodEnd. */
export type BalanceSheetFigure =
  | 'totalAssetsUsd'
  | 'totalLiabilitiesUsd'
  | 'currentAssetsUsd'
  | 'currentLiabilitiesUsd'
  | 'retainedEarningsUsd'
  | 'stockholdersEquityUsd';

/** One company as readers see it, under one of the tickers it was asked for. */
export interface Fundamentals extends CompanyFigures {
  ticker: string;
  /** SIC code (2000–3999 = manufacturers); null when no submissions fetch of the company ever succeeded. */
  sic: number | null;
  /** Fiscal year end 'MMDD' from submissions, e.g. '0131'. */
  fiscalYearEnd?: string | null;
  /** The company's first SEC filing (YYYY-MM-DD) from submissions; null when unknown. */
  firstFilingDate: string | null;
  demo: boolean;
  /** The companyfacts URL or path the figures came from. */
  origin: string;
}

/** One company as the ingest writes it: the figures plus every ticker that resolved to its CIK. */
export interface FundamentalsRecord extends CompanyFigures {
  tickers: string[];
  sic: number | null;
  fiscalYearEnd: string | null;
  firstFilingDate: string | null;
  demo: boolean;
  origin: string;
}

interface FundamentalsRow {
  cik: number;
  tickers: string;
  entity_name: string;
  sic: number | null;
  fiscal_year_end: string | null;
  first_filing_date: string | null;
  period_end: string | null;
  revenue_ttm_usd: number | null;
  eps_diluted_ttm: number | null;
  net_income_ttm_usd: number | null;
  operating_cash_flow_ttm_usd: number | null;
  capex_ttm_usd: number | null;
  sbc_ttm_usd: number | null;
  ebit_ttm_usd: number | null;
  dividends_per_share_ttm: number | null;
  total_assets_usd: number | null;
  total_liabilities_usd: number | null;
  current_assets_usd: number | null;
  current_liabilities_usd: number | null;
  retained_earnings_usd: number | null;
  stockholders_equity_usd: number | null;
  shares_outstanding: number | null;
  annual: string;
  notes: string;
  demo: number;
  origin: string;
}

/** Writes the companies of a (building) SEC snapshot in one transaction with one prepared statement. */
export function insertFundamentals(db: Db, snapshotId: number, records: readonly FundamentalsRecord[]): void {
  const insert = db.prepare(
    `INSERT INTO fundamentals (snapshot_id, cik, tickers, entity_name, sic, fiscal_year_end, first_filing_date, period_end,
       revenue_ttm_usd, eps_diluted_ttm, net_income_ttm_usd, operating_cash_flow_ttm_usd, capex_ttm_usd, sbc_ttm_usd,
       ebit_ttm_usd, dividends_per_share_ttm, total_assets_usd, total_liabilities_usd, current_assets_usd,
       current_liabilities_usd, retained_earnings_usd, stockholders_equity_usd, shares_outstanding, annual, notes,
       demo, origin)
     VALUES (@snapshotId, @cik, @tickers, @entityName, @sic, @fiscalYearEnd, @firstFilingDate, @periodEnd,
       @revenueTtmUsd, @epsDilutedTtm, @netIncomeTtmUsd, @operatingCashFlowTtmUsd, @capexTtmUsd, @sbcTtmUsd,
       @ebitTtmUsd, @dividendsPerShareTtm, @totalAssetsUsd, @totalLiabilitiesUsd, @currentAssetsUsd,
       @currentLiabilitiesUsd, @retainedEarningsUsd, @stockholdersEquityUsd, @sharesOutstanding, @annual, @notes,
       @demo, @origin)`,
  );
  db.transaction(() => {
    for (const record of records) {
      insert.run({
        ...record,
        snapshotId,
        tickers: JSON.stringify(record.tickers),
        annual: JSON.stringify(record.annual),
        notes: JSON.stringify(record.notes),
        demo: record.demo ? 1 : 0,
      });
    }
  })();
}

/**
 * Makes an SEC snapshot visible, in one transaction: companies of an earlier complete SEC snapshot with the
 * same as-of date that this run did not fetch move into this snapshot (completeSnapshot then replaces that
 * snapshot). Snapshots of other dates stay as history. Returns the snapshot's row count.
 */
export function completeFundamentalsSnapshot(db: Db, snapshotId: number, note: string | null, now = new Date()): number {
  return db.transaction(() => {
    db.prepare(
      `UPDATE fundamentals SET snapshot_id = @id
       WHERE snapshot_id IN (
           SELECT id FROM snapshots WHERE source = 'sec' AND status = 'complete' AND id <> @id
             AND subject = (SELECT subject FROM snapshots WHERE id = @id)
             AND as_of IS (SELECT as_of FROM snapshots WHERE id = @id))
         AND cik NOT IN (SELECT cik FROM fundamentals WHERE snapshot_id = @id)`,
    ).run({ id: snapshotId });
    const counted = db.prepare(`SELECT count(*) AS n FROM fundamentals WHERE snapshot_id = ?`).get(snapshotId);
    const { n } = counted as { n: number };
    completeSnapshot(db, snapshotId, { rowCount: n, note }, now);
    return n;
  })();
}

/** What an SEC submissions document gave for a company, as last stored: each field the newest known (non-null)
 * value in the complete SEC snapshots, with the as-of date of the one that gave the SIC. */
export interface KnownProfile {
  sic: number | null;
  sicAsOf: string | null;
  fiscalYearEnd: string | null;
  firstFilingDate: string | null;
}

/** The company's stored SIC, fiscal year end and first filing date (a failed submissions fetch keeps them); null
 * when none is stored. */
export function knownProfile(db: Db, cik: number): KnownProfile | null {
  const newest = (column: 'sic' | 'fiscal_year_end' | 'first_filing_date') =>
    db
      .prepare(
        `SELECT f.${column} AS value, s.as_of AS asOf FROM fundamentals f JOIN snapshots s ON s.id = f.snapshot_id
         WHERE s.source = 'sec' AND s.status = 'complete' AND f.cik = ? AND f.${column} IS NOT NULL
         ORDER BY s.as_of DESC NULLS LAST, s.id DESC LIMIT 1`,
      )
      .get(cik) as { value: number | string; asOf: string | null } | undefined;
  const [sic, fiscalYearEnd, firstFilingDate] = [newest('sic'), newest('fiscal_year_end'), newest('first_filing_date')];
  if (sic === undefined && fiscalYearEnd === undefined && firstFilingDate === undefined) return null;
  return {
    sic: (sic?.value as number | undefined) ?? null,
    sicAsOf: sic?.asOf ?? null,
    fiscalYearEnd: (fiscalYearEnd?.value as string | undefined) ?? null,
    firstFilingDate: (firstFilingDate?.value as string | undefined) ?? null,
  };
}

/**
 * Every company in the complete SEC snapshots, keyed by each upper-case ticker it was asked for (newest wins);
 * with `asOf` (YYYY-MM-DD), only snapshots dated on or before it: the figures as they were known that day.
 */
export function latestFundamentals(db: Db, asOf?: string): Map<string, Fundamentals> {
  const rows = db
    .prepare(
      `SELECT f.* FROM fundamentals f JOIN snapshots s ON s.id = f.snapshot_id
       WHERE s.source = 'sec' AND s.status = 'complete' AND (@asOf IS NULL OR s.as_of <= @asOf)
       ORDER BY s.as_of DESC NULLS LAST, s.id DESC, f.cik`,
    )
    .all({ asOf: asOf ?? null }) as FundamentalsRow[];
  const byTicker = new Map<string, Fundamentals>();
  for (const row of rows) {
    for (const ticker of JSON.parse(row.tickers) as string[]) {
      if (!byTicker.has(ticker)) byTicker.set(ticker, toFundamentals(row, ticker));
    }
  }
  return byTicker;
}

function toFundamentals(row: FundamentalsRow, ticker: string): Fundamentals {
  return {
    ticker,
    cik: row.cik,
    entityName: row.entity_name,
    sic: row.sic,
    fiscalYearEnd: row.fiscal_year_end,
    firstFilingDate: row.first_filing_date,
    periodEnd: row.period_end,
    revenueTtmUsd: row.revenue_ttm_usd,
    epsDilutedTtm: row.eps_diluted_ttm,
    netIncomeTtmUsd: row.net_income_ttm_usd,
    operatingCashFlowTtmUsd: row.operating_cash_flow_ttm_usd,
    capexTtmUsd: row.capex_ttm_usd,
    sbcTtmUsd: row.sbc_ttm_usd,
    ebitTtmUsd: row.ebit_ttm_usd,
    dividendsPerShareTtm: row.dividends_per_share_ttm,
    totalAssetsUsd: row.total_assets_usd,
    totalLiabilitiesUsd: row.total_liabilities_usd,
    currentAssetsUsd: row.current_assets_usd,
    currentLiabilitiesUsd: row.current_liabilities_usd,
    retainedEarningsUsd: row.retained_earnings_usd,
    stockholdersEquityUsd: row.stockholders_equity_usd,
    sharesOutstanding: row.shares_outstanding,
    annual: JSON.parse(row.annual) as AnnualResult[],
    notes: JSON.parse(row.notes) as string[],
    demo: row.demo === 1,
    origin: row.origin,
  };
}
