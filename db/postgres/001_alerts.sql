-- The shared state of the bot on PostgreSQL (STATE_DATABASE_URL): the same tables as the SQLite cache's
-- db/migrations/007_alerts.sql, 009_cot.sql (the positioning kind) and 011_alert_lease.sql, with the same columns and meanings, so the store's SQL runs
-- unchanged on both engines. Timestamps are ISO 8601 UTC text (comparable as text), flags are 0/1 integers.

CREATE TABLE alert_settings (
  guild_id TEXT PRIMARY KEY,
  channel_id TEXT,
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  digest_time TEXT NOT NULL DEFAULT '08:00',
  timezone TEXT NOT NULL DEFAULT 'America/New_York',
  paused_reason TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE alert_rules (
  guild_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('digest', 'odds-move', 'iwm-move', 'correlation', 'distress', 'stale', 'positioning')),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  threshold DOUBLE PRECISION,
  paused_reason TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, kind)
);

CREATE TABLE alert_memory (
  guild_id TEXT PRIMARY KEY,
  digest_json TEXT,
  zones_json TEXT,
  correlation DOUBLE PRECISION,
  updated_at TEXT NOT NULL
);

CREATE TABLE alert_notices (
  id SERIAL PRIMARY KEY,
  guild_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  shown_at TEXT
);

CREATE INDEX alert_notices_unshown ON alert_notices (guild_id, shown_at);

-- The outbox: one row per deduplication key (UNIQUE), claimed by one delivery run at a time (src/alerts/poster.ts).
CREATE TABLE alert_posts (
  id SERIAL PRIMARY KEY,
  guild_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  period TEXT NOT NULL,
  title TEXT NOT NULL,
  priority INTEGER NOT NULL,
  body_json TEXT NOT NULL,
  file_name TEXT,
  file_data BYTEA,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'pending', 'sent', 'retry', 'folded', 'expired', 'dropped')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  claim_token TEXT,
  claimed_at TEXT,
  channel_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  folded_into INTEGER REFERENCES alert_posts (id),
  sent_at TEXT,
  message_id TEXT,
  last_error TEXT,
  UNIQUE (guild_id, rule, subject, period),
  CHECK ((file_name IS NULL) = (file_data IS NULL))
);

CREATE INDEX alert_posts_due ON alert_posts (guild_id, status, priority, id);
CREATE INDEX alert_posts_channel_hour ON alert_posts (channel_id, status, claimed_at);
CREATE INDEX alert_posts_folded ON alert_posts (folded_into);

-- Which process runs the alert scheduler: one row per lease, held until `expires_at` unless renewed.
CREATE TABLE alert_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
