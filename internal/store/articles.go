package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

const articleCols = `a.id, a.kind, a.status, a.slug, a.kicker, a.headline, a.dek, coalesce(a.section_id, 0), a.dateline,
 coalesce(a.lead_media_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, a.body_format, a.body_html, a.word_count,
 a.rights, a.canonical_url, a.seo_title, a.seo_description, a.comments_open, a.published_at, a.updated_at,
 a.embargo_until, a.created, a.modified, a.source, a.source_id, a.created_by`

// articleColsLight is articleCols without the body (for lists that only
// need headlines and metadata, such as related-content candidates).
var articleColsLight = strings.Replace(articleCols, "a.body_html", "''", 1)

func scanArticle(sc interface{ Scan(...any) error }, a *model.Article) error {
	var pub, upd, emb, cre, mod int64
	var kind, status, format string
	err := sc.Scan(&a.ID, &kind, &status, &a.Slug, &a.Kicker, &a.Headline, &a.Dek, &a.SectionID, &a.Dateline,
		&a.LeadMediaID, &a.LeadAlt, &a.LeadCaption, &a.LeadCredit, &format, &a.BodyHTML, &a.WordCount,
		&a.Rights, &a.CanonicalURL, &a.SEOTitle, &a.SEODescription, &a.CommentsOpen, &pub, &upd,
		&emb, &cre, &mod, &a.Source, &a.SourceID, &a.CreatedBy)
	if err != nil {
		return err
	}
	a.Kind, a.Status, a.BodyFormat = model.Kind(kind), model.Status(status), model.BodyFormat(format)
	a.PublishedAt, a.UpdatedAt, a.EmbargoUntil = fromUnix(pub), fromUnix(upd), fromUnix(emb)
	a.Created, a.Modified = fromUnix(cre), fromUnix(mod)
	return nil
}

// ArticleFilter selects articles for ListArticles. Zero fields do not filter.
type ArticleFilter struct {
	Kind      model.Kind // default KindArticle; "*" for any kind
	SectionID int64
	AuthorID  int64
	TagID     int64
	// VisibleAt, when set, keeps only what readers may see at that instant
	// (published, publication time reached, embargo lifted).
	VisibleAt time.Time
	// Status keeps only this state (ignored when VisibleAt is set).
	Status model.Status
	// Since keeps articles published at or after this time.
	Since time.Time
	// ExcludeIDs drops these article ids.
	ExcludeIDs []int64
	// OrderModified sorts by last modification instead of publication time.
	OrderModified bool
	Limit, Offset int // Limit 0 means 20; maximum 1000
}

func (f ArticleFilter) where() (string, []any) {
	var conds []string
	var args []any
	switch f.Kind {
	case "*":
	case "":
		conds = append(conds, "a.kind = ?")
		args = append(args, string(model.KindArticle))
	default:
		conds = append(conds, "a.kind = ?")
		args = append(args, string(f.Kind))
	}
	if !f.VisibleAt.IsZero() {
		now := f.VisibleAt.Unix()
		conds = append(conds, "a.status = ? AND a.published_at <= ? AND a.embargo_until <= ?")
		args = append(args, string(model.StatusPublished), now, now)
	} else if f.Status != "" {
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
	if f.TagID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ?)")
		args = append(args, f.TagID)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "a.published_at >= ?")
		args = append(args, f.Since.Unix())
	}
	for _, id := range f.ExcludeIDs {
		conds = append(conds, "a.id <> ?")
		args = append(args, id)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListArticles returns one page of articles matching f, newest first, with
// sections, bylines (with authors), tags and lead media loaded, plus the total
// number of matches for pagination.
func (s *Store) ListArticles(ctx context.Context, f ArticleFilter) ([]*model.Article, int, error) {
	where, args := f.where()
	var total int
	if err := s.queryRow(ctx, "SELECT count(*) FROM articles a"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count articles: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	if limit > 1000 {
		limit = 1000
	}
	order := " ORDER BY a.published_at DESC, a.id DESC"
	if f.OrderModified {
		order = " ORDER BY a.modified DESC, a.id DESC"
	}
	q := "SELECT " + articleCols + " FROM articles a" + where + order + " LIMIT ? OFFSET ?"
	list, err := s.articles(ctx, q, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// ArticlesByIDs returns the articles with the given ids, in the order given,
// with relations loaded; ids that do not exist are skipped.
func (s *Store) ArticlesByIDs(ctx context.Context, ids []int64) ([]*model.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	list, err := s.articles(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id IN ("+ph+")", args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*model.Article, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	out := make([]*model.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Store) articles(ctx context.Context, q string, args ...any) ([]*model.Article, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	var list []*model.Article
	for rows.Next() {
		a := new(model.Article)
		if err := scanArticle(rows, a); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan article: %w", err)
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	if err := s.loadRelations(ctx, list, false); err != nil {
		return nil, err
	}
	return list, nil
}

// ArticleBySlug returns the article with this slug (any kind and status) with
// every relation loaded, including body source, corrections and pins.
// It returns ErrNotFound when no article has the slug.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (*model.Article, error) {
	return s.article(ctx, "a.slug = ?", slug)
}

// ArticleHeadBySlug returns the article at slug with only what the comment
// handlers read: ID, Kind, Status, Slug, Headline, SectionID, CommentsOpen
// and the times (PublishedAt, UpdatedAt, EmbargoUntil, Created, Modified);
// no body and no relations (Section, Bylines, Tags, media), so it is one
// small query where ArticleBySlug makes several. ErrNotFound when absent.
func (s *Store) ArticleHeadBySlug(ctx context.Context, slug string) (*model.Article, error) {
	a := new(model.Article)
	var pub, upd, emb, cre, mod int64
	var kind, status string
	err := s.queryRow(ctx, `SELECT id, kind, status, slug, headline, coalesce(section_id, 0), comments_open,
		published_at, updated_at, embargo_until, created, modified FROM articles WHERE slug = ?`, slug).
		Scan(&a.ID, &kind, &status, &a.Slug, &a.Headline, &a.SectionID, &a.CommentsOpen, &pub, &upd, &emb, &cre, &mod)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: get article: %w", err)
	}
	a.Kind, a.Status = model.Kind(kind), model.Status(status)
	a.PublishedAt, a.UpdatedAt, a.EmbargoUntil = fromUnix(pub), fromUnix(upd), fromUnix(emb)
	a.Created, a.Modified = fromUnix(cre), fromUnix(mod)
	return a, nil
}

// ArticleByID is ArticleBySlug by primary key.
func (s *Store) ArticleByID(ctx context.Context, id int64) (*model.Article, error) {
	return s.article(ctx, "a.id = ?", id)
}

// ArticleBySource finds an imported article by its source and source id.
func (s *Store) ArticleBySource(ctx context.Context, source, sourceID string) (*model.Article, error) {
	if sourceID == "" {
		return nil, ErrNotFound // imports always carry an id; an empty one matches nothing
	}
	// "source_id <> ''" lets the planner use the partial unique index
	// articles_source instead of scanning every article.
	return s.article(ctx, "a.source = ? AND a.source_id = ? AND a.source_id <> ''", source, sourceID)
}

func (s *Store) article(ctx context.Context, cond string, args ...any) (*model.Article, error) {
	a := new(model.Article)
	row := s.queryRow(ctx, "SELECT "+articleCols+", a.body_source, a.body_text FROM articles a WHERE "+cond, args...)
	var pub, upd, emb, cre, mod int64
	var kind, status, format string
	err := row.Scan(&a.ID, &kind, &status, &a.Slug, &a.Kicker, &a.Headline, &a.Dek, &a.SectionID, &a.Dateline,
		&a.LeadMediaID, &a.LeadAlt, &a.LeadCaption, &a.LeadCredit, &format, &a.BodyHTML, &a.WordCount,
		&a.Rights, &a.CanonicalURL, &a.SEOTitle, &a.SEODescription, &a.CommentsOpen, &pub, &upd,
		&emb, &cre, &mod, &a.Source, &a.SourceID, &a.CreatedBy, &a.BodySource, &a.BodyText)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: get article: %w", err)
	}
	a.Kind, a.Status, a.BodyFormat = model.Kind(kind), model.Status(status), model.BodyFormat(format)
	a.PublishedAt, a.UpdatedAt, a.EmbargoUntil = fromUnix(pub), fromUnix(upd), fromUnix(emb)
	a.Created, a.Modified = fromUnix(cre), fromUnix(mod)
	if err := s.loadRelations(ctx, []*model.Article{a}, true); err != nil {
		return nil, err
	}
	return a, nil
}

// RedirectFor returns the current slug of the article that used to live at
// oldSlug, or ErrNotFound.
func (s *Store) RedirectFor(ctx context.Context, oldSlug string) (string, error) {
	var slug string
	err := s.queryRow(ctx, `SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = ?`, oldSlug).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: redirect: %w", err)
	}
	return slug, nil
}

// NextDue returns the earliest publication or embargo time after now among
// published articles (the moment the site next changes by itself), or the
// zero time when nothing is pending.
func (s *Store) NextDue(ctx context.Context, now time.Time) (time.Time, error) {
	var p, e sql.NullInt64
	n := now.Unix()
	err := s.queryRow(ctx, `SELECT (SELECT min(published_at) FROM articles WHERE status = ? AND published_at > ?),
		(SELECT min(embargo_until) FROM articles WHERE status = ? AND embargo_until > ?)`,
		string(model.StatusPublished), n, string(model.StatusPublished), n).Scan(&p, &e)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next due: %w", err)
	}
	best := int64(0)
	for _, v := range []sql.NullInt64{p, e} {
		if v.Valid && (best == 0 || v.Int64 < best) {
			best = v.Int64
		}
	}
	return fromUnix(best), nil
}

// CountArticles counts content of a kind in a status ("" for any status).
func (s *Store) CountArticles(ctx context.Context, kind model.Kind, status model.Status) (int, error) {
	q, args := "SELECT count(*) FROM articles WHERE kind = ?", []any{string(kind)}
	if status != "" {
		q += " AND status = ?"
		args = append(args, string(status))
	}
	var n int
	if err := s.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// LastModified returns the newest Modified time among all content, for
// conditional GETs on fronts and feeds.
func (s *Store) LastModified(ctx context.Context) (time.Time, error) {
	var n sql.NullInt64
	if err := s.queryRow(ctx, "SELECT max(modified) FROM articles").Scan(&n); err != nil {
		return time.Time{}, fmt.Errorf("store: last modified: %w", err)
	}
	return fromUnix(n.Int64), nil
}

// RelatedCandidates returns up to limit articles readers can see at now that
// share a tag or the section with a (a itself excluded), newest first, with
// relations loaded; package related scores them.
func (s *Store) RelatedCandidates(ctx context.Context, a *model.Article, now time.Time, limit int) ([]*model.Article, error) {
	n := now.Unix()
	conds := []string{"a.section_id = ?"}
	args := []any{string(model.KindArticle), string(model.StatusPublished), n, n, a.ID, a.SectionID}
	if len(a.Tags) > 0 {
		ids := make([]int64, len(a.Tags))
		for i, t := range a.Tags {
			ids[i] = t.ID
		}
		ph, targs := idArgs(ids)
		conds = append(conds, "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id IN ("+ph+"))")
		args = append(args, targs...)
	}
	q := "SELECT " + articleColsLight + ` FROM articles a WHERE a.kind = ? AND a.status = ? AND a.published_at <= ?
		AND a.embargo_until <= ? AND a.id <> ? AND (` + strings.Join(conds, " OR ") + `) ORDER BY a.published_at DESC LIMIT ?`
	return s.articles(ctx, q, append(args, limit)...)
}

// Headline is the minimum needed to link to an article.
type Headline struct {
	ID       int64
	Kind     model.Kind
	Slug     string
	Headline string
}

// VisibleHeadlines returns, keyed by slug, the headline of each article or
// page among slugs that readers can see at now; invisible or unknown slugs
// are absent. One query, for inline READ NEXT / READ MORE blocks.
func (s *Store) VisibleHeadlines(ctx context.Context, slugs []string, now time.Time) (map[string]Headline, error) {
	out := map[string]Headline{}
	if len(slugs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(slugs)+3)
	n := now.Unix()
	args = append(args, string(model.StatusPublished), n, n)
	for _, sl := range slugs {
		args = append(args, sl)
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(slugs)), ",")
	rows, err := s.query(ctx, `SELECT id, kind, slug, headline FROM articles WHERE status = ? AND published_at <= ?
		AND embargo_until <= ? AND slug IN (`+ph+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: headlines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Headline
		var kind string
		if err := rows.Scan(&h.ID, &kind, &h.Slug, &h.Headline); err != nil {
			return nil, err
		}
		h.Kind = model.Kind(kind)
		out[h.Slug] = h
	}
	return out, rows.Err()
}
