-- A fund's totals from its holdings file, one row per holdings snapshot: the sum of the Market Value column over
-- every row of the holdings table (every asset class: equity, cash, money market, futures, collateral), and the
-- preamble's shares outstanding and NAV per share where the file gives them. NULL = not in the file.
CREATE TABLE fund_totals (
  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
  market_value_usd REAL,            -- Σ Market Value of all rows, US dollars
  shares_outstanding REAL,          -- preamble "Shares Outstanding"
  nav_per_share_usd REAL            -- preamble "NAV" (per share), US dollars
) STRICT;
