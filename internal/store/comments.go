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

// Comments (table comments, migration 00010). Status rules are in
// docs/COMMENTS.md; the status of a new comment is decided by package
// comment before CreateComment is called.

// ErrParentElsewhere is returned by CreateComment when the parent comment
// belongs to another article.
var ErrParentElsewhere = errors.New("store: the comment replied to is under another article")

const commentCols = `c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.identity_id, c.status, c.shadow, c.body_source,
	c.body_html, c.body_hash, c.ip_hash, c.created, c.edited, c.deleted, c.moderated, c.moderated_by, c.score, c.upvotes,
	c.downvotes, c.flags, c.picked, c.pinned, c.spam_score, c.spam_reason, c.source, c.source_id`

// commentWithIdentity selects a comment and its author in one row.
const commentWithIdentity = "SELECT " + commentCols + `, i.id, i.kind, i.name, i.email, i.email_verified, i.website, i.user_id,
	i.created, i.last_seen, i.erased, i.source, i.source_id FROM comments c JOIN comment_identities i ON i.id = c.identity_id`

func scanComment(sc interface{ Scan(...any) error }) (*model.Comment, error) {
	var (
		c                                              model.Comment
		status                                         string
		parent, modBy, userID                          sql.NullInt64
		created, edited, deleted, moderated, pick, pin int64
		ci                                             model.CommentIdentity
		kind                                           string
		verified, icreated, seen, erased               int64
	)
	err := sc.Scan(&c.ID, &c.ArticleID, &parent, &c.RootID, &c.Depth, &c.IdentityID, &status, &c.Shadow, &c.BodySource,
		&c.BodyHTML, &c.BodyHash, &c.IPHash, &created, &edited, &deleted, &moderated, &modBy, &c.Score, &c.Upvotes,
		&c.Downvotes, &c.Flags, &pick, &pin, &c.SpamScore, &c.SpamReason, &c.Source, &c.SourceID,
		&ci.ID, &kind, &ci.Name, &ci.Email, &verified, &ci.Website, &userID, &icreated, &seen, &erased, &ci.Source, &ci.SourceID)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: comment: %w", err)
	}
	c.ParentID, c.ModeratedBy, c.Status = parent.Int64, modBy.Int64, model.CommentStatus(status)
	c.Created, c.Edited, c.Deleted, c.Moderated = fromUnix(created), fromUnix(edited), fromUnix(deleted), fromUnix(moderated)
	c.Picked, c.Pinned = fromUnix(pick), fromUnix(pin)
	ci.Kind, ci.UserID = model.IdentityKind(kind), userID.Int64
	ci.EmailVerified, ci.Created, ci.LastSeen, ci.Erased = fromUnix(verified), fromUnix(icreated), fromUnix(seen), fromUnix(erased)
	c.Identity = &ci
	return &c, nil
}

// CreateComment inserts c and sets c.ID, c.RootID, c.Depth and, when zero,
// c.Created (store clock). c.ArticleID, c.IdentityID, a valid c.Status and
// c.BodyHTML (already sanitised by markup.Comment) are required. With a
// ParentID, the parent must be under the same article (else
// ErrParentElsewhere; an unknown parent is ErrNotFound); RootID and Depth
// follow from it. A taken (Source, SourceID) returns ErrDuplicateSource.
func (s *Store) CreateComment(ctx context.Context, c *model.Comment) error {
	switch {
	case c.ArticleID == 0 || c.IdentityID == 0:
		return errors.New("store: comment without article or identity")
	case !c.Status.Valid():
		return fmt.Errorf("store: unknown comment status %q", c.Status)
	}
	if c.Created.IsZero() {
		c.Created = s.Now()
	}
	// Outside a transaction the INSERT and the root UPDATE run as statements
	// prepared once per process (parsing the INSERT, with its triggers, cost
	// more than running it); they are prepared before the transaction takes
	// SQLite's one writer connection.
	var ins, root *sql.Stmt
	if s.q == nil {
		ins, root = s.stmts.get(ctx, s.write, s.rebind(insertCommentSQL)), s.stmts.get(ctx, s.write, s.rebind(setRootSQL))
	}
	return s.InTx(ctx, func(tx *Store) error {
		c.RootID, c.Depth = 0, 0
		if c.ParentID != 0 {
			var art, root int64
			var depth int
			err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT article_id, root_id, depth FROM comments WHERE id = ?"), c.ParentID).Scan(&art, &root, &depth)
			if isNoRows(err) {
				return ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("store: comment parent: %w", err)
			}
			if art != c.ArticleID {
				return ErrParentElsewhere
			}
			c.RootID, c.Depth = root, depth+1
		}
		if c.SourceID != "" {
			var n int
			if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comments WHERE source = ? AND source_id = ? AND source_id <> ''"), c.Source, c.SourceID).Scan(&n); err != nil {
				return fmt.Errorf("store: create comment: %w", err)
			}
			if n > 0 {
				return ErrDuplicateSource
			}
		}
		args := []any{c.ArticleID, nullID(c.ParentID), c.RootID, c.Depth, c.IdentityID, string(c.Status), c.Shadow, c.BodySource, c.BodyHTML,
			c.BodyHash, c.IPHash, unix(c.Created), unix(c.Edited), unix(c.Deleted), unix(c.Moderated), nullID(c.ModeratedBy),
			c.Upvotes - c.Downvotes, c.Upvotes, c.Downvotes, c.Flags, unix(c.Picked), unix(c.Pinned), c.SpamScore, c.SpamReason,
			c.Source, c.SourceID}
		var id int64
		var err error
		if st := tx.inTx(ctx, ins); st != nil {
			err = st.QueryRowContext(ctx, args...).Scan(&id)
		} else {
			id, err = tx.insertIDQuiet(ctx, insertCommentSQL, args...)
		}
		if err != nil {
			return fmt.Errorf("store: create comment: %w", err)
		}
		c.ID, c.Score = id, c.Upvotes-c.Downvotes
		if c.RootID == 0 {
			c.RootID = id
			if st := tx.inTx(ctx, root); st != nil {
				_, err = st.ExecContext(ctx, id, id)
			} else {
				_, err = tx.execQuiet(ctx, setRootSQL, id, id)
			}
			if err != nil {
				return fmt.Errorf("store: create comment: %w", err)
			}
		}
		return nil
	})
}

const insertCommentSQL = `INSERT INTO comments (article_id, parent_id, root_id, depth, identity_id, status, shadow,
	body_source, body_html, body_hash, ip_hash, created, edited, deleted, moderated, moderated_by, score, upvotes, downvotes,
	flags, picked, pinned, spam_score, spam_reason, source, source_id)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`

const setRootSQL = "UPDATE comments SET root_id = ? WHERE id = ?"

// Comment returns the comment with id and its Identity, or ErrNotFound.
func (s *Store) Comment(ctx context.Context, id int64) (*model.Comment, error) {
	return scanComment(s.queryRow(ctx, commentWithIdentity+" WHERE c.id = ?", id))
}

// CommentBySource returns the imported comment with (source, sourceID), or
// ErrNotFound.
func (s *Store) CommentBySource(ctx context.Context, source, sourceID string) (*model.Comment, error) {
	return scanComment(s.queryRow(ctx, commentWithIdentity+" WHERE c.source = ? AND c.source_id = ? AND c.source_id <> ''", source, sourceID))
}

// ArticleComments returns the comments under article articleID whose
// status is in statuses (all statuses when none are given), with their
// Identity, oldest first (created, then id). Shadowed comments are
// included only when viewer is their author's identity id (0 = nobody).
// Callers build the tree from ParentID/RootID.
func (s *Store) ArticleComments(ctx context.Context, articleID, viewer int64, statuses ...model.CommentStatus) ([]*model.Comment, error) {
	q := commentWithIdentity + " WHERE c.article_id = ?"
	args := []any{articleID}
	if len(statuses) > 0 {
		q += " AND c.status IN (" + strings.TrimSuffix(strings.Repeat("?,", len(statuses)), ",") + ")"
		for _, st := range statuses {
			args = append(args, string(st))
		}
	}
	q += " AND (c.shadow = ? OR c.identity_id = ?) ORDER BY c.created, c.id"
	args = append(args, false, viewer)
	return s.comments(ctx, q, args...)
}

func (s *Store) comments(ctx context.Context, q string, args ...any) ([]*model.Comment, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	var list []*model.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	return list, nil
}

// CommentCounts returns the number of comments readers see (approved, not
// shadowed) under each of the articles; articles with none are absent from
// the map. The numbers come from comment_counts, which triggers on comments
// keep in step with every write (migration 00023), so the cost does not
// grow with the threads.
func (s *Store) CommentCounts(ctx context.Context, articleIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(articleIDs) == 0 {
		return out, nil
	}
	ph, args := idArgs(articleIDs)
	rows, err := s.query(ctx, "SELECT article_id, public FROM comment_counts WHERE article_id IN ("+ph+") AND public > 0", args...)
	if err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: comment counts: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// CommentEdit is an author's edit of a comment: the new body (BodyHTML
// already sanitised by markup.Comment) and the status the edit leaves it
// in (comment.Decider.DecideEdit), made at At.
type CommentEdit struct {
	BodySource, BodyHTML, BodyHash string
	Status                         model.CommentStatus
	SpamScore                      float64
	SpamReason                     string
	At                             time.Time
}

// EditComment replaces the body of comment id with e and sets its edited
// time, status and filter score. Deleted comments cannot be edited:
// ErrNotFound, as for an unknown id. Who may edit, and until when, is
// decided by the caller; e.Status may not be CommentDeleted.
func (s *Store) EditComment(ctx context.Context, id int64, e CommentEdit) error {
	if !e.Status.Valid() || e.Status == model.CommentDeleted {
		return fmt.Errorf("store: edit comment: bad status %q", e.Status)
	}
	res, err := s.execQuiet(ctx, `UPDATE comments SET body_source = ?, body_html = ?, body_hash = ?, edited = ?, status = ?,
		spam_score = ?, spam_reason = ? WHERE id = ? AND status <> 'deleted'`,
		e.BodySource, e.BodyHTML, e.BodyHash, unix(e.At), string(e.Status), e.SpamScore, e.SpamReason, id)
	if err != nil {
		return fmt.Errorf("store: edit comment: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

// DeleteComment marks comment id deleted at at and blanks its body (the
// row stays so that replies keep their place; it shows as "Comment
// deleted"). It also unpins it and drops it from the picks. An unknown or
// already deleted comment returns ErrNotFound.
func (s *Store) DeleteComment(ctx context.Context, id int64, at time.Time) error {
	res, err := s.execQuiet(ctx, `UPDATE comments SET status = 'deleted', deleted = ?, body_source = '', body_html = '',
		picked = 0, pinned = 0 WHERE id = ? AND status <> 'deleted'`, unix(at), id)
	if err != nil {
		return fmt.Errorf("store: delete comment: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

// SetCommentStatus records a moderator's decision: the comments in ids
// take status (not CommentDeleted: see DeleteComment), moderated = at and
// moderated_by = by (a users id, 0 for the system), and their open flags
// are resolved. It returns how many comments exist among ids.
func (s *Store) SetCommentStatus(ctx context.Context, ids []int64, status model.CommentStatus, by int64, at time.Time) (int, error) {
	if !status.Valid() || status == model.CommentDeleted {
		return 0, fmt.Errorf("store: cannot set comment status %q", status)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var n int64
	err := s.InTx(ctx, func(tx *Store) error {
		ph, args := idArgs(ids)
		res, err := tx.execQuiet(ctx, "UPDATE comments SET status = ?, moderated = ?, moderated_by = ?, flags = 0 WHERE id IN ("+ph+")",
			append([]any{string(status), unix(at), nullID(by)}, args...)...)
		if err != nil {
			return fmt.Errorf("store: set comment status: %w", err)
		}
		n, _ = res.RowsAffected()
		if _, err := tx.execQuiet(ctx, "UPDATE comment_flags SET resolved = ?, resolved_by = ? WHERE resolved = 0 AND comment_id IN ("+ph+")",
			append([]any{unix(at), nullID(by)}, args...)...); err != nil {
			return fmt.Errorf("store: set comment status: %w", err)
		}
		return nil
	})
	return int(n), err
}

// ClaimReplyNotice marks that the reply e-mail for comment id is being
// sent at at (unix seconds in reply_notified, migration 00018). It reports
// true only the first time for a comment, so the mail goes once however
// often the comment is approved; false, changing nothing, after that or
// for an unknown id.
func (s *Store) ClaimReplyNotice(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.execQuiet(ctx, "UPDATE comments SET reply_notified = ? WHERE id = ? AND reply_notified = 0", unix(at), id)
	if err != nil {
		return false, fmt.Errorf("store: claim reply notice: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim reply notice: %w", err)
	}
	return n == 1, nil
}

// SetCommentPicked makes comment id an editor's pick since at, or, with
// picked false, no longer one. Only approved comments can be picked:
// ErrNotFound otherwise.
func (s *Store) SetCommentPicked(ctx context.Context, id int64, picked bool, at time.Time) error {
	v := int64(0)
	if picked {
		v = unix(at)
	}
	res, err := s.execQuiet(ctx, "UPDATE comments SET picked = ? WHERE id = ? AND status = 'approved'", v, id)
	if err != nil {
		return fmt.Errorf("store: pick comment: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

// SetCommentPinned pins comment id to the top of its article's thread since
// at (unpinning any other comment of that article: one pinned comment per
// article), or, with pinned false, unpins it. Only approved comments can be
// pinned: ErrNotFound otherwise.
func (s *Store) SetCommentPinned(ctx context.Context, id int64, pinned bool, at time.Time) error {
	return s.InTx(ctx, func(tx *Store) error {
		var art int64
		err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT article_id FROM comments WHERE id = ? AND status = 'approved'"), id).Scan(&art)
		if isNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: pin comment: %w", err)
		}
		if _, err := tx.execQuiet(ctx, "UPDATE comments SET pinned = 0 WHERE article_id = ? AND pinned > 0", art); err != nil {
			return fmt.Errorf("store: pin comment: %w", err)
		}
		if pinned {
			if _, err := tx.execQuiet(ctx, "UPDATE comments SET pinned = ? WHERE id = ?", unix(at), id); err != nil {
				return fmt.Errorf("store: pin comment: %w", err)
			}
		}
		return nil
	})
}

// ThreadComments is ArticleComments for showing a thread: the same rows
// and order, with only the columns a thread shows (no source text, hashes,
// spam data, e-mail addresses or import ids), so reading a thousand
// comments stays cheap. Identity holds ID, Kind, Name and Website.
func (s *Store) ThreadComments(ctx context.Context, articleID, viewer int64) ([]*model.Comment, error) {
	rows, err := s.query(ctx, `SELECT c.id, c.parent_id, c.root_id, c.depth, c.identity_id, c.status, c.shadow, c.body_html, c.created,
		c.edited, c.score, c.upvotes, c.downvotes, c.picked, c.pinned, i.kind, i.name, i.website
		FROM comments c JOIN comment_identities i ON i.id = c.identity_id
		WHERE c.article_id = ? AND (c.shadow = ? OR c.identity_id = ?) ORDER BY c.created, c.id`, articleID, false, viewer)
	if err != nil {
		return nil, fmt.Errorf("store: thread: %w", err)
	}
	defer rows.Close()
	var list []*model.Comment
	for rows.Next() {
		var (
			c                               model.Comment
			ci                              model.CommentIdentity
			parent                          sql.NullInt64
			status, kind                    string
			created, edited, picked, pinned int64
		)
		if err := rows.Scan(&c.ID, &parent, &c.RootID, &c.Depth, &c.IdentityID, &status, &c.Shadow, &c.BodyHTML, &created, &edited,
			&c.Score, &c.Upvotes, &c.Downvotes, &picked, &pinned, &kind, &ci.Name, &ci.Website); err != nil {
			return nil, fmt.Errorf("store: thread: %w", err)
		}
		c.ArticleID, c.ParentID, c.Status = articleID, parent.Int64, model.CommentStatus(status)
		c.Created, c.Edited, c.Picked, c.Pinned = fromUnix(created), fromUnix(edited), fromUnix(picked), fromUnix(pinned)
		ci.ID, ci.Kind = c.IdentityID, model.IdentityKind(kind)
		c.Identity = &ci
		list = append(list, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: thread: %w", err)
	}
	return list, nil
}
