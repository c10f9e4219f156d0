-- +goose Up
-- claimed_by: the verified reader (comment_identities.id) who proved the
-- e-mail address this guest identity gave, or whose browser held its guest
-- cookie, when they signed in by magic link; 0 = not claimed. The guest's
-- comments stay as posted (name, no Verified badge) but belong to that
-- reader for the download and erasure (docs/COMMENTS.md, "Privacy").
ALTER TABLE comment_identities ADD COLUMN claimed_by INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comment_identities_claimed_by ON comment_identities (claimed_by) WHERE claimed_by <> 0;

-- +goose Down
DROP INDEX comment_identities_claimed_by;
ALTER TABLE comment_identities DROP COLUMN claimed_by;
