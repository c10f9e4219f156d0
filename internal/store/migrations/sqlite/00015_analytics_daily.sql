-- +goose Up
-- Analytics history (issue 5): daily rollups for the site-wide reports, so a
-- month's overview reads a few thousand rows instead of every hourly row.
-- day is the Unix seconds (UTC) at which a day of the site's clock begins
-- (local midnight in --time-zone); the counts mean what they mean in
-- analytics_hourly (migration 00013), whose rows they sum.
--
-- analytics_daily_articles: per day and article (0: pages that are not articles).
CREATE TABLE analytics_daily_articles (
  day INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  pageviews INTEGER NOT NULL DEFAULT 0,
  visitors INTEGER NOT NULL DEFAULT 0,
  site_visitors INTEGER NOT NULL DEFAULT 0,
  engaged INTEGER NOT NULL DEFAULT 0,
  scroll_sum INTEGER NOT NULL DEFAULT 0,
  scroll_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, article_id)
);

-- analytics_daily_dims: per day and one dimension: dim 'total' (a = b = ''),
-- 'source' (a = source class, b = source name), 'campaign' (a = utm_campaign,
-- not empty) or 'device' (a = device class).
CREATE TABLE analytics_daily_dims (
  day INTEGER NOT NULL,
  dim TEXT NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  pageviews INTEGER NOT NULL DEFAULT 0,
  visitors INTEGER NOT NULL DEFAULT 0,
  site_visitors INTEGER NOT NULL DEFAULT 0,
  engaged INTEGER NOT NULL DEFAULT 0,
  scroll_sum INTEGER NOT NULL DEFAULT 0,
  scroll_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, dim, a, b)
);

-- +goose Down
DROP TABLE analytics_daily_dims;
DROP TABLE analytics_daily_articles;
