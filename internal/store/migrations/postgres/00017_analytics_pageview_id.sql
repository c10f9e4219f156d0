-- +goose Up
-- pageview_id: the tracker's random id of the page view (8–32 letters and
-- digits), so the rollups can take each page view's deepest scroll (issue 5:
-- reports and the live view use one definition). '' for events stored
-- before this migration; the rollups then fall back to the session.
ALTER TABLE analytics_events ADD COLUMN pageview_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE analytics_events DROP COLUMN pageview_id;
