-- +goose Up
-- slots: the recirculation slots a page view showed (space-separated slot
-- names such as "next-1 more-2 mostread-1"), on pageview events and on the
-- heartbeat the tracker sends once the "most read now" widget is filled; '' before this migration.
ALTER TABLE analytics_events ADD COLUMN slots TEXT NOT NULL DEFAULT '';

-- Recirculation impressions per hour × page × slot: page views of
-- article_id's page (0: a front) that showed slot. With the clicks in
-- analytics_recirc_hourly they give click-through per slot in the reports.
CREATE TABLE analytics_slots_hourly (
  hour BIGINT NOT NULL,
  article_id BIGINT NOT NULL,
  slot TEXT NOT NULL,
  shown BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, article_id, slot)
);

-- +goose Down
DROP TABLE analytics_slots_hourly;
ALTER TABLE analytics_events DROP COLUMN slots;
