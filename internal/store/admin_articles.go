package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// AdminFilter selects articles for the newsroom's article list
// (ListAdminArticles). Unlike ArticleFilter it sees every state, matches text
// with a plain substring search (the full-text index only covers what
// readers can see) and sorts by last modification. Zero fields do not filter.
type AdminFilter struct {
	Kind      model.Kind   // "" for any kind
	Status    model.Status // "" for any state
	SectionID int64
	AuthorID  int64 // keeps articles with this author in the byline
	// PublishedFrom and PublishedTo bound the publication time (UTC):
	// From inclusive, To exclusive. Unpublished drafts (time 0) never match
	// a range.
	PublishedFrom, PublishedTo time.Time
	// Query keeps articles whose headline or dek contains it, compared
	// case-insensitively (ASCII letters; SQL lower()). % and _ match
	// themselves.
	Query         string
	Limit, Offset int // Limit 0 means 25; maximum 200
}

func (f AdminFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Kind != "" {
		conds = append(conds, "a.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Status != "" {
		conds = append(conds, "a.status = ?")
		args = append(args, string(f.Status))
	}
	if f.SectionID != 0 {
		conds = append(conds, "a.section_id = ?")
		args = append(args, f.SectionID)
	}
	if f.AuthorID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM article_bylines b WHERE b.article_id = a.id AND b.author_id = ?)")
		args = append(args, f.AuthorID)
	}
	if !f.PublishedFrom.IsZero() {
		conds = append(conds, "a.published_at >= ? AND a.published_at > 0")
		args = append(args, f.PublishedFrom.Unix())
	}
	if !f.PublishedTo.IsZero() {
		conds = append(conds, "a.published_at < ? AND a.published_at > 0")
		args = append(args, f.PublishedTo.Unix())
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		conds = append(conds, `(lower(a.headline) LIKE ? ESCAPE '\' OR lower(a.dek) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likeEscaper escapes the LIKE wildcards (and the escape character) so
// that user text matches literally.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListAdminArticles returns one page of articles matching f, most recently
// modified first, with sections, bylines (with authors), tags and lead media
// loaded but without bodies, and the total number of matches.
func (s *Store) ListAdminArticles(ctx context.Context, f AdminFilter) ([]*model.Article, int, error) {
	where, args := f.where()
	var total int
	if err := s.queryRow(ctx, "SELECT count(*) FROM articles a"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count articles: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 25
	}
	if limit > 200 {
		limit = 200
	}
	q := "SELECT " + articleColsLight + " FROM articles a" + where + " ORDER BY a.modified DESC, a.id DESC LIMIT ? OFFSET ?"
	list, err := s.articles(ctx, q, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// AuthorIDsByEmail returns the ids of the author profiles whose e-mail
// address is email (compared lower-cased): how a newsroom account is tied to
// the bylines it writes under. It returns nil when there are none.
func (s *Store) AuthorIDsByEmail(ctx context.Context, email string) ([]int64, error) {
	email = NormalizeEmail(email)
	if email == "" {
		return nil, nil
	}
	rows, err := s.query(ctx, "SELECT id FROM authors WHERE lower(email) = ? ORDER BY id", email)
	if err != nil {
		return nil, fmt.Errorf("store: authors by email: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// NewsroomSource is the Article.Source of articles written in the admin
// (SourceID stays empty, so this never acts as an import identity); the
// creating account is Article.CreatedBy.
const NewsroomSource = "newsroom"

// CreatedBy reports whether a was created in the admin by account userID
// (Article.CreatedBy, column articles.created_by).
func CreatedBy(a *model.Article, userID int64) bool {
	return userID != 0 && a.CreatedBy == userID
}

// Ownership returns the rule deciding whether an article is the account's
// own for auth.CanArticle (docs/PERMISSIONS.md): the account (userID)
// created it in the newsroom, or one of its bylines is an author profile
// with the account's e-mail address. The editor and the Admin API both use it.
func (s *Store) Ownership(ctx context.Context, userID int64, email string) (func(*model.Article) bool, error) {
	ids, err := s.AuthorIDsByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	return func(a *model.Article) bool {
		if CreatedBy(a, userID) {
			return true
		}
		for _, b := range a.Bylines {
			for _, id := range ids {
				if b.AuthorID == id {
					return true
				}
			}
		}
		return false
	}, nil
}
