-- +goose Up
-- Times are INTEGER seconds since the Unix epoch, UTC; 0 means unset.
CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL DEFAULT '',
  stored INTEGER NOT NULL DEFAULT 0,
  mime TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  alt TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  checksum TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE media_files (
  media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE TABLE authors (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  photo_id INTEGER REFERENCES media(id) ON DELETE SET NULL
);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'article',
  status TEXT NOT NULL DEFAULT 'draft',
  slug TEXT NOT NULL UNIQUE,
  kicker TEXT NOT NULL DEFAULT '',
  headline TEXT NOT NULL,
  dek TEXT NOT NULL DEFAULT '',
  section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
  dateline TEXT NOT NULL DEFAULT '',
  lead_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
  lead_alt TEXT NOT NULL DEFAULT '',
  lead_caption TEXT NOT NULL DEFAULT '',
  lead_credit TEXT NOT NULL DEFAULT '',
  body_format TEXT NOT NULL DEFAULT 'markdown',
  body_source TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  word_count INTEGER NOT NULL DEFAULT 0,
  rights TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  seo_title TEXT NOT NULL DEFAULT '',
  seo_description TEXT NOT NULL DEFAULT '',
  comments_open INTEGER NOT NULL DEFAULT 1,
  published_at INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0,
  embargo_until INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  modified INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX articles_source ON articles(source, source_id) WHERE source_id <> '';
CREATE INDEX articles_visible ON articles(kind, status, published_at);
CREATE INDEX articles_section ON articles(section_id, published_at);
CREATE TABLE article_bylines (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_bylines_author ON article_bylines(author_id);
CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id);
CREATE TABLE article_pins (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, target_id)
);
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  created INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections(article_id);
CREATE TABLE slug_redirects (
  old_slug TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE TABLE import_notes (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,
  UNIQUE (source, source_id, kind)
);
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, dek, body, tokenize = 'porter unicode61 remove_diacritics 2');

-- +goose Down
DROP TABLE articles_fts;
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
