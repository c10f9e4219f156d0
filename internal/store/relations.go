package store

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/model"
)

func idArgs(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

// loadRelations fills Section, LeadMedia, Bylines (with Author) and Tags of
// every article in list with one query per relation; full adds corrections
// and pins.
func (s *Store) loadRelations(ctx context.Context, list []*model.Article, full bool) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Article, len(list))
	ids := make([]int64, 0, len(list))
	secIDs := map[int64]bool{}
	mediaIDs := map[int64]bool{}
	for _, a := range list {
		byID[a.ID] = a
		ids = append(ids, a.ID)
		a.Bylines, a.Tags = nil, nil
		if a.SectionID != 0 {
			secIDs[a.SectionID] = true
		}
		if a.LeadMediaID != 0 {
			mediaIDs[a.LeadMediaID] = true
		}
	}
	ph, args := idArgs(ids)

	// Sections.
	if len(secIDs) > 0 {
		secs, err := s.Sections(ctx)
		if err != nil {
			return err
		}
		m := make(map[int64]*model.Section, len(secs))
		for i := range secs {
			m[secs[i].ID] = &secs[i]
		}
		for _, a := range list {
			a.Section = m[a.SectionID]
		}
	}

	// Bylines with authors.
	rows, err := s.query(ctx, `SELECT b.article_id, b.position, b.role, au.id, au.slug, au.name, au.title, au.bio, coalesce(au.photo_id, 0)
		FROM article_bylines b JOIN authors au ON au.id = b.author_id WHERE b.article_id IN (`+ph+`) ORDER BY b.article_id, b.position`, args...)
	if err != nil {
		return fmt.Errorf("store: load bylines: %w", err)
	}
	for rows.Next() {
		var aid int64
		var b model.Byline
		au := new(model.Author)
		if err := rows.Scan(&aid, &b.Position, &b.Role, &au.ID, &au.Slug, &au.Name, &au.Title, &au.Bio, &au.PhotoID); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan byline: %w", err)
		}
		b.AuthorID, b.Author = au.ID, au
		byID[aid].Bylines = append(byID[aid].Bylines, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load bylines: %w", err)
	}

	// Tags.
	rows, err = s.query(ctx, `SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id IN (`+ph+`) ORDER BY t.name`, args...)
	if err != nil {
		return fmt.Errorf("store: load tags: %w", err)
	}
	for rows.Next() {
		var aid int64
		var t model.Tag
		if err := rows.Scan(&aid, &t.ID, &t.Slug, &t.Name); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan tag: %w", err)
		}
		byID[aid].Tags = append(byID[aid].Tags, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load tags: %w", err)
	}

	// Lead media.
	if len(mediaIDs) > 0 {
		mids := make([]int64, 0, len(mediaIDs))
		for id := range mediaIDs {
			mids = append(mids, id)
		}
		media, err := s.mediaByIDs(ctx, mids)
		if err != nil {
			return err
		}
		for _, a := range list {
			a.LeadMedia = media[a.LeadMediaID]
		}
	}

	if !full {
		return nil
	}
	for _, a := range list {
		a.Corrections, a.Pins = nil, nil
	}
	rows, err = s.query(ctx, `SELECT id, article_id, created, body FROM corrections WHERE article_id IN (`+ph+`) ORDER BY created, id`, args...)
	if err != nil {
		return fmt.Errorf("store: load corrections: %w", err)
	}
	for rows.Next() {
		var c model.Correction
		var created int64
		if err := rows.Scan(&c.ID, &c.ArticleID, &created, &c.Body); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan correction: %w", err)
		}
		c.Created = fromUnix(created)
		byID[c.ArticleID].Corrections = append(byID[c.ArticleID].Corrections, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load corrections: %w", err)
	}
	rows, err = s.query(ctx, `SELECT article_id, target_id FROM article_pins WHERE article_id IN (`+ph+`) ORDER BY article_id, position`, args...)
	if err != nil {
		return fmt.Errorf("store: load pins: %w", err)
	}
	for rows.Next() {
		var aid, tid int64
		if err := rows.Scan(&aid, &tid); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan pin: %w", err)
		}
		byID[aid].Pins = append(byID[aid].Pins, tid)
	}
	rows.Close()
	return rows.Err()
}
