-- +goose Up
-- Comments (issue 4, "Join the Conversation"). docs/COMMENTS.md describes
-- the status rules; times are Unix seconds (UTC), 0 = never/unset.
--
-- comment_identities: who wrote a comment. kind is guest (display name,
-- optional e-mail, no account), reader (verified by an e-mail magic link:
-- email_verified > 0) or staff (user_id links the newsroom account).
-- email is stored lower-cased; '' when none. Imported authors carry
-- source/source_id (e.g. 'disqus:example', the export's author id).
-- erased is set when a reader erased their account: name and e-mail are
-- blanked then.
CREATE TABLE comment_identities (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('guest', 'reader', 'staff')),
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  email_verified INTEGER NOT NULL DEFAULT 0,
  website TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL DEFAULT 0,
  erased INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX comment_identities_reader ON comment_identities (email) WHERE kind = 'reader' AND email <> '';
CREATE UNIQUE INDEX comment_identities_staff ON comment_identities (user_id) WHERE kind = 'staff';
CREATE UNIQUE INDEX comment_identities_source ON comment_identities (source, source_id) WHERE source_id <> '';
CREATE INDEX comment_identities_email ON comment_identities (email);

-- comments: one row per comment, threads at any depth. root_id is the id of
-- the thread's top-level comment (its own id for a top-level comment);
-- depth is 0 for top-level. status is pending, approved, spam, rejected or
-- deleted; shadow marks a comment of a shadow-banned author (shown only to
-- that author). body_html is body_source rendered by markup.Comment once,
-- at write time. body_hash is a hex SHA-256 of the normalised body (the
-- duplicate check). ip_hash is a keyed hash of the client IP, never the IP.
-- score = upvotes - downvotes. picked/pinned are the times a moderator made
-- it an editor's pick / the article's pinned comment (at most one pinned
-- comment per article). spam_score is 0..1 from the learning filter.
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES comments(id) ON DELETE SET NULL,
  root_id INTEGER NOT NULL DEFAULT 0,
  depth INTEGER NOT NULL DEFAULT 0,
  identity_id INTEGER NOT NULL REFERENCES comment_identities(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'rejected', 'deleted')),
  shadow INTEGER NOT NULL DEFAULT 0,
  body_source TEXT NOT NULL,
  body_html TEXT NOT NULL,
  body_hash TEXT NOT NULL DEFAULT '',
  ip_hash TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  edited INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  moderated INTEGER NOT NULL DEFAULT 0,
  moderated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  score INTEGER NOT NULL DEFAULT 0,
  upvotes INTEGER NOT NULL DEFAULT 0,
  downvotes INTEGER NOT NULL DEFAULT 0,
  flags INTEGER NOT NULL DEFAULT 0,
  picked INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  spam_score REAL NOT NULL DEFAULT 0,
  spam_reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comments_thread ON comments (article_id, status, created);
CREATE INDEX comments_root ON comments (root_id, created);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE INDEX comments_queue ON comments (status, created);
CREATE INDEX comments_flagged ON comments (flags, created) WHERE flags > 0;
CREATE INDEX comments_identity ON comments (identity_id, created);
CREATE INDEX comments_ip ON comments (ip_hash, created);
CREATE INDEX comments_body_hash ON comments (body_hash, created);
CREATE INDEX comments_created ON comments (created);
CREATE UNIQUE INDEX comments_source ON comments (source, source_id) WHERE source_id <> '';
CREATE UNIQUE INDEX comments_pinned ON comments (article_id) WHERE pinned > 0;

-- comment_votes: one vote per voter per comment. voter is 'i:<identity id>'
-- for a known identity, or 'ip:<ip hash>' for a visitor with none.
-- value is +1 or -1.
CREATE TABLE comment_votes (
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  voter TEXT NOT NULL,
  identity_id INTEGER REFERENCES comment_identities(id) ON DELETE SET NULL,
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  created INTEGER NOT NULL,
  PRIMARY KEY (comment_id, voter)
);

-- comment_flags: readers' reports, one per reporter (same key as voter)
-- per comment. resolved is set when a moderator acted on the comment.
CREATE TABLE comment_flags (
  id INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  reporter TEXT NOT NULL,
  identity_id INTEGER REFERENCES comment_identities(id) ON DELETE SET NULL,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
  note TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  resolved INTEGER NOT NULL DEFAULT 0,
  resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (comment_id, reporter)
);

-- comment_bans: a ban matches an identity, an e-mail address or a hashed
-- client IP (at least one is set). until is the end (0 = permanent);
-- lifted is set when a moderator ends it early. shadow: the author's
-- comments are kept from everyone but the author.
CREATE TABLE comment_bans (
  id INTEGER PRIMARY KEY,
  identity_id INTEGER REFERENCES comment_identities(id) ON DELETE CASCADE,
  email TEXT NOT NULL DEFAULT '',
  ip_hash TEXT NOT NULL DEFAULT '',
  until INTEGER NOT NULL DEFAULT 0,
  shadow INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created INTEGER NOT NULL,
  lifted INTEGER NOT NULL DEFAULT 0,
  CHECK (identity_id IS NOT NULL OR email <> '' OR ip_hash <> '')
);
CREATE INDEX comment_bans_identity ON comment_bans (identity_id);
CREATE INDEX comment_bans_email ON comment_bans (email) WHERE email <> '';
CREATE INDEX comment_bans_ip ON comment_bans (ip_hash) WHERE ip_hash <> '';

-- comment_settings: moderation settings by scope. scope is site (scope_id
-- 0), section or article (scope_id is its id). mode is post, pre,
-- pre-first or pre-links; '' inherits from the wider scope. closed (article
-- scope) is when a moderator closed the article's comments, 0 = open.
-- auto_close_days: comments close that many days after publication; 0 =
-- never; -1 inherits. The site row always exists.
CREATE TABLE comment_settings (
  scope TEXT NOT NULL CHECK (scope IN ('site', 'section', 'article')),
  scope_id INTEGER NOT NULL DEFAULT 0,
  mode TEXT NOT NULL DEFAULT '' CHECK (mode IN ('', 'post', 'pre', 'pre-first', 'pre-links')),
  closed INTEGER NOT NULL DEFAULT 0,
  auto_close_days INTEGER NOT NULL DEFAULT -1,
  updated INTEGER NOT NULL DEFAULT 0,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (scope, scope_id)
);
INSERT INTO comment_settings (scope, scope_id, mode, auto_close_days) VALUES ('site', 0, 'post', 14);

-- comment_words: the banned and suspect word lists (kind), matched after
-- normalisation (see package comment).
CREATE TABLE comment_words (
  word TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('banned', 'suspect')),
  created INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (word, kind)
);

-- comment_spam_tokens: counts for the learning (naive Bayes) filter: in how
-- many spam and how many approved (ham) comments each token appeared. The
-- row with token '' holds the numbers of spam and ham comments trained.
CREATE TABLE comment_spam_tokens (
  token TEXT PRIMARY KEY,
  spam INTEGER NOT NULL DEFAULT 0,
  ham INTEGER NOT NULL DEFAULT 0
);

-- comment_subscriptions: reply notifications a verified reader opted into:
-- replies to their comments on article_id (0 = on any article). token is
-- the secret of the one-click unsubscribe link (it can only unsubscribe).
CREATE TABLE comment_subscriptions (
  id INTEGER PRIMARY KEY,
  identity_id INTEGER NOT NULL REFERENCES comment_identities(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL DEFAULT 0,
  token TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  unsubscribed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (identity_id, article_id)
);

-- comment_magic_links: sign-in links e-mailed to readers. Only the SHA-256
-- (hex) of the token is stored. next is the same-site path to return to.
CREATE TABLE comment_magic_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  next TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comment_magic_links_email ON comment_magic_links (email, created);

-- comment_sessions: verified readers' sign-ins; token_hash is the SHA-256
-- (hex) of the cookie value.
CREATE TABLE comment_sessions (
  token_hash TEXT PRIMARY KEY,
  identity_id INTEGER NOT NULL REFERENCES comment_identities(id) ON DELETE CASCADE,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL
);
CREATE INDEX comment_sessions_identity ON comment_sessions (identity_id);
CREATE INDEX comment_sessions_expires ON comment_sessions (expires);

-- +goose Down
DROP TABLE comment_sessions;
DROP TABLE comment_magic_links;
DROP TABLE comment_subscriptions;
DROP TABLE comment_spam_tokens;
DROP TABLE comment_words;
DROP TABLE comment_settings;
DROP TABLE comment_bans;
DROP TABLE comment_flags;
DROP TABLE comment_votes;
DROP TABLE comments;
DROP TABLE comment_identities;
