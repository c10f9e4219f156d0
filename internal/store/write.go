package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"masthead/internal/model"
)

// SaveResult says what SaveArticle did.
type SaveResult int

// Outcomes of SaveArticle.
const (
	Created SaveResult = iota + 1
	Updated
)

// SaveArticle writes a and its bylines, tags and pins in one transaction.
//
// Identity: a.ID when not 0; otherwise (a.Source, a.SourceID) when SourceID is
// set, so that re-imports update the earlier row; otherwise a new row. On
// return a.ID is set. If the slug is taken by another article, a numeric
// suffix is added ("-2", "-3" …) and a.Slug updated. When an existing
// article's slug changes, the old slug keeps answering with a redirect.
// Corrections are not written here (see AddCorrection). a.Modified is set to
// the store clock; a.Created is kept on update.
func (s *Store) SaveArticle(ctx context.Context, a *model.Article) (SaveResult, error) {
	var res SaveResult
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		res, err = tx.saveArticle(ctx, a)
		return err
	})
	return res, err
}

func (s *Store) saveArticle(ctx context.Context, a *model.Article) (SaveResult, error) {
	if strings.TrimSpace(a.Headline) == "" {
		return 0, errors.New("store: article has no headline")
	}
	if a.Kind == "" {
		a.Kind = model.KindArticle
	}
	if a.Status == "" {
		a.Status = model.StatusDraft
	}
	if a.BodyFormat == "" {
		a.BodyFormat = model.FormatMarkdown
	}
	now := s.Now()
	var old *model.Article
	if a.ID == 0 && a.SourceID != "" {
		o, err := s.ArticleBySource(ctx, a.Source, a.SourceID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return 0, err
		}
		old = o
	} else if a.ID != 0 {
		o, err := s.ArticleByID(ctx, a.ID)
		if err != nil {
			return 0, err
		}
		old = o
	}
	slug, err := s.uniqueSlug(ctx, a.Slug, old)
	if err != nil {
		return 0, err
	}
	a.Slug = slug
	a.Modified = now
	if a.Created.IsZero() {
		a.Created = now
	}
	args := []any{string(a.Kind), string(a.Status), a.Slug, a.Kicker, a.Headline, a.Dek, nullID(a.SectionID), a.Dateline,
		nullID(a.LeadMediaID), a.LeadAlt, a.LeadCaption, a.LeadCredit, string(a.BodyFormat), a.BodySource, a.BodyHTML,
		a.BodyText, a.WordCount, a.Rights, a.CanonicalURL, a.SEOTitle, a.SEODescription, a.CommentsOpen,
		unix(a.PublishedAt), unix(a.UpdatedAt), unix(a.EmbargoUntil), unix(a.Modified), a.Source, a.SourceID}
	res := Created
	if old == nil {
		id, err := s.insertID(ctx, `INSERT INTO articles (kind, status, slug, kicker, headline, dek, section_id, dateline,
			lead_media_id, lead_alt, lead_caption, lead_credit, body_format, body_source, body_html, body_text, word_count,
			rights, canonical_url, seo_title, seo_description, comments_open, published_at, updated_at, embargo_until,
			modified, source, source_id, created, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
			append(args, unix(a.Created), a.CreatedBy)...)
		if err != nil {
			return 0, fmt.Errorf("store: insert article %q: %w", a.Slug, err)
		}
		a.ID = id
	} else {
		res = Updated
		a.ID, a.Created, a.CreatedBy = old.ID, old.Created, old.CreatedBy
		_, err := s.exec(ctx, `UPDATE articles SET kind=?, status=?, slug=?, kicker=?, headline=?, dek=?, section_id=?, dateline=?,
			lead_media_id=?, lead_alt=?, lead_caption=?, lead_credit=?, body_format=?, body_source=?, body_html=?, body_text=?,
			word_count=?, rights=?, canonical_url=?, seo_title=?, seo_description=?, comments_open=?, published_at=?,
			updated_at=?, embargo_until=?, modified=?, source=?, source_id=? WHERE id=?`, append(args, a.ID)...)
		if err != nil {
			return 0, fmt.Errorf("store: update article %q: %w", a.Slug, err)
		}
		if old.Slug != a.Slug {
			if _, err := s.exec(ctx, `DELETE FROM slug_redirects WHERE old_slug = ?`, a.Slug); err != nil {
				return 0, fmt.Errorf("store: redirect: %w", err)
			}
			if _, err := s.exec(ctx, `INSERT INTO slug_redirects (old_slug, article_id) VALUES (?, ?)
				ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id`, old.Slug, a.ID); err != nil {
				return 0, fmt.Errorf("store: redirect: %w", err)
			}
		}
	}
	if err := s.writeRelations(ctx, a); err != nil {
		return 0, err
	}
	if err := s.indexArticle(ctx, a); err != nil {
		return 0, err
	}
	return res, nil
}

func (s *Store) writeRelations(ctx context.Context, a *model.Article) error {
	for _, q := range []string{"DELETE FROM article_bylines WHERE article_id = ?", "DELETE FROM article_tags WHERE article_id = ?", "DELETE FROM article_pins WHERE article_id = ?"} {
		if _, err := s.exec(ctx, q, a.ID); err != nil {
			return fmt.Errorf("store: clear relations: %w", err)
		}
	}
	seen := map[int64]bool{}
	for i, b := range a.Bylines {
		if b.AuthorID == 0 && b.Author != nil {
			b.AuthorID = b.Author.ID
		}
		if b.AuthorID == 0 || seen[b.AuthorID] {
			continue
		}
		seen[b.AuthorID] = true
		if _, err := s.exec(ctx, "INSERT INTO article_bylines (article_id, author_id, position, role) VALUES (?,?,?,?)", a.ID, b.AuthorID, i, b.Role); err != nil {
			return fmt.Errorf("store: byline: %w", err)
		}
	}
	seen = map[int64]bool{}
	for _, t := range a.Tags {
		if t.ID == 0 || seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		if _, err := s.exec(ctx, "INSERT INTO article_tags (article_id, tag_id) VALUES (?,?)", a.ID, t.ID); err != nil {
			return fmt.Errorf("store: tag: %w", err)
		}
	}
	seen = map[int64]bool{}
	for i, id := range a.Pins {
		if id == 0 || id == a.ID || seen[id] {
			continue
		}
		seen[id] = true
		if _, err := s.exec(ctx, "INSERT INTO article_pins (article_id, target_id, position) VALUES (?,?,?)", a.ID, id, i); err != nil {
			return fmt.Errorf("store: pin: %w", err)
		}
	}
	return nil
}

// uniqueSlug returns want, or want-2, want-3 … whichever no other article
// holds. old is the article being updated (its own slug is not a clash).
func (s *Store) uniqueSlug(ctx context.Context, want string, old *model.Article) (string, error) {
	if want == "" {
		return "", errors.New("store: article has no slug")
	}
	for n := 1; ; n++ {
		cand := want
		if n > 1 {
			cand = want + "-" + strconv.Itoa(n)
		}
		var id int64
		err := s.queryRow(ctx, "SELECT id FROM articles WHERE slug = ?", cand).Scan(&id)
		if err != nil {
			if strings.Contains(err.Error(), "no rows") {
				return cand, nil
			}
			return "", fmt.Errorf("store: slug check: %w", err)
		}
		if old != nil && id == old.ID {
			return cand, nil
		}
		if n > 1000 {
			return "", fmt.Errorf("store: no free slug for %q", want)
		}
	}
}

// AddCorrection appends a correction note to an article and sets its
// UpdatedAt (and Modified) to the correction time. c.ID and c.Created are set.
func (s *Store) AddCorrection(ctx context.Context, c *model.Correction) error {
	if strings.TrimSpace(c.Body) == "" {
		return errors.New("store: correction is empty")
	}
	if c.Created.IsZero() {
		c.Created = s.Now()
	}
	return s.InTx(ctx, func(tx *Store) error {
		id, err := tx.insertID(ctx, "INSERT INTO corrections (article_id, created, body) VALUES (?,?,?) RETURNING id", c.ArticleID, unix(c.Created), c.Body)
		if err != nil {
			return fmt.Errorf("store: add correction: %w", err)
		}
		c.ID = id
		_, err = tx.exec(ctx, "UPDATE articles SET updated_at = ?, modified = ? WHERE id = ?", unix(c.Created), unix(tx.Now()), c.ArticleID)
		return err
	})
}

// ReplaceCorrections sets an article's corrections to exactly list (used by
// idempotent imports); Created times are kept as given.
func (s *Store) ReplaceCorrections(ctx context.Context, articleID int64, list []model.Correction) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.exec(ctx, "DELETE FROM corrections WHERE article_id = ?", articleID); err != nil {
			return err
		}
		for _, c := range list {
			if _, err := tx.exec(ctx, "INSERT INTO corrections (article_id, created, body) VALUES (?,?,?)", articleID, unix(c.Created), c.Body); err != nil {
				return fmt.Errorf("store: correction: %w", err)
			}
		}
		return nil
	})
}

// NoteImport records that an imported item carried things Masthead does not
// import yet (kind "comments" with their count), so a later importer can
// report and pick them up. Re-noting replaces the count.
func (s *Store) NoteImport(ctx context.Context, source, sourceID, kind string, count int) error {
	_, err := s.exec(ctx, `INSERT INTO import_notes (source, source_id, kind, count, created) VALUES (?,?,?,?,?)
		ON CONFLICT (source, source_id, kind) DO UPDATE SET count = excluded.count`, source, sourceID, kind, count, unix(s.Now()))
	if err != nil {
		return fmt.Errorf("store: note import: %w", err)
	}
	return nil
}

// ImportNoteTotal sums the counts noted for kind (e.g. "comments").
func (s *Store) ImportNoteTotal(ctx context.Context, kind string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT coalesce(sum(count), 0) FROM import_notes WHERE kind = ?", kind).Scan(&n)
	return n, err
}
