package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"masthead/internal/model"
)

// Votes and flags (tables comment_votes and comment_flags, migration
// 00010). Each voter or reporter is keyed by VoterKey (the web layer keys
// guests by hashed client IP, verified readers and staff by identity), and
// a vote or flag also counts once per identity id stored with it: a second
// vote by the same key or identity replaces the first instead of adding.

// VoterKey returns the key that deduplicates votes and flags: "i:<id>" for
// a known identity, else "ip:<ipHash>". It returns "" when both are empty
// (such a visitor cannot vote).
func VoterKey(identityID int64, ipHash string) string {
	switch {
	case identityID != 0:
		return "i:" + strconv.FormatInt(identityID, 10)
	case ipHash != "":
		return "ip:" + ipHash
	}
	return ""
}

// Vote records voter's vote on comment id: value +1 or -1 replaces the
// voter's earlier vote, 0 withdraws it. identityID is stored with the vote
// (0 for an anonymous visitor) and replaces that identity's vote under any
// other voter key, so an identity counts once too. The comment's upvotes, downvotes and score
// are recounted from the votes in the same transaction and returned
// (upvotes, downvotes). Only approved comments take votes: ErrNotFound
// otherwise.
func (s *Store) Vote(ctx context.Context, id int64, voter string, identityID int64, value int, at time.Time) (up, down int, err error) {
	if voter == "" || value < -1 || value > 1 {
		return 0, 0, fmt.Errorf("store: bad vote %q %d", voter, value)
	}
	err = s.InTx(ctx, func(tx *Store) error {
		var n int
		if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comments WHERE id = ? AND status = 'approved'"), id).Scan(&n); err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		if n == 0 {
			return ErrNotFound
		}
		if identityID != 0 {
			// One vote per identity as well as per voter key: a guest voting
			// from a second address replaces their first vote.
			if _, err := tx.execQuiet(ctx, "DELETE FROM comment_votes WHERE comment_id = ? AND identity_id = ? AND voter <> ?", id, identityID, voter); err != nil {
				return fmt.Errorf("store: vote: %w", err)
			}
		}
		if value == 0 {
			if _, err := tx.execQuiet(ctx, "DELETE FROM comment_votes WHERE comment_id = ? AND voter = ?", id, voter); err != nil {
				return fmt.Errorf("store: vote: %w", err)
			}
		} else if _, err := tx.execQuiet(ctx, `INSERT INTO comment_votes (comment_id, voter, identity_id, value, created) VALUES (?,?,?,?,?)
			ON CONFLICT (comment_id, voter) DO UPDATE SET value = excluded.value, created = excluded.created`,
			id, voter, nullID(identityID), value, unix(at)); err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		if err := tx.writer().QueryRowContext(ctx, tx.rebind(`SELECT COALESCE(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END), 0) FROM comment_votes WHERE comment_id = ?`), id).Scan(&up, &down); err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		if _, err := tx.execQuiet(ctx, "UPDATE comments SET upvotes = ?, downvotes = ?, score = ? WHERE id = ?", up, down, up-down, id); err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
		return nil
	})
	return up, down, err
}

// VotesBy returns voter's votes (+1/-1) on the given comments, by comment
// id; comments the voter did not vote on are absent.
func (s *Store) VotesBy(ctx context.Context, voter string, commentIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if voter == "" || len(commentIDs) == 0 {
		return out, nil
	}
	ph, args := idArgs(commentIDs)
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT comment_id, value FROM comment_votes WHERE voter = ? AND comment_id IN ("+ph+")"),
		append([]any{voter}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: votes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("store: votes: %w", err)
		}
		out[id] = v
	}
	return out, rows.Err()
}

// FlagComment records f (CommentID, Reporter from VoterKey, a valid
// Reason; IdentityID and Note optional; Created defaults to the store
// clock) and counts it on the comment. It reports false, changing nothing,
// when the reporter, or the identity f.IdentityID (when not 0), already
// flagged that comment. An unknown or deleted
// comment returns ErrNotFound.
func (s *Store) FlagComment(ctx context.Context, f *model.CommentFlag) (bool, error) {
	if !f.Reason.Valid() || f.Reporter == "" {
		return false, fmt.Errorf("store: bad flag %q by %q", f.Reason, f.Reporter)
	}
	f.Note = strings.TrimSpace(f.Note)
	if f.Created.IsZero() {
		f.Created = s.Now()
	}
	added := false
	err := s.InTx(ctx, func(tx *Store) error {
		var n int
		if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comments WHERE id = ? AND status <> 'deleted'"), f.CommentID).Scan(&n); err != nil {
			return fmt.Errorf("store: flag: %w", err)
		}
		if n == 0 {
			return ErrNotFound
		}
		if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comment_flags WHERE comment_id = ? AND (reporter = ? OR (identity_id IS NOT NULL AND identity_id = ?))"),
			f.CommentID, f.Reporter, f.IdentityID).Scan(&n); err != nil {
			return fmt.Errorf("store: flag: %w", err)
		}
		if n > 0 {
			return nil
		}
		id, err := tx.insertIDQuiet(ctx, `INSERT INTO comment_flags (comment_id, reporter, identity_id, reason, note, created)
			VALUES (?,?,?,?,?,?) RETURNING id`, f.CommentID, f.Reporter, nullID(f.IdentityID), string(f.Reason), f.Note, unix(f.Created))
		if err != nil {
			return fmt.Errorf("store: flag: %w", err)
		}
		if _, err := tx.execQuiet(ctx, "UPDATE comments SET flags = flags + 1 WHERE id = ?", f.CommentID); err != nil {
			return fmt.Errorf("store: flag: %w", err)
		}
		f.ID, added = id, true
		return nil
	})
	return added, err
}

// HoldReportedComment puts comment id back to pending when it is approved
// and has at least min open flags (one per reporter, see FlagComment),
// adding reason to its spam_reason so the queue says why. It reports
// whether the comment was held (false when it was not approved, had fewer
// flags, or min < 1). Its flags stay open for the moderator.
func (s *Store) HoldReportedComment(ctx context.Context, id int64, min int, reason string) (bool, error) {
	if min < 1 {
		return false, nil
	}
	res, err := s.execQuiet(ctx, `UPDATE comments SET status = 'pending',
		spam_reason = CASE WHEN spam_reason = '' THEN ? ELSE spam_reason || '; ' || ? END
		WHERE id = ? AND status = 'approved' AND flags >= ?`, reason, reason, id, min)
	if err != nil {
		return false, fmt.Errorf("store: hold reported comment: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: hold reported comment: %w", err)
	}
	return n > 0, nil
}

// CommentFlags returns the flags on comment id, oldest first.
func (s *Store) CommentFlags(ctx context.Context, id int64) ([]model.CommentFlag, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind(`SELECT id, comment_id, reporter, identity_id, reason, note, created, resolved,
		resolved_by FROM comment_flags WHERE comment_id = ? ORDER BY created, id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: comment flags: %w", err)
	}
	defer rows.Close()
	var out []model.CommentFlag
	for rows.Next() {
		var f model.CommentFlag
		var ident, by sql.NullInt64
		var reason string
		var created, resolved int64
		if err := rows.Scan(&f.ID, &f.CommentID, &f.Reporter, &ident, &reason, &f.Note, &created, &resolved, &by); err != nil {
			return nil, fmt.Errorf("store: comment flags: %w", err)
		}
		f.IdentityID, f.ResolvedBy, f.Reason = ident.Int64, by.Int64, model.FlagReason(reason)
		f.Created, f.Resolved = fromUnix(created), fromUnix(resolved)
		out = append(out, f)
	}
	return out, rows.Err()
}
