-- Fund holdings (iShares holdings CSV), one row per equity ticker per snapshot (snapshots.subject = fund
-- symbol, e.g. IWM). Duplicate tickers in a file are aggregated before insertion, so (snapshot, ticker) is unique.
CREATE TABLE holdings (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  ticker TEXT NOT NULL,             -- upper-case, as iShares writes it (e.g. BRKB)
  name TEXT NOT NULL,
  sector TEXT,                      -- GICS sector as iShares names it; NULL when '-'
  asset_class TEXT NOT NULL,        -- always 'Equity' (other asset classes are not stored)
  market_value_usd REAL,            -- position market value in US dollars
  weight REAL,                      -- fraction of fund net assets (file's "Weight (%)" / 100; 0.0055 = 0.55%)
  shares_held REAL,                 -- "Shares" (<= 2024 files) or "Quantity" (2025+)
  price_usd REAL,
  exchange TEXT,
  PRIMARY KEY (snapshot_id, ticker)
) STRICT;
