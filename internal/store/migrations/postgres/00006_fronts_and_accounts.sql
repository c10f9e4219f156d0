-- +goose Up
-- Fronts curation and newsroom account management (issue 3).
--
-- front_slots: pinned positions of a front. front is "home" or
-- "section:<section id>"; position 1 is the lead on the home front (then the
-- top stories, …) and the first story of a section front. Positions not
-- pinned are filled by recency when the front is rendered.
CREATE TABLE front_slots (
  front TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 1),
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (front, position)
);
CREATE INDEX front_slots_article ON front_slots (article_id);
-- password_resets: single-use password reset links. token_hash is the
-- SHA-256 (hex) of the random token sent by e-mail; the token itself is never
-- stored. expires is Unix seconds (UTC); used is set once the link has been
-- used (or superseded by a password change).
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL,
  used BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- +goose Down
DROP TABLE password_resets;
DROP TABLE front_slots;
