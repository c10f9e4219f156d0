package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"masthead/internal/model"
)

// Fronts curation (table front_slots). A front is the home page ("home") or
// a section front ("section:<id>", see SectionFront). Editors pin articles to
// numbered positions (1 = the lead on the home front, the first story of a
// section front); the reader site fills the positions left free by recency.
// Writes go through exec, so they bump the content version and empty every
// page cache.

// HomeFront is the key of the home page front.
const HomeFront = "home"

// MaxFrontSlots is the number of positions an editor can pin on one front.
const MaxFrontSlots = 12

// SectionFront returns the front key of the section with id.
func SectionFront(id int64) string { return "section:" + strconv.FormatInt(id, 10) }

// FrontSlot is one pinned position of a front.
type FrontSlot struct {
	Position  int // 1-based
	ArticleID int64
}

// FrontSlots returns the pinned positions of front in position order.
func (s *Store) FrontSlots(ctx context.Context, front string) ([]FrontSlot, error) {
	rows, err := s.query(ctx, "SELECT position, article_id FROM front_slots WHERE front = ? ORDER BY position", front)
	if err != nil {
		return nil, fmt.Errorf("store: front slots: %w", err)
	}
	defer rows.Close()
	var out []FrontSlot
	for rows.Next() {
		var fs FrontSlot
		if err := rows.Scan(&fs.Position, &fs.ArticleID); err != nil {
			return nil, err
		}
		out = append(out, fs)
	}
	return out, rows.Err()
}

// SetFrontSlots replaces every pinned position of front in one transaction.
// Positions must lie in 1…MaxFrontSlots and be distinct, articles must exist
// (ErrNotFound otherwise) and may be pinned once per front. The write bumps
// the content version, so cached fronts are dropped.
func (s *Store) SetFrontSlots(ctx context.Context, front string, slots []FrontSlot) error {
	seenPos := map[int]bool{}
	seenArt := map[int64]bool{}
	for _, fs := range slots {
		if fs.Position < 1 || fs.Position > MaxFrontSlots || seenPos[fs.Position] {
			return fmt.Errorf("store: front %s: bad or repeated position %d", front, fs.Position)
		}
		if fs.ArticleID <= 0 || seenArt[fs.ArticleID] {
			return fmt.Errorf("store: front %s: article %d pinned twice or invalid", front, fs.ArticleID)
		}
		seenPos[fs.Position], seenArt[fs.ArticleID] = true, true
	}
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.exec(ctx, "DELETE FROM front_slots WHERE front = ?", front); err != nil {
			return fmt.Errorf("store: front slots: %w", err)
		}
		for _, fs := range slots {
			var n int
			if err := tx.q.QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM articles WHERE id = ?"), fs.ArticleID).Scan(&n); err != nil {
				return fmt.Errorf("store: front slots: %w", err)
			}
			if n == 0 {
				return ErrNotFound
			}
			if _, err := tx.exec(ctx, "INSERT INTO front_slots (front, position, article_id) VALUES (?, ?, ?)",
				front, fs.Position, fs.ArticleID); err != nil {
				return fmt.Errorf("store: front slots: %w", err)
			}
		}
		return nil
	})
}

// FrontPins returns the pinned articles of front that readers may see at
// now, keyed by position, with relations loaded. Pins to drafts, scheduled,
// embargoed, unpublished or private stories (and to pages) are left out, so
// their positions fall back to recency.
func (s *Store) FrontPins(ctx context.Context, front string, now time.Time) (map[int]*model.Article, error) {
	slots, err := s.FrontSlots(ctx, front)
	if err != nil || len(slots) == 0 {
		return nil, err
	}
	ids := make([]int64, len(slots))
	for i, fs := range slots {
		ids[i] = fs.ArticleID
	}
	list, err := s.ArticlesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*model.Article, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	out := map[int]*model.Article{}
	for _, fs := range slots {
		if a := byID[fs.ArticleID]; a != nil && a.Kind == model.KindArticle && a.VisibleAt(now) {
			out[fs.Position] = a
		}
	}
	return out, nil
}
