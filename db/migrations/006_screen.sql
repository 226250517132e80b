-- Screener export values (Koyfin/Morningstar-style CSV), one row per ticker per snapshot (snapshots.subject =
-- the export's file name). Units are normalised on the way in: money in US dollars, dividend yield a fraction.
CREATE TABLE screen_values (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  ticker TEXT NOT NULL,             -- upper-case
  name TEXT,
  sector TEXT,
  market_cap_usd REAL,
  trailing_pe REAL,
  forward_pe REAL,
  dividend_yield REAL,              -- fraction (0.0136 = 1.36%)
  eps_diluted REAL,                 -- US dollars per share, trailing twelve months
  revenue_usd REAL,
  free_cash_flow_usd REAL,
  price_usd REAL,
  beta REAL,
  PRIMARY KEY (snapshot_id, ticker)
) STRICT;
