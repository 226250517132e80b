-- Prediction-market odds of one series (a Polymarket outcome's Yes price), one row per observation per
-- snapshot (snapshots.source = 'odds', subject = the series name, as_of = UTC date of the last point).
CREATE TABLE odds (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  time_unix_s INTEGER NOT NULL,                                -- observation time, unix seconds (UTC)
  probability REAL NOT NULL CHECK (probability BETWEEN 0 AND 1), -- Yes price as a fraction (0.58 = 58%)
  PRIMARY KEY (snapshot_id, time_unix_s)
) STRICT, WITHOUT ROWID;
