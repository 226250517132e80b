-- Daily closes of one symbol (Yahoo chart API or a price CSV), one row per exchange-local trading day per
-- snapshot (snapshots.source = 'prices', subject = the symbol, as_of = the last date). A series is either
-- adjusted (every row has adj_close) or price-only (every adj_close NULL; snapshots.note says "price return").
CREATE TABLE prices (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),  -- trading day, exchange-local
  close REAL NOT NULL CHECK (close > 0),           -- close in the quote currency (split-adjusted, as Yahoo "Close")
  adj_close REAL CHECK (adj_close > 0),            -- close adjusted for splits and distributions; NULL = not known
  PRIMARY KEY (snapshot_id, date)
) STRICT, WITHOUT ROWID;
