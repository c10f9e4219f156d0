-- +goose Up
-- comment_counts: the number of comments readers see (approved, not
-- shadowed) under each article, kept by triggers on comments in the same
-- transaction as every insert, status change and delete, whatever code
-- makes it. Posting a comment used to count the whole thread again for
-- the live count (a scan that grew with the thread); reading this row is
-- one lookup. Articles with no public comment may have no row or 0.
CREATE TABLE comment_counts (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  public INTEGER NOT NULL DEFAULT 0
);
INSERT INTO comment_counts (article_id, public)
  SELECT article_id, count(*) FROM comments WHERE status = 'approved' AND shadow = 0 GROUP BY article_id;

-- +goose StatementBegin
CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments
WHEN NEW.status = 'approved' AND NEW.shadow = 0
BEGIN
  INSERT INTO comment_counts (article_id, public) VALUES (NEW.article_id, 1)
    ON CONFLICT (article_id) DO UPDATE SET public = public + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved' AND OLD.shadow = 0
BEGIN
  UPDATE comment_counts SET public = public - 1 WHERE article_id = OLD.article_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER comment_counts_update AFTER UPDATE OF status, shadow, article_id ON comments
WHEN (OLD.status = 'approved' AND OLD.shadow = 0) <> (NEW.status = 'approved' AND NEW.shadow = 0)
  OR (OLD.article_id <> NEW.article_id AND NEW.status = 'approved' AND NEW.shadow = 0)
BEGIN
  UPDATE comment_counts SET public = public - 1
    WHERE article_id = OLD.article_id AND OLD.status = 'approved' AND OLD.shadow = 0;
  INSERT INTO comment_counts (article_id, public)
    SELECT NEW.article_id, 1 WHERE NEW.status = 'approved' AND NEW.shadow = 0
    ON CONFLICT (article_id) DO UPDATE SET public = public + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER comment_counts_update;
DROP TRIGGER comment_counts_delete;
DROP TRIGGER comment_counts_insert;
DROP TABLE comment_counts;
