-- Which process runs the alert scheduler (src/alerts/lease.ts): one row per lease, held by one process until
-- `expires_at` unless renewed. Every bot process (shards, hosts) runs the scheduler; only the holder posts.
CREATE TABLE alert_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,                                 -- the holding process: host, pid and a random suffix
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL                              -- ISO 8601 UTC; past it another process may take the lease
) STRICT;
