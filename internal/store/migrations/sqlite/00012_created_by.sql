-- +goose Up
-- The newsroom account that created an article (0: imported or unknown).
-- Until now it was recorded in source as "newsroom:user:<id>"; source is
-- for import identities, so the creator moves to its own column.
ALTER TABLE articles ADD COLUMN created_by BIGINT NOT NULL DEFAULT 0;
UPDATE articles SET created_by = CAST(substr(source, 15) AS INTEGER), source = 'newsroom'
  WHERE source LIKE 'newsroom:user:%' AND source_id = '';
CREATE INDEX articles_created_by ON articles (created_by) WHERE created_by <> 0;
-- The public base URL `masthead serve` last ran with (its --base-url), so
-- that other commands (`masthead user add`) print links that work.
ALTER TABLE site_state ADD COLUMN base_url TEXT NOT NULL DEFAULT '';

-- +goose Down
DROP INDEX articles_created_by;
UPDATE articles SET source = 'newsroom:user:' || created_by WHERE created_by <> 0 AND source = 'newsroom';
ALTER TABLE articles DROP COLUMN created_by;
ALTER TABLE site_state DROP COLUMN base_url;
