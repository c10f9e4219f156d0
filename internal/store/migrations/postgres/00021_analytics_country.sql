-- +goose Up
-- Country (issue 5): analytics_hourly gains the country of the event (ISO
-- 3166-1 alpha-2 from the operator's GeoIP database, --geoip-db; '' without
-- one) as a key column, like source, campaign and device. The daily rollups
-- need no new column: analytics_daily_dims takes rows with dim 'country'
-- (a = the code). Rows stored before keep country ''.
ALTER TABLE analytics_hourly ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE analytics_hourly DROP CONSTRAINT analytics_hourly_pkey;
ALTER TABLE analytics_hourly ADD PRIMARY KEY (hour, article_id, source_class, source_name, campaign, device, country);

-- +goose Down
CREATE TABLE analytics_hourly_old AS SELECT hour, article_id, source_class, source_name, campaign, device,
  sum(pageviews)::BIGINT AS pageviews, sum(visitors)::BIGINT AS visitors, sum(site_visitors)::BIGINT AS site_visitors,
  sum(engaged)::BIGINT AS engaged, sum(scroll_sum)::BIGINT AS scroll_sum, sum(scroll_count)::BIGINT AS scroll_count
  FROM analytics_hourly GROUP BY hour, article_id, source_class, source_name, campaign, device;
DELETE FROM analytics_hourly;
ALTER TABLE analytics_hourly DROP CONSTRAINT analytics_hourly_pkey;
ALTER TABLE analytics_hourly DROP COLUMN country;
ALTER TABLE analytics_hourly ADD PRIMARY KEY (hour, article_id, source_class, source_name, campaign, device);
INSERT INTO analytics_hourly (hour, article_id, source_class, source_name, campaign, device,
  pageviews, visitors, site_visitors, engaged, scroll_sum, scroll_count) SELECT * FROM analytics_hourly_old;
DROP TABLE analytics_hourly_old;
DELETE FROM analytics_daily_dims WHERE dim = 'country';
