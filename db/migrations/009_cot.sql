-- foreign_keys: off
-- The futures side (CFTC Commitments of Traders): a snapshot source 'cot' (one snapshot per report week and report
-- layout), the weekly positions, the futures lines of holdings files, and the 'positioning' alert kind. The two
-- CHECK lists are widened by SQLite's table rebuild (create, copy, drop, rename), run with foreign keys off.

CREATE TABLE snapshots_new (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('holdings', 'sec', 'prices', 'odds', 'screen', 'cot')),
  subject TEXT NOT NULL,            -- fund symbol, price symbol, odds series name, 'companyfacts', screen file name, COT layout ('tff', 'legacy')
  as_of TEXT,                       -- YYYY-MM-DD the data describes, when known (a COT snapshot: its report date, a Tuesday)
  origin TEXT NOT NULL,             -- URL or file path the rows came from
  demo INTEGER NOT NULL DEFAULT 0,  -- 1 when the rows are generated demo data, never real
  status TEXT NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'complete')),
  started_at TEXT NOT NULL,
  completed_at TEXT,
  row_count INTEGER,
  note TEXT                         -- e.g. "price return" or per-company failures summary
) STRICT;
INSERT INTO snapshots_new SELECT id, source, subject, as_of, origin, demo, status, started_at, completed_at, row_count, note FROM snapshots;
DROP TABLE snapshots;
ALTER TABLE snapshots_new RENAME TO snapshots;
CREATE INDEX snapshots_latest ON snapshots (source, subject, status, id);

CREATE TABLE alert_rules_new (
  guild_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('digest', 'odds-move', 'iwm-move', 'correlation', 'distress', 'stale', 'positioning')),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  threshold REAL,                                       -- in the kind's unit; NULL = the default
  paused_reason TEXT,                                   -- set when Discord refused this kind's posts
  updated_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, kind)
) STRICT;
INSERT INTO alert_rules_new SELECT guild_id, kind, enabled, threshold, paused_reason, updated_at FROM alert_rules;
DROP TABLE alert_rules;
ALTER TABLE alert_rules_new RENAME TO alert_rules;

-- One row per contract per report week (snapshots.source = 'cot', subject = the layout, as_of = the report date).
-- Positions are contracts. The TFF columns are NULL in a legacy row and the legacy columns NULL in a TFF row.
CREATE TABLE cot_positions (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  report_date TEXT NOT NULL CHECK (report_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  code TEXT NOT NULL,                 -- CFTC contract market code, e.g. 239742
  market TEXT NOT NULL,               -- market and exchange name as reported (it changes; never used to select)
  open_interest INTEGER NOT NULL CHECK (open_interest >= 0),
  dealer_long INTEGER, dealer_short INTEGER, dealer_spread INTEGER,             -- TFF: dealer/intermediary
  asset_mgr_long INTEGER, asset_mgr_short INTEGER, asset_mgr_spread INTEGER,    -- TFF: asset manager/institutional
  lev_long INTEGER, lev_short INTEGER, lev_spread INTEGER,                      -- TFF: leveraged funds
  other_long INTEGER, other_short INTEGER, other_spread INTEGER,                -- TFF: other reportables
  noncomm_long INTEGER, noncomm_short INTEGER, noncomm_spread INTEGER,          -- legacy: non-commercial
  comm_long INTEGER, comm_short INTEGER,                                        -- legacy: commercial
  nonrept_long INTEGER, nonrept_short INTEGER,                                  -- both: non-reportable
  PRIMARY KEY (snapshot_id, code)
) STRICT;

-- The futures lines of a holdings file (Asset Class "Futures"), one per ticker, e.g. RTYU4 at 2,145.60.
CREATE TABLE fund_futures (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  ticker TEXT NOT NULL,             -- e.g. RTYU4
  name TEXT NOT NULL,               -- e.g. RUSSELL 2000 EMINI CME SEP 24
  quantity REAL,                    -- contracts ("Shares" or "Quantity")
  price_usd REAL,                   -- the futures price (index points)
  notional_usd REAL,                -- "Notional Value" (quantity × price × multiplier)
  PRIMARY KEY (snapshot_id, ticker)
) STRICT;
