-- +goose Up
-- Country (issue 5): analytics_hourly gains the country of the event (ISO
-- 3166-1 alpha-2 from the operator's GeoIP database, --geoip-db; '' without
-- one) as a key column, like source, campaign and device. The daily rollups
-- need no new column: analytics_daily_dims takes rows with dim 'country'
-- (a = the code). SQLite cannot change a primary key, so the table is
-- copied; rows stored before keep country ''.
CREATE TABLE analytics_hourly_new (
  hour INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  source_class TEXT NOT NULL,
  source_name TEXT NOT NULL,
  campaign TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT '',
  pageviews INTEGER NOT NULL DEFAULT 0,
  visitors INTEGER NOT NULL DEFAULT 0,
  site_visitors INTEGER NOT NULL DEFAULT 0,
  engaged INTEGER NOT NULL DEFAULT 0,
  scroll_sum INTEGER NOT NULL DEFAULT 0,
  scroll_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, article_id, source_class, source_name, campaign, device, country)
);
INSERT INTO analytics_hourly_new (hour, article_id, source_class, source_name, campaign, device, country,
  pageviews, visitors, site_visitors, engaged, scroll_sum, scroll_count)
SELECT hour, article_id, source_class, source_name, campaign, device, '',
  pageviews, visitors, site_visitors, engaged, scroll_sum, scroll_count FROM analytics_hourly;
DROP TABLE analytics_hourly;
ALTER TABLE analytics_hourly_new RENAME TO analytics_hourly;
CREATE INDEX analytics_hourly_article ON analytics_hourly (article_id, hour);

-- +goose Down
CREATE TABLE analytics_hourly_old (
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
INSERT INTO analytics_hourly_old SELECT hour, article_id, source_class, source_name, campaign, device,
  sum(pageviews), sum(visitors), sum(site_visitors), sum(engaged), sum(scroll_sum), sum(scroll_count)
  FROM analytics_hourly GROUP BY hour, article_id, source_class, source_name, campaign, device;
DROP TABLE analytics_hourly;
ALTER TABLE analytics_hourly_old RENAME TO analytics_hourly;
CREATE INDEX analytics_hourly_article ON analytics_hourly (article_id, hour);
DELETE FROM analytics_daily_dims WHERE dim = 'country';
