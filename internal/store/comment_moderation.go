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

// Moderation state of comments: bans, word lists, the learning filter's
// counts and the spam-defence thresholds (tables of migrations 00010 and
// 00014). The rules that use them live in package comment.

// ErrBanTarget is returned by AddCommentBan for a ban that names no
// identity, e-mail address or IP hash.
var ErrBanTarget = errors.New("store: a ban needs an identity, an e-mail address or an IP hash")

// AddCommentBan inserts b and sets b.ID and, when zero, b.Created (store
// clock). Email is stored normalised (NormalizeEmail).
func (s *Store) AddCommentBan(ctx context.Context, b *model.CommentBan) error {
	b.Email = NormalizeEmail(b.Email)
	if b.IdentityID == 0 && b.Email == "" && b.IPHash == "" {
		return ErrBanTarget
	}
	if b.Created.IsZero() {
		b.Created = s.Now()
	}
	id, err := s.insertIDQuiet(ctx, `INSERT INTO comment_bans (identity_id, email, ip_hash, until, shadow, reason, created_by, created, lifted)
		VALUES (?,?,?,?,?,?,?,?,?) RETURNING id`, nullID(b.IdentityID), b.Email, b.IPHash, unix(b.Until), b.Shadow, b.Reason,
		nullID(b.CreatedBy), unix(b.Created), unix(b.Lifted))
	if err != nil {
		return fmt.Errorf("store: add ban: %w", err)
	}
	b.ID = id
	return nil
}

// LiftCommentBan ends ban id at at. An unknown or already lifted ban
// returns ErrNotFound.
func (s *Store) LiftCommentBan(ctx context.Context, id int64, at time.Time) error {
	res, err := s.execQuiet(ctx, "UPDATE comment_bans SET lifted = ? WHERE id = ? AND lifted = 0", unix(at), id)
	if err != nil {
		return fmt.Errorf("store: lift ban: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

const banCols = "id, identity_id, email, ip_hash, until, shadow, reason, created_by, created, lifted"

func scanBans(rows *sql.Rows) ([]model.CommentBan, error) {
	defer rows.Close()
	var out []model.CommentBan
	for rows.Next() {
		var b model.CommentBan
		var ident, by sql.NullInt64
		var until, created, lifted int64
		if err := rows.Scan(&b.ID, &ident, &b.Email, &b.IPHash, &until, &b.Shadow, &b.Reason, &by, &created, &lifted); err != nil {
			return nil, fmt.Errorf("store: bans: %w", err)
		}
		b.IdentityID, b.CreatedBy = ident.Int64, by.Int64
		b.Until, b.Created, b.Lifted = fromUnix(until), fromUnix(created), fromUnix(lifted)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: bans: %w", err)
	}
	return out, nil
}

// MatchingCommentBans returns the bans in force at now (not lifted, not
// ended) that match identityID, email (normalised here) or ipHash; empty
// or zero arguments match nothing. Newest first.
func (s *Store) MatchingCommentBans(ctx context.Context, identityID int64, email, ipHash string, now time.Time) ([]model.CommentBan, error) {
	email = NormalizeEmail(email)
	rows, err := s.query(ctx, "SELECT "+banCols+` FROM comment_bans
		WHERE (identity_id = ? OR (email = ? AND email <> '') OR (ip_hash = ? AND ip_hash <> '')) AND lifted = 0 AND (until = 0 OR until > ?)
		ORDER BY created DESC, id DESC`, identityID, email, ipHash, unix(now))
	if err != nil {
		return nil, fmt.Errorf("store: bans: %w", err)
	}
	return scanBans(rows)
}

// CommentBans returns bans newest first: with active, only those in force
// at now; with identityID ≠ 0, only those naming that identity. At most
// limit rows (limit ≤ 0: 200).
func (s *Store) CommentBans(ctx context.Context, active bool, identityID int64, now time.Time, limit int) ([]model.CommentBan, error) {
	if limit <= 0 {
		limit = 200
	}
	q := "SELECT " + banCols + " FROM comment_bans WHERE 1 = 1"
	var args []any
	if active {
		q += " AND lifted = 0 AND (until = 0 OR until > ?)"
		args = append(args, unix(now))
	}
	if identityID != 0 {
		q += " AND identity_id = ?"
		args = append(args, identityID)
	}
	q += " ORDER BY created DESC, id DESC LIMIT ?"
	rows, err := s.query(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: bans: %w", err)
	}
	return scanBans(rows)
}

// Word list kinds of table comment_words.
const (
	WordsBanned  = "banned"
	WordsSuspect = "suspect"
)

// CommentWords returns the entries of word list kind (WordsBanned or
// WordsSuspect), in the order they were saved.
func (s *Store) CommentWords(ctx context.Context, kind string) ([]string, error) {
	rows, err := s.query(ctx, "SELECT word FROM comment_words WHERE kind = ? ORDER BY created, word", kind)
	if err != nil {
		return nil, fmt.Errorf("store: word list: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, fmt.Errorf("store: word list: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// SetCommentWords replaces word list kind with words (duplicates dropped,
// order kept) in one transaction, recording by (a users id) and at.
func (s *Store) SetCommentWords(ctx context.Context, kind string, words []string, by int64, at time.Time) error {
	if kind != WordsBanned && kind != WordsSuspect {
		return fmt.Errorf("store: unknown word list %q", kind)
	}
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.execQuiet(ctx, "DELETE FROM comment_words WHERE kind = ?", kind); err != nil {
			return fmt.Errorf("store: word list: %w", err)
		}
		seen := map[string]bool{}
		for i, w := range words {
			if w == "" || seen[w] {
				continue
			}
			seen[w] = true
			// created orders the list: one second apart keeps the order.
			if _, err := tx.execQuiet(ctx, "INSERT INTO comment_words (word, kind, created, created_by) VALUES (?,?,?,?)",
				w, kind, unix(at)+int64(i), nullID(by)); err != nil {
				return fmt.Errorf("store: word list: %w", err)
			}
		}
		return nil
	})
}

// CommentDefences are the site's spam-defence thresholds (table
// comment_defences, migration 00014).
type CommentDefences struct {
	MaxLinks         int     // more links than this hold a comment; -1 = no limit
	MinSubmitSeconds int     // a form sent back sooner is held; 0 = off
	HoldScore        float64 // learning-filter probability that holds; 0 = off
	SpamScore        float64 // … that marks spam; 0 = off
	DuplicateSpam    int     // same text from this many other authors in a day is spam; 0 = off
	HideFlags        int     // a published comment with this many open reports is held; 0 = off (migration 00016)
	Updated          time.Time
	UpdatedBy        int64
}

// CommentDefences returns the site's spam-defence thresholds.
func (s *Store) CommentDefences(ctx context.Context) (CommentDefences, error) {
	var d CommentDefences
	var updated int64
	var by sql.NullInt64
	err := s.queryRow(ctx, `SELECT max_links, min_submit_seconds, hold_score, spam_score, duplicate_spam, hide_flags, updated, updated_by
		FROM comment_defences WHERE id = 1`).Scan(&d.MaxLinks, &d.MinSubmitSeconds, &d.HoldScore, &d.SpamScore, &d.DuplicateSpam, &d.HideFlags, &updated, &by)
	if err != nil {
		return d, fmt.Errorf("store: comment defences: %w", err)
	}
	d.Updated, d.UpdatedBy = fromUnix(updated), by.Int64
	return d, nil
}

// SaveCommentDefences writes the thresholds. Out-of-range values (links
// below -1, negative seconds or counts, scores outside 0..1, a spam score
// below a non-zero hold score) are refused with an error saying which.
func (s *Store) SaveCommentDefences(ctx context.Context, d CommentDefences) error {
	switch {
	case d.MaxLinks < -1:
		return errors.New("the link limit must be -1 (no limit) or more")
	case d.MinSubmitSeconds < 0 || d.MinSubmitSeconds > 3600:
		return errors.New("the minimum time to submit must be 0 to 3600 seconds")
	case d.HoldScore < 0 || d.HoldScore > 1 || d.SpamScore < 0 || d.SpamScore > 1:
		return errors.New("filter scores must be between 0 and 1")
	case d.SpamScore > 0 && d.HoldScore > d.SpamScore:
		return errors.New("the hold score must not be above the spam score")
	case d.DuplicateSpam < 0:
		return errors.New("the duplicate count must be 0 (off) or more")
	case d.HideFlags < 0 || d.HideFlags > 1000:
		return errors.New("the number of reports that hides a comment must be 0 (off) to 1000")
	}
	if d.Updated.IsZero() {
		d.Updated = s.Now()
	}
	_, err := s.execQuiet(ctx, `UPDATE comment_defences SET max_links = ?, min_submit_seconds = ?, hold_score = ?, spam_score = ?,
		duplicate_spam = ?, hide_flags = ?, updated = ?, updated_by = ? WHERE id = 1`, d.MaxLinks, d.MinSubmitSeconds, d.HoldScore, d.SpamScore,
		d.DuplicateSpam, d.HideFlags, unix(d.Updated), nullID(d.UpdatedBy))
	if err != nil {
		return fmt.Errorf("store: save comment defences: %w", err)
	}
	return nil
}

// CommentDuplicates counts comments whose body_hash is hash created at or
// after since: own counts those under articleID by identityID or, when
// ipHash is not empty, from the same IP hash (a guest gets a new identity
// per visit); others counts the distinct other identities, from other IP
// hashes, that posted it anywhere. Deleted comments do not count. An empty
// hash counts nothing.
func (s *Store) CommentDuplicates(ctx context.Context, hash string, identityID int64, ipHash string, articleID int64, since time.Time) (own, others int, err error) {
	if hash == "" {
		return 0, 0, nil
	}
	err = s.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN article_id = ? AND (identity_id = ? OR (ip_hash = ? AND ip_hash <> '')) THEN 1 ELSE 0 END), 0),
		COUNT(DISTINCT CASE WHEN identity_id <> ? AND ip_hash <> ? THEN identity_id END)
		FROM comments WHERE body_hash = ? AND created >= ? AND status <> 'deleted'`,
		articleID, identityID, ipHash, identityID, ipHash, hash, unix(since)).Scan(&own, &others)
	if err != nil {
		return 0, 0, fmt.Errorf("store: duplicate comments: %w", err)
	}
	return own, others, nil
}

// HasApprovedComment reports whether identityID has at least one approved
// comment (the "first-time commenter" test).
func (s *Store) HasApprovedComment(ctx context.Context, identityID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM comments WHERE identity_id = ? AND status = 'approved' LIMIT 1) x", identityID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: approved comments: %w", err)
	}
	return n > 0, nil
}

// CommentStatusCounts returns how many comments identityID has in each
// status.
func (s *Store) CommentStatusCounts(ctx context.Context, identityID int64) (map[model.CommentStatus]int, error) {
	rows, err := s.query(ctx, "SELECT status, count(*) FROM comments WHERE identity_id = ? GROUP BY status", identityID)
	if err != nil {
		return nil, fmt.Errorf("store: comment status counts: %w", err)
	}
	defer rows.Close()
	out := map[model.CommentStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: comment status counts: %w", err)
		}
		out[model.CommentStatus(st)] = n
	}
	return out, rows.Err()
}

// inList returns "?,?,…" for n arguments.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
