-- +goose Up
-- comment_counts: the number of comments readers see (approved, not
-- shadowed) under each article, kept by a trigger on comments in the same
-- transaction as every insert, status change and delete, whatever code
-- makes it. Posting a comment used to count the whole thread again for
-- the live count (a scan that grew with the thread); reading this row is
-- one lookup. Articles with no public comment may have no row or 0.
CREATE TABLE comment_counts (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  public BIGINT NOT NULL DEFAULT 0
);
INSERT INTO comment_counts (article_id, public)
  SELECT article_id, count(*) FROM comments WHERE status = 'approved' AND NOT shadow GROUP BY article_id;

-- +goose StatementBegin
CREATE FUNCTION comment_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was BOOLEAN := TG_OP <> 'INSERT' AND OLD.status = 'approved' AND NOT OLD.shadow;
  now_public BOOLEAN := TG_OP <> 'DELETE' AND NEW.status = 'approved' AND NOT NEW.shadow;
BEGIN
  IF TG_OP = 'UPDATE' AND was = now_public AND OLD.article_id = NEW.article_id THEN
    RETURN NULL;
  END IF;
  IF was THEN
    UPDATE comment_counts SET public = public - 1 WHERE article_id = OLD.article_id;
  END IF;
  IF now_public THEN
    INSERT INTO comment_counts (article_id, public) VALUES (NEW.article_id, 1)
      ON CONFLICT (article_id) DO UPDATE SET public = comment_counts.public + 1;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER comment_counts AFTER INSERT OR DELETE OR UPDATE OF status, shadow, article_id ON comments
  FOR EACH ROW EXECUTE FUNCTION comment_counts_apply();

-- +goose Down
DROP TRIGGER comment_counts ON comments;
DROP FUNCTION comment_counts_apply();
DROP TABLE comment_counts;
