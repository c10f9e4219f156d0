-- +goose Up
-- Spam defence state beside the comments schema (00010).
--
-- comment_spam_trained: which comments the learning filter was trained on,
-- as spam or ham, and with which tokens (newline-separated), so that a
-- moderator changing their mind (spam → approved) untrains exactly what was
-- trained. trained is the time (Unix seconds).
CREATE TABLE comment_spam_trained (
  comment_id INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
  tokens TEXT NOT NULL,
  trained INTEGER NOT NULL
);

-- comment_defences: the site's spam-defence thresholds (one row, id 1).
-- max_links: more links hold a comment (-1 = no limit); min_submit_seconds:
-- a form sent back sooner is held (0 = off); hold_score/spam_score: learning
-- filter probabilities that hold / mark spam (0 = off); duplicate_spam: the
-- same text from this many other authors within a day is spam (0 = off).
CREATE TABLE comment_defences (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  max_links INTEGER NOT NULL DEFAULT 3,
  min_submit_seconds INTEGER NOT NULL DEFAULT 3,
  hold_score DOUBLE PRECISION NOT NULL DEFAULT 0.9,
  spam_score DOUBLE PRECISION NOT NULL DEFAULT 0.99,
  duplicate_spam INTEGER NOT NULL DEFAULT 3,
  updated INTEGER NOT NULL DEFAULT 0,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
INSERT INTO comment_defences (id) VALUES (1);

-- +goose Down
DROP TABLE comment_defences;
DROP TABLE comment_spam_trained;
