-- +goose Up
-- Real-time analytics (issue 5): raw events, the daily salts of visitor ids
-- and counts of rejected hits.
--
-- analytics_events: one row per enriched hit (model.Event). at is Unix
-- seconds (UTC). No raw IP and no full user agent are ever stored: visitor_id
-- is a keyed hash with a salt deleted after 48 hours. article_id, section_id
-- and target_id are 0 when none (no foreign keys: deleting a story keeps its
-- history). kind is pageview|heartbeat|scroll|click; engaged is the heartbeat's
-- engaged-seconds increment; scroll a depth in percent; slot "next-1" …
CREATE TABLE analytics_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  article_id INTEGER NOT NULL DEFAULT 0,
  section_id INTEGER NOT NULL DEFAULT 0,
  path TEXT NOT NULL DEFAULT '',
  visitor_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  engaged INTEGER NOT NULL DEFAULT 0,
  scroll INTEGER NOT NULL DEFAULT 0,
  slot TEXT NOT NULL DEFAULT '',
  target_id INTEGER NOT NULL DEFAULT 0,
  source_class TEXT NOT NULL DEFAULT '',
  source_name TEXT NOT NULL DEFAULT '',
  referrer_host TEXT NOT NULL DEFAULT '',
  utm_source TEXT NOT NULL DEFAULT '',
  utm_medium TEXT NOT NULL DEFAULT '',
  utm_campaign TEXT NOT NULL DEFAULT '',
  browser TEXT NOT NULL DEFAULT '',
  os TEXT NOT NULL DEFAULT '',
  device TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  screen_width INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX analytics_events_at ON analytics_events (at);
CREATE INDEX analytics_events_article_at ON analytics_events (article_id, at);

-- analytics_salts: the random key of visitor ids for one UTC day. day is the
-- Unix seconds of that day's 00:00 UTC; salt 32 random bytes; created Unix
-- seconds. A salt is used on its day and, for sessions crossing midnight,
-- the next; it is deleted 48 hours after its day began.
CREATE TABLE analytics_salts (
  day INTEGER PRIMARY KEY,
  salt BLOB NOT NULL,
  created INTEGER NOT NULL
);

-- analytics_rejected: hits refused as bots, spam or prefetches, counted per
-- UTC day (Unix seconds of 00:00) and reason ("crawler", "headless" …).
CREATE TABLE analytics_rejected (
  day INTEGER NOT NULL,
  reason TEXT NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, reason)
);

-- +goose Down
DROP TABLE analytics_rejected;
DROP TABLE analytics_salts;
DROP TABLE analytics_events;
