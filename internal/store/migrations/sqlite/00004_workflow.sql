-- +goose Up
-- Newsroom workflow (issue 3): revisions of every editor save, the audit log
-- of editorial actions, and site secrets (e.g. the key that signs preview
-- links). Times are INTEGER seconds since the Unix epoch, UTC.
-- A revision's user_name is copied at write time so history survives a
-- renamed or deleted account; snapshot is JSON of the editable fields.
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  created INTEGER NOT NULL,
  user_id INTEGER NOT NULL DEFAULT 0,
  user_name TEXT NOT NULL DEFAULT '',
  snapshot TEXT NOT NULL
);
CREATE INDEX revisions_article ON revisions (article_id, id);
-- The audit log keeps entries of deleted articles (no foreign key).
-- user_id 0 is the system (the scheduler).
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  created INTEGER NOT NULL,
  user_id INTEGER NOT NULL DEFAULT 0,
  user_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  article_id INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_created ON audit (created, id);
CREATE INDEX audit_article ON audit (article_id);
CREATE TABLE site_secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  created INTEGER NOT NULL
);
CREATE INDEX articles_scheduled ON articles (status, published_at);

-- +goose Down
DROP INDEX articles_scheduled;
DROP TABLE site_secrets;
DROP TABLE audit;
DROP TABLE revisions;
