-- Company fundamentals derived from SEC companyfacts (src/sources/sec/derive.ts), one row per company (CIK)
-- per `ingest sec` run (snapshots: source 'sec', subject 'companyfacts'). When a run completes, rows for the
-- same CIKs in other sec snapshots are deleted, so readers take each company from whichever complete snapshot
-- holds it. Money in US dollars; a figure the company did not report is NULL, never 0.
CREATE TABLE fundamentals (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  cik INTEGER NOT NULL,
  tickers TEXT NOT NULL CHECK (json_valid(tickers)),   -- JSON array of the upper-case tickers asked for (BRKB, BRK.B...)
  entity_name TEXT NOT NULL,
  sic INTEGER,                                         -- SIC code from submissions; NULL when unknown
  fiscal_year_end TEXT,                                -- 'MMDD' from submissions, e.g. '0131'
  period_end TEXT,                                     -- latest balance-sheet date, YYYY-MM-DD
  revenue_ttm_usd REAL,                                -- trailing twelve months (FY + YTD − prior-year YTD)
  eps_diluted_ttm REAL,                                -- USD per share
  net_income_ttm_usd REAL,
  operating_cash_flow_ttm_usd REAL,
  capex_ttm_usd REAL,                                  -- cash paid for PP&E, positive as reported
  sbc_ttm_usd REAL,                                    -- stock-based compensation
  ebit_ttm_usd REAL,                                   -- operating income
  dividends_per_share_ttm REAL,                        -- USD per share declared
  total_assets_usd REAL,                               -- instants at period_end
  total_liabilities_usd REAL,
  current_assets_usd REAL,
  current_liabilities_usd REAL,
  retained_earnings_usd REAL,                          -- negative for an accumulated deficit
  stockholders_equity_usd REAL,
  shares_outstanding REAL,                             -- latest cover-page count (dei), else balance sheet
  annual TEXT NOT NULL CHECK (json_valid(annual)),     -- JSON [{fiscalYear, periodEnd, operatingIncomeUsd, interestExpenseUsd}], newest first, <= 3
  notes TEXT NOT NULL CHECK (json_valid(notes)),       -- JSON array of derivation notes
  demo INTEGER NOT NULL CHECK (demo IN (0, 1)),        -- 1 when generated demo data
  origin TEXT NOT NULL,                                -- companyfacts URL or path the row came from
  PRIMARY KEY (snapshot_id, cik)
) STRICT;

CREATE INDEX fundamentals_cik ON fundamentals (cik);
