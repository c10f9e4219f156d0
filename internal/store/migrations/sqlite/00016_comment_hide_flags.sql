-- +goose Up
-- hide_flags: a published comment reported by this many different people
-- (open reports) is held for review automatically; 0 = off.
ALTER TABLE comment_defences ADD COLUMN hide_flags INTEGER NOT NULL DEFAULT 3;

-- +goose Down
ALTER TABLE comment_defences DROP COLUMN hide_flags;
