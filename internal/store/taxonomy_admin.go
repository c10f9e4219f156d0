package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead/internal/model"
)

// Newsroom management of sections, tags and author profiles (the admin's
// /admin/sections, /admin/tags and /admin/authors). Unlike the Upsert
// functions used by importers, these never merge by slug: a slug that is
// taken is ErrDuplicateSlug. Every write bumps the content version, since
// readers see names, descriptions and bios.

// ErrDuplicateSlug is returned when another row of the same kind already
// uses the slug.
var ErrDuplicateSlug = errors.New("the slug is already in use")

// ErrInUse is returned when deleting a section or author profile that
// articles still refer to.
var ErrInUse = errors.New("still used by articles")

// uniqueErr maps a UNIQUE violation to ErrDuplicateSlug.
func uniqueErr(err error, what string) error {
	if err == nil {
		return nil
	}
	if isUniqueViolation(err) {
		return ErrDuplicateSlug
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// affected returns ErrNotFound when res changed no row.
func affected(res sql.Result) error {
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// countsBy runs q (SELECT key, count) and returns the counts by key.
func (s *Store) countsBy(ctx context.Context, q string) (map[int64]int, error) {
	rows, err := s.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// CreateSection inserts sec and sets sec.ID; ErrDuplicateSlug when the slug
// is taken.
func (s *Store) CreateSection(ctx context.Context, sec *model.Section) error {
	id, err := s.insertID(ctx, "INSERT INTO sections (slug, name, description, position) VALUES (?,?,?,?) RETURNING id",
		sec.Slug, sec.Name, sec.Description, sec.Position)
	if err != nil {
		return uniqueErr(err, "create section")
	}
	sec.ID = id
	return nil
}

// UpdateSection writes every field of sec (by ID); ErrNotFound or
// ErrDuplicateSlug.
func (s *Store) UpdateSection(ctx context.Context, sec *model.Section) error {
	res, err := s.exec(ctx, "UPDATE sections SET slug = ?, name = ?, description = ?, position = ? WHERE id = ?",
		sec.Slug, sec.Name, sec.Description, sec.Position, sec.ID)
	if err != nil {
		return uniqueErr(err, "update section")
	}
	return affected(res)
}

// SectionArticleCounts returns, by section id, how many articles (in any
// state, pages included) are filed in each section.
func (s *Store) SectionArticleCounts(ctx context.Context) (map[int64]int, error) {
	return s.countsBy(ctx, "SELECT section_id, count(*) FROM articles WHERE section_id IS NOT NULL GROUP BY section_id")
}

// DeleteSection deletes an empty section and its front's pins. A section
// that still holds articles (in any state) is refused with ErrInUse: moving
// them is an editorial decision.
func (s *Store) DeleteSection(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		var n int
		if err := tx.q.QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM articles WHERE section_id = ?"), id).Scan(&n); err != nil {
			return fmt.Errorf("store: delete section: %w", err)
		}
		if n > 0 {
			return ErrInUse
		}
		if _, err := tx.exec(ctx, "DELETE FROM front_slots WHERE front = ?", SectionFront(id)); err != nil {
			return fmt.Errorf("store: delete section: %w", err)
		}
		res, err := tx.exec(ctx, "DELETE FROM sections WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("store: delete section: %w", err)
		}
		return affected(res)
	})
}

// Tags returns every tag by name.
func (s *Store) Tags(ctx context.Context) ([]model.Tag, error) {
	rows, err := s.query(ctx, "SELECT id, slug, name FROM tags ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("store: tags: %w", err)
	}
	defer rows.Close()
	var out []model.Tag
	for rows.Next() {
		var t model.Tag
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagByID returns the tag or ErrNotFound.
func (s *Store) TagByID(ctx context.Context, id int64) (*model.Tag, error) {
	var t model.Tag
	err := s.queryRow(ctx, "SELECT id, slug, name FROM tags WHERE id = ?", id).Scan(&t.ID, &t.Slug, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: tag: %w", err)
	}
	return &t, nil
}

// CreateTag inserts t and sets t.ID; ErrDuplicateSlug when the slug is taken.
func (s *Store) CreateTag(ctx context.Context, t *model.Tag) error {
	id, err := s.insertID(ctx, "INSERT INTO tags (slug, name) VALUES (?,?) RETURNING id", t.Slug, t.Name)
	if err != nil {
		return uniqueErr(err, "create tag")
	}
	t.ID = id
	return nil
}

// UpdateTag renames t (by ID); ErrNotFound or ErrDuplicateSlug.
func (s *Store) UpdateTag(ctx context.Context, t *model.Tag) error {
	res, err := s.exec(ctx, "UPDATE tags SET slug = ?, name = ? WHERE id = ?", t.Slug, t.Name, t.ID)
	if err != nil {
		return uniqueErr(err, "update tag")
	}
	return affected(res)
}

// TagArticleCounts returns, by tag id, how many articles carry each tag.
func (s *Store) TagArticleCounts(ctx context.Context) (map[int64]int, error) {
	return s.countsBy(ctx, "SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id")
}

// DeleteTag deletes the tag and removes it from every article that carries
// it (the articles themselves are kept).
func (s *Store) DeleteTag(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.exec(ctx, "DELETE FROM article_tags WHERE tag_id = ?", id); err != nil {
			return fmt.Errorf("store: delete tag: %w", err)
		}
		res, err := tx.exec(ctx, "DELETE FROM tags WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("store: delete tag: %w", err)
		}
		return affected(res)
	})
}

// AuthorByID returns the author profile or ErrNotFound.
func (s *Store) AuthorByID(ctx context.Context, id int64) (*model.Author, error) {
	au := new(model.Author)
	err := scanAuthor(s.queryRow(ctx, "SELECT "+authorCols+" FROM authors WHERE id = ?", id), au)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: author: %w", err)
	}
	return au, nil
}

// CreateAuthor inserts au and sets au.ID; ErrDuplicateSlug when the slug is
// taken. PhotoID 0 means no photo.
func (s *Store) CreateAuthor(ctx context.Context, au *model.Author) error {
	id, err := s.insertID(ctx, "INSERT INTO authors (slug, name, title, bio, email, photo_id) VALUES (?,?,?,?,?,?) RETURNING id",
		au.Slug, au.Name, au.Title, au.Bio, au.Email, nullID(au.PhotoID))
	if err != nil {
		return uniqueErr(err, "create author")
	}
	au.ID = id
	return nil
}

// UpdateAuthor writes every field of au (by ID), clearing those left
// empty; ErrNotFound or ErrDuplicateSlug.
func (s *Store) UpdateAuthor(ctx context.Context, au *model.Author) error {
	res, err := s.exec(ctx, "UPDATE authors SET slug = ?, name = ?, title = ?, bio = ?, email = ?, photo_id = ? WHERE id = ?",
		au.Slug, au.Name, au.Title, au.Bio, au.Email, nullID(au.PhotoID), au.ID)
	if err != nil {
		return uniqueErr(err, "update author")
	}
	return affected(res)
}

// AuthorArticleCounts returns, by author id, how many articles carry a
// byline of each author.
func (s *Store) AuthorArticleCounts(ctx context.Context) (map[int64]int, error) {
	return s.countsBy(ctx, "SELECT author_id, count(*) FROM article_bylines GROUP BY author_id")
}

// DeleteAuthor deletes an author profile with no bylines. A profile that
// still has bylines is refused with ErrInUse: deleting it would silently
// strip the byline from published stories.
func (s *Store) DeleteAuthor(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		var n int
		if err := tx.q.QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM article_bylines WHERE author_id = ?"), id).Scan(&n); err != nil {
			return fmt.Errorf("store: delete author: %w", err)
		}
		if n > 0 {
			return ErrInUse
		}
		res, err := tx.exec(ctx, "DELETE FROM authors WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("store: delete author: %w", err)
		}
		return affected(res)
	})
}
