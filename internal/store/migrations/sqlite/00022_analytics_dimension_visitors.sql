-- +goose Up
-- Visitors per source and campaign (issue 5): a reader who arrives by search
-- and later from a social network is a visitor of both sources that day.
-- analytics_hourly: source_visitors counts a visitor once per site day,
-- article and source (class and name), at their first pageview of that
-- article from that source; campaign_visitors likewise per campaign. (Device
-- and country follow from the visitor id, which hashes the address and user
-- agent, so the article's visitors already count them once each.)
-- analytics_daily_dims: visitors now means the day's distinct visitors of
-- the row's source, campaign, device or country (for dim 'total' it keeps
-- its old meaning; the site's people are site_visitors).
-- Rows rolled up before this migration only know each visitor's first
-- source and campaign of the day: they take those figures (as the reports
-- showed them), and `masthead analytics rebuild` recounts days whose raw
-- events are still kept.
ALTER TABLE analytics_hourly ADD COLUMN source_visitors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE analytics_hourly ADD COLUMN campaign_visitors INTEGER NOT NULL DEFAULT 0;
UPDATE analytics_hourly SET source_visitors = visitors, campaign_visitors = visitors;
UPDATE analytics_daily_dims SET visitors = site_visitors WHERE dim <> 'total';

-- +goose Down
ALTER TABLE analytics_hourly DROP COLUMN campaign_visitors;
ALTER TABLE analytics_hourly DROP COLUMN source_visitors;
