-- +goose Up
-- Times are BIGINT seconds since the Unix epoch, UTC; 0 means unset.
CREATE TABLE sections (
  id BIGSERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE media (
  id BIGSERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL DEFAULT '',
  stored BOOLEAN NOT NULL DEFAULT FALSE,
  mime TEXT NOT NULL DEFAULT '',
  width BIGINT NOT NULL DEFAULT 0,
  height BIGINT NOT NULL DEFAULT 0,
  bytes BIGINT NOT NULL DEFAULT 0,
  alt TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  checksum TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE media_files (
  media_id BIGSERIAL PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
  data BYTEA NOT NULL
);
CREATE TABLE authors (
  id BIGSERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  photo_id BIGINT REFERENCES media(id) ON DELETE SET NULL
);
CREATE TABLE tags (
  id BIGSERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE articles (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'article',
  status TEXT NOT NULL DEFAULT 'draft',
  slug TEXT NOT NULL UNIQUE,
  kicker TEXT NOT NULL DEFAULT '',
  headline TEXT NOT NULL,
  dek TEXT NOT NULL DEFAULT '',
  section_id BIGINT REFERENCES sections(id) ON DELETE SET NULL,
  dateline TEXT NOT NULL DEFAULT '',
  lead_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL,
  lead_alt TEXT NOT NULL DEFAULT '',
  lead_caption TEXT NOT NULL DEFAULT '',
  lead_credit TEXT NOT NULL DEFAULT '',
  body_format TEXT NOT NULL DEFAULT 'markdown',
  body_source TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  word_count BIGINT NOT NULL DEFAULT 0,
  rights TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  seo_title TEXT NOT NULL DEFAULT '',
  seo_description TEXT NOT NULL DEFAULT '',
  comments_open BOOLEAN NOT NULL DEFAULT TRUE,
  published_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0,
  embargo_until BIGINT NOT NULL DEFAULT 0,
  created BIGINT NOT NULL DEFAULT 0,
  modified BIGINT NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX articles_source ON articles(source, source_id) WHERE source_id <> '';
CREATE INDEX articles_visible ON articles(kind, status, published_at);
CREATE INDEX articles_section ON articles(section_id, published_at);
CREATE TABLE article_bylines (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  author_id BIGINT NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_bylines_author ON article_bylines(author_id);
CREATE TABLE article_tags (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id);
CREATE TABLE article_pins (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  target_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  PRIMARY KEY (article_id, target_id)
);
CREATE TABLE corrections (
  id BIGSERIAL PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  created BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections(article_id);
CREATE TABLE slug_redirects (
  old_slug TEXT PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE TABLE import_notes (
  id BIGSERIAL PRIMARY KEY,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  created BIGINT NOT NULL,
  UNIQUE (source, source_id, kind)
);
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', headline), 'A') ||
  setweight(to_tsvector('english', dek), 'B') ||
  setweight(to_tsvector('english', body_text), 'C')) STORED;
CREATE INDEX articles_search ON articles USING GIN (search);

-- +goose Down
DROP TABLE import_notes;
DROP TABLE slug_redirects;
DROP TABLE corrections;
DROP TABLE article_pins;
DROP TABLE article_tags;
DROP TABLE article_bylines;
DROP TABLE articles;
DROP TABLE tags;
DROP TABLE authors;
DROP TABLE media_files;
DROP TABLE media;
DROP TABLE sections;
