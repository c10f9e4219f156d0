package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead/internal/model"
)

// UpsertSection inserts a section or, when its slug exists, updates name,
// description and position. sec.ID is set.
func (s *Store) UpsertSection(ctx context.Context, sec *model.Section) error {
	id, err := s.insertID(ctx, `INSERT INTO sections (slug, name, description, position) VALUES (?,?,?,?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description, position = excluded.position
		RETURNING id`, sec.Slug, sec.Name, sec.Description, sec.Position)
	if err != nil {
		return fmt.Errorf("store: section %q: %w", sec.Slug, err)
	}
	sec.ID = id
	return nil
}

// EnsureSection returns the section with this slug, creating it with name
// (and position after the last) when absent. Existing sections are not changed.
func (s *Store) EnsureSection(ctx context.Context, slug, name string) (*model.Section, error) {
	if sec, err := s.SectionBySlug(ctx, slug); err == nil {
		return sec, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var pos int
	if err := s.queryRow(ctx, "SELECT coalesce(max(position), 0) + 1 FROM sections").Scan(&pos); err != nil {
		return nil, err
	}
	sec := &model.Section{Slug: slug, Name: name, Position: pos}
	return sec, s.UpsertSection(ctx, sec)
}

const sectionCols = "id, slug, name, description, position"

// Sections returns all sections in navigation order.
func (s *Store) Sections(ctx context.Context) ([]model.Section, error) {
	return s.sections(ctx, "SELECT "+sectionCols+" FROM sections ORDER BY position, name")
}

// SectionsInUse returns, in navigation order, the sections that hold at
// least one article readers can see at now.
func (s *Store) SectionsInUse(ctx context.Context, now time.Time) ([]model.Section, error) {
	n := now.Unix()
	return s.sections(ctx, `SELECT `+sectionCols+` FROM sections sec WHERE EXISTS (
		SELECT 1 FROM articles a WHERE a.section_id = sec.id AND a.kind = 'article' AND a.status = 'published'
		AND a.published_at <= ? AND a.embargo_until <= ?) ORDER BY position, name`, n, n)
}

func (s *Store) sections(ctx context.Context, q string, args ...any) ([]model.Section, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sections: %w", err)
	}
	defer rows.Close()
	var out []model.Section
	for rows.Next() {
		var sec model.Section
		if err := rows.Scan(&sec.ID, &sec.Slug, &sec.Name, &sec.Description, &sec.Position); err != nil {
			return nil, err
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// SectionBySlug returns the section or ErrNotFound.
func (s *Store) SectionBySlug(ctx context.Context, slug string) (*model.Section, error) {
	return s.section(ctx, "slug = ?", slug)
}

// SectionByID returns the section or ErrNotFound.
func (s *Store) SectionByID(ctx context.Context, id int64) (*model.Section, error) {
	return s.section(ctx, "id = ?", id)
}

func (s *Store) section(ctx context.Context, cond string, arg any) (*model.Section, error) {
	var sec model.Section
	err := s.queryRow(ctx, "SELECT "+sectionCols+" FROM sections WHERE "+cond, arg).
		Scan(&sec.ID, &sec.Slug, &sec.Name, &sec.Description, &sec.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: section: %w", err)
	}
	return &sec, nil
}

// UpsertAuthor inserts an author or, when the slug exists, updates the
// non-empty fields given. au.ID is set.
func (s *Store) UpsertAuthor(ctx context.Context, au *model.Author) error {
	id, err := s.insertID(ctx, `INSERT INTO authors (slug, name, title, bio, email, photo_id) VALUES (?,?,?,?,?,?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name,
		  title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE authors.title END,
		  bio = CASE WHEN excluded.bio <> '' THEN excluded.bio ELSE authors.bio END,
		  email = CASE WHEN excluded.email <> '' THEN excluded.email ELSE authors.email END,
		  photo_id = coalesce(excluded.photo_id, authors.photo_id)
		RETURNING id`, au.Slug, au.Name, au.Title, au.Bio, au.Email, nullID(au.PhotoID))
	if err != nil {
		return fmt.Errorf("store: author %q: %w", au.Slug, err)
	}
	au.ID = id
	return nil
}

const authorCols = "id, slug, name, title, bio, email, coalesce(photo_id, 0)"

func scanAuthor(sc interface{ Scan(...any) error }, au *model.Author) error {
	return sc.Scan(&au.ID, &au.Slug, &au.Name, &au.Title, &au.Bio, &au.Email, &au.PhotoID)
}

// AuthorBySlug returns the author (with Photo loaded) or ErrNotFound.
func (s *Store) AuthorBySlug(ctx context.Context, slug string) (*model.Author, error) {
	au := new(model.Author)
	err := scanAuthor(s.queryRow(ctx, "SELECT "+authorCols+" FROM authors WHERE slug = ?", slug), au)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: author: %w", err)
	}
	if au.PhotoID != 0 {
		m, err := s.MediaByID(ctx, au.PhotoID)
		if err == nil {
			au.Photo = m
		}
	}
	return au, nil
}

// Authors returns all authors by name.
func (s *Store) Authors(ctx context.Context) ([]model.Author, error) {
	rows, err := s.query(ctx, "SELECT "+authorCols+" FROM authors ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	var out []model.Author
	for rows.Next() {
		var au model.Author
		if err := scanAuthor(rows, &au); err != nil {
			return nil, err
		}
		out = append(out, au)
	}
	return out, rows.Err()
}

// UpsertTag inserts a tag or renames the one with the same slug. t.ID is set.
func (s *Store) UpsertTag(ctx context.Context, t *model.Tag) error {
	id, err := s.insertID(ctx, `INSERT INTO tags (slug, name) VALUES (?,?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`, t.Slug, t.Name)
	if err != nil {
		return fmt.Errorf("store: tag %q: %w", t.Slug, err)
	}
	t.ID = id
	return nil
}

// TagBySlug returns the tag or ErrNotFound.
func (s *Store) TagBySlug(ctx context.Context, slug string) (*model.Tag, error) {
	var t model.Tag
	err := s.queryRow(ctx, "SELECT id, slug, name FROM tags WHERE slug = ?", slug).Scan(&t.ID, &t.Slug, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: tag: %w", err)
	}
	return &t, nil
}

// Counts holds totals by table, for import summaries and tests.
type Counts struct {
	Articles, Pages, Sections, Authors, Tags, Media int
}

// CountAll returns row totals.
func (s *Store) CountAll(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.queryRow(ctx, `SELECT
		(SELECT count(*) FROM articles WHERE kind = 'article'),
		(SELECT count(*) FROM articles WHERE kind = 'page'),
		(SELECT count(*) FROM sections), (SELECT count(*) FROM authors),
		(SELECT count(*) FROM tags), (SELECT count(*) FROM media)`).
		Scan(&c.Articles, &c.Pages, &c.Sections, &c.Authors, &c.Tags, &c.Media)
	if err != nil {
		return c, fmt.Errorf("store: counts: %w", err)
	}
	return c, nil
}
