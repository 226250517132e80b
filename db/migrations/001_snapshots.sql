-- Every ingest writes its rows under one snapshot. Readers only see snapshots whose status is 'complete';
-- an ingest flips its snapshot to complete in one transaction at the very end, so a failed or interrupted
-- ingest never changes what readers see.
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('holdings', 'sec', 'prices', 'odds', 'screen')),
  subject TEXT NOT NULL,            -- fund symbol, price symbol, odds series name, 'companyfacts', screen file name
  as_of TEXT,                       -- YYYY-MM-DD the data describes, when known
  origin TEXT NOT NULL,             -- URL or file path the rows came from
  demo INTEGER NOT NULL DEFAULT 0,  -- 1 when the rows are generated demo data, never real
  status TEXT NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'complete')),
  started_at TEXT NOT NULL,
  completed_at TEXT,
  row_count INTEGER,
  note TEXT                         -- e.g. "price return" or per-company failures summary
) STRICT;

CREATE INDEX snapshots_latest ON snapshots (source, subject, status, id);
