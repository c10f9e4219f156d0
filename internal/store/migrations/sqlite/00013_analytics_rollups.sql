-- +goose Up
-- Analytics history (issue 5): hourly rollups built from analytics_events.
--
-- analytics_hourly: one row per hour and combination of article, source,
-- campaign and device. hour is the Unix seconds (UTC) at which an hour of
-- the site's clock begins (history.HourStart: whole UTC hours, or :30/:15
-- past them in zones such as Asia/Kolkata). article_id 0 is any page that is
-- not an article (fronts, sections …). pageviews counts pageview events;
-- visitors counts each visitor once per UTC day and article (at its first
-- pageview of the article that day); site_visitors counts each visitor once
-- per UTC day on the whole site (at their first pageview of the day);
-- engaged is engaged seconds; scroll_sum/scroll_count give the average
-- maximum scroll depth in percent per page view.
CREATE TABLE analytics_hourly (
  hour INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  source_class TEXT NOT NULL,
  source_name TEXT NOT NULL,
  campaign TEXT NOT NULL,
  device TEXT NOT NULL,
  pageviews INTEGER NOT NULL DEFAULT 0,
  visitors INTEGER NOT NULL DEFAULT 0,
  site_visitors INTEGER NOT NULL DEFAULT 0,
  engaged INTEGER NOT NULL DEFAULT 0,
  scroll_sum INTEGER NOT NULL DEFAULT 0,
  scroll_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, article_id, source_class, source_name, campaign, device)
);
CREATE INDEX analytics_hourly_article ON analytics_hourly (article_id, hour);

-- analytics_recirc_hourly: recirculation clicks per hour, from the article
-- whose page held the link (article_id, 0 for fronts) through slot
-- ("next-1", "more-2", "front-3", "mostread-1") to the article it leads to
-- (target_id, 0 when unknown).
CREATE TABLE analytics_recirc_hourly (
  hour INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  slot TEXT NOT NULL,
  target_id INTEGER NOT NULL,
  clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, article_id, slot, target_id)
);
CREATE INDEX analytics_recirc_target ON analytics_recirc_hourly (target_id, hour);

-- analytics_seen: what the rollup has already counted on one UTC day (day =
-- Unix seconds of 00:00 UTC), so visitors are counted once and scroll depth
-- adds only its new maximum. kind 'a': visitor key on article article_id;
-- kind 's': visitor key on the site (article_id 0); kind 'd': page view key
-- (session) on article article_id with depth its deepest scroll so far.
-- Rows are deleted two days after their day (visitor ids change daily).
CREATE TABLE analytics_seen (
  day INTEGER NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  depth INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, kind, key, article_id)
);

-- analytics_rollup_state: progress of the rollup (name 'events': the last
-- analytics_events id rolled up) and of retention.
CREATE TABLE analytics_rollup_state (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

-- analytics_replayed: one row per access-log line already replayed
-- (masthead analytics replay), so replaying a file again counts nothing
-- twice. key is hex SHA-256 of the line and its occurrence number in the
-- file; at is the line's time (Unix seconds), for retention.
CREATE TABLE analytics_replayed (
  key TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE INDEX analytics_replayed_at ON analytics_replayed (at);

-- +goose Down
DROP TABLE analytics_replayed;
DROP TABLE analytics_rollup_state;
DROP TABLE analytics_seen;
DROP TABLE analytics_recirc_hourly;
DROP TABLE analytics_hourly;
