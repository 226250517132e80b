-- Scheduled posts per Discord server (guild): settings, rule overrides, what was seen at the last check, notices
-- for the admin, and the outbox of posts. Timestamps are ISO 8601 UTC strings (comparable as text).

-- One row per server that ever used /alerts. Posting happens only when enabled = 1, a channel is set and the
-- channel is not paused (paused_reason NULL).
CREATE TABLE alert_settings (
  guild_id TEXT PRIMARY KEY,
  channel_id TEXT,
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  digest_time TEXT NOT NULL DEFAULT '08:00',            -- HH:MM, 24-hour, in `timezone`, weekdays only
  timezone TEXT NOT NULL DEFAULT 'America/New_York',    -- IANA time-zone name
  paused_reason TEXT,                                   -- set when Discord refused the channel (gone, no access)
  updated_at TEXT NOT NULL
) STRICT;

-- Per-server overrides of the built-in alert kinds; a kind without a row runs with its default threshold.
CREATE TABLE alert_rules (
  guild_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('digest', 'odds-move', 'iwm-move', 'correlation', 'distress', 'stale')),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  threshold REAL,                                       -- in the kind's unit; NULL = the default
  paused_reason TEXT,                                   -- set when Discord refused this kind's posts
  updated_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, kind)
) STRICT;

-- What the server's previous digest showed and what the rules saw at the previous check, so "changed since the
-- previous digest" and "entered the distress zone" survive restarts.
CREATE TABLE alert_memory (
  guild_id TEXT PRIMARY KEY,
  digest_json TEXT,                                     -- figures of the previous digest (JSON)
  zones_json TEXT,                                      -- Altman zone by ticker at the previous check (JSON object)
  correlation REAL,                                     -- 30-day Trump-trade correlation at the previous check
  updated_at TEXT NOT NULL
) STRICT;

-- Messages for the server's admins, shown once on their next /alerts use.
CREATE TABLE alert_notices (
  id INTEGER PRIMARY KEY,
  guild_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  shown_at TEXT
) STRICT;

CREATE INDEX alert_notices_unshown ON alert_notices (guild_id, shown_at);

-- The outbox. Each post is identified by its deduplication key (guild, rule, subject, period); the row is inserted
-- once (UNIQUE) and moves queued → pending (claimed by one process, before sending) → sent. See src/alerts/poster.ts
-- for the exactly-once argument and the recovery of claims left pending by a crash.
CREATE TABLE alert_posts (
  id INTEGER PRIMARY KEY,
  guild_id TEXT NOT NULL,
  rule TEXT NOT NULL,                                   -- an alert kind, 'test' or 'fold'
  subject TEXT NOT NULL,                                -- what the post is about: a ticker, a source, 'summary'
  period TEXT NOT NULL,                                 -- the as-of date, local digest date or ingest time it covers
  title TEXT NOT NULL,                                  -- one line, used when the post is folded into "and N more"
  priority INTEGER NOT NULL,                            -- lower posts first
  body_json TEXT NOT NULL,                              -- the Discord message body (JSON)
  file_name TEXT,                                       -- an attached file (chart PNG), if any
  file_data BLOB,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'pending', 'sent', 'retry', 'folded', 'expired', 'dropped')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,                             -- not posted after this: no longer relevant
  claim_token TEXT,                                     -- the delivery run that claimed it
  claimed_at TEXT,
  channel_id TEXT,                                      -- where it was (being) posted
  attempts INTEGER NOT NULL DEFAULT 0,                  -- delivery runs that tried to send it
  next_attempt_at TEXT,                                 -- for 'retry': not before this
  folded_into INTEGER REFERENCES alert_posts (id),      -- the "and N more" post that carries it
  sent_at TEXT,
  message_id TEXT,
  last_error TEXT,
  UNIQUE (guild_id, rule, subject, period),
  CHECK ((file_name IS NULL) = (file_data IS NULL))
) STRICT;

CREATE INDEX alert_posts_due ON alert_posts (guild_id, status, priority, id);
CREATE INDEX alert_posts_channel_hour ON alert_posts (channel_id, status, claimed_at);
CREATE INDEX alert_posts_folded ON alert_posts (folded_into);
