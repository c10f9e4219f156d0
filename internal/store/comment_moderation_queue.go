package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// QueueFlagged is the moderation queue's tab of comments with open flags
// (any status but deleted), beside the status tabs.
const QueueFlagged = "flagged"

// QueueFilter selects comments for the moderation queue; zero fields match
// everything.
type QueueFilter struct {
	Tab       string // a model.CommentStatus (not deleted) or QueueFlagged; required
	ArticleID int64
	SectionID int64
	Author    string    // substring of the author's name or e-mail, case-insensitive
	Text      string    // substring of the comment source, case-insensitive
	From, To  time.Time // created at or after From, before To (UTC)
	Limit     int       // page size; ≤ 0 means 50
	Offset    int
}

// QueueItem is one comment in the queue with what the row shows beside it.
type QueueItem struct {
	*model.Comment
	ArticleSlug     string
	ArticleHeadline string
}

func (f QueueFilter) where() (string, []any, error) {
	var conds []string
	var args []any
	switch f.Tab {
	case QueueFlagged:
		conds = append(conds, "c.flags > 0 AND c.status <> 'deleted'")
	case string(model.CommentPending), string(model.CommentApproved), string(model.CommentSpam), string(model.CommentRejected):
		conds = append(conds, "c.status = ?")
		args = append(args, f.Tab)
	default:
		return "", nil, fmt.Errorf("store: unknown queue tab %q", f.Tab)
	}
	if f.ArticleID != 0 {
		conds = append(conds, "c.article_id = ?")
		args = append(args, f.ArticleID)
	}
	if f.SectionID != 0 {
		conds = append(conds, "a.section_id = ?")
		args = append(args, f.SectionID)
	}
	if q := strings.TrimSpace(f.Author); q != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		conds = append(conds, `(lower(i.name) LIKE ? ESCAPE '\' OR i.email LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	if q := strings.TrimSpace(f.Text); q != "" {
		conds = append(conds, `lower(c.body_source) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(q))+"%")
	}
	if !f.From.IsZero() {
		conds = append(conds, "c.created >= ?")
		args = append(args, unix(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "c.created < ?")
		args = append(args, unix(f.To))
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

const queueFrom = ` FROM comments c JOIN comment_identities i ON i.id = c.identity_id JOIN articles a ON a.id = c.article_id`

// ModerationQueue returns one page of comments matching f, newest first
// (most flagged first on the flagged tab), each with its author and
// article, and the total number of matches. An unknown tab is an error.
func (s *Store) ModerationQueue(ctx context.Context, f QueueFilter) ([]QueueItem, int, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var total int
	if err := s.reader().QueryRowContext(ctx, s.rebind("SELECT count(*)"+queueFrom+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: moderation queue: %w", err)
	}
	order := " ORDER BY c.created DESC, c.id DESC"
	if f.Tab == QueueFlagged {
		order = " ORDER BY c.flags DESC, c.created DESC, c.id DESC"
	}
	q := "SELECT " + commentCols + `, i.id, i.kind, i.name, i.email, i.email_verified, i.website, i.user_id,
		i.created, i.last_seen, i.erased, i.source, i.source_id, a.slug, a.headline` + queueFrom + where + order + " LIMIT ? OFFSET ?"
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: moderation queue: %w", err)
	}
	defer rows.Close()
	var out []QueueItem
	for rows.Next() {
		var slug, headline string
		c, err := scanComment(scanTail{rows, []any{&slug, &headline}})
		if err != nil {
			return nil, 0, err
		}
		out = append(out, QueueItem{Comment: c, ArticleSlug: slug, ArticleHeadline: headline})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: moderation queue: %w", err)
	}
	return out, total, nil
}

// scanTail scans a row whose first columns scanComment reads, followed by
// extra columns into tail.
type scanTail struct {
	sc   interface{ Scan(...any) error }
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.sc.Scan(append(dest, t.tail...)...) }

// QueueCounts returns the number of comments in each queue tab: the four
// statuses moderators set, and QueueFlagged.
func (s *Store) QueueCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	rows, err := s.query(ctx, "SELECT status, count(*) FROM comments WHERE status <> 'deleted' GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("store: queue counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: queue counts: %w", err)
		}
		out[st] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: queue counts: %w", err)
	}
	var flagged int
	if err := s.queryRow(ctx, "SELECT count(*) FROM comments WHERE flags > 0 AND status <> 'deleted'").Scan(&flagged); err != nil {
		return nil, fmt.Errorf("store: queue counts: %w", err)
	}
	out[QueueFlagged] = flagged
	return out, nil
}

// PendingCommentCount returns the number of comments with status pending
// (the moderation queue's first tab).
func (s *Store) PendingCommentCount(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, "SELECT count(*) FROM comments WHERE status = 'pending'").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: pending comments: %w", err)
	}
	return n, nil
}

// CommentsByIDs returns the comments with the given ids (unknown ones are
// absent), with their authors, keyed by id.
func (s *Store) CommentsByIDs(ctx context.Context, ids []int64) (map[int64]*model.Comment, error) {
	out := map[int64]*model.Comment{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := idArgs(ids)
	rows, err := s.reader().QueryContext(ctx, s.rebind(commentWithIdentity+" WHERE c.id IN ("+ph+")"), args...)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out[c.ID] = c
	}
	return out, rows.Err()
}

// CommentReplies returns the direct replies to comment id, oldest first,
// in any status, with their authors (at most limit; ≤ 0 means 20).
func (s *Store) CommentReplies(ctx context.Context, id int64, limit int) ([]*model.Comment, error) {
	if limit <= 0 {
		limit = 20
	}
	return s.comments(ctx, commentWithIdentity+" WHERE c.parent_id = ? ORDER BY c.created, c.id LIMIT ?", id, limit)
}

// ReplyCounts returns how many direct replies (any status) each of the
// comments has; comments with none are absent.
func (s *Store) ReplyCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := idArgs(ids)
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT parent_id, count(*) FROM comments WHERE parent_id IN ("+ph+") GROUP BY parent_id"), args...)
	if err != nil {
		return nil, fmt.Errorf("store: reply counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: reply counts: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// IdentityComments returns identityID's most recent comments (any status),
// newest first, at most limit (≤ 0 means 10).
func (s *Store) IdentityComments(ctx context.Context, identityID int64, limit int) ([]*model.Comment, error) {
	if limit <= 0 {
		limit = 10
	}
	return s.comments(ctx, commentWithIdentity+" WHERE c.identity_id = ? ORDER BY c.created DESC, c.id DESC LIMIT ?", identityID, limit)
}
