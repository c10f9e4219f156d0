package store

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/model"
)

// Verified readers: magic links, sessions, reply subscriptions, export and
// erasure (tables comment_magic_links, comment_sessions,
// comment_subscriptions; migration 00010). Tokens are stored as their
// SHA-256 (hex) except unsubscribe tokens, which can only unsubscribe.

// CreateMagicLink stores a sign-in link for email (normalised) with the
// display name to use on first sign-in and the same-site path next.
func (s *Store) CreateMagicLink(ctx context.Context, tokenHash, email, name, next string, created, expires time.Time) error {
	if _, err := s.execQuiet(ctx, "INSERT INTO comment_magic_links (token_hash, email, name, next, created, expires) VALUES (?,?,?,?,?,?)",
		tokenHash, NormalizeEmail(email), name, next, unix(created), unix(expires)); err != nil {
		return fmt.Errorf("store: create magic link: %w", err)
	}
	return nil
}

// MagicLinks returns how many sign-in links were made for email since
// since (rate limits).
func (s *Store) MagicLinks(ctx context.Context, email string, since time.Time) (int, error) {
	var n int
	if err := s.queryRow(ctx, "SELECT count(*) FROM comment_magic_links WHERE email = ? AND created >= ?", NormalizeEmail(email), unix(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: magic links: %w", err)
	}
	return n, nil
}

// MagicLink returns the e-mail, name and next path of an unused link valid
// at now, or ErrNotFound. It changes nothing.
func (s *Store) MagicLink(ctx context.Context, tokenHash string, now time.Time) (email, name, next string, err error) {
	err = s.queryRow(ctx, "SELECT email, name, next FROM comment_magic_links WHERE token_hash = ? AND used = 0 AND expires > ?",
		tokenHash, now.Unix()).Scan(&email, &name, &next)
	if isNoRows(err) {
		return "", "", "", ErrNotFound
	}
	if err != nil {
		return "", "", "", fmt.Errorf("store: magic link: %w", err)
	}
	return email, name, next, nil
}

// UseMagicLink marks an unused, unexpired link used at now and returns what
// MagicLink returns; a second use returns ErrNotFound, so each link signs in
// once even under concurrent requests.
func (s *Store) UseMagicLink(ctx context.Context, tokenHash string, now time.Time) (email, name, next string, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		res, err := tx.execQuiet(ctx, "UPDATE comment_magic_links SET used = ? WHERE token_hash = ? AND used = 0 AND expires > ?",
			now.Unix(), tokenHash, now.Unix())
		if err != nil {
			return fmt.Errorf("store: use magic link: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return tx.writer().QueryRowContext(ctx, tx.rebind("SELECT email, name, next FROM comment_magic_links WHERE token_hash = ?"),
			tokenHash).Scan(&email, &name, &next)
	})
	return email, name, next, err
}

// CreateCommentSession stores a reader's sign-in: tokenHash is the SHA-256
// (hex) of the cookie value.
func (s *Store) CreateCommentSession(ctx context.Context, tokenHash string, identityID int64, created, expires time.Time) error {
	if _, err := s.execQuiet(ctx, "INSERT INTO comment_sessions (token_hash, identity_id, created, expires) VALUES (?,?,?,?)",
		tokenHash, identityID, unix(created), unix(expires)); err != nil {
		return fmt.Errorf("store: create comment session: %w", err)
	}
	return nil
}

// CommentSessionIdentity returns the identity of a reader session valid at
// now, or ErrNotFound.
func (s *Store) CommentSessionIdentity(ctx context.Context, tokenHash string, now time.Time) (*model.CommentIdentity, error) {
	return scanIdentity(s.queryRow(ctx, "SELECT "+identityCols+` FROM comment_identities WHERE id =
		(SELECT identity_id FROM comment_sessions WHERE token_hash = ? AND expires > ?) AND erased = 0`, tokenHash, now.Unix()))
}

// DeleteCommentSession ends a reader session (sign-out).
func (s *Store) DeleteCommentSession(ctx context.Context, tokenHash string) error {
	if _, err := s.execQuiet(ctx, "DELETE FROM comment_sessions WHERE token_hash = ?", tokenHash); err != nil {
		return fmt.Errorf("store: delete comment session: %w", err)
	}
	return nil
}

// Subscribe opts identity into reply e-mails for article articleID (0 = all
// articles) with unsubscribe token token; an existing subscription is
// renewed (its token kept) and its token returned.
func (s *Store) Subscribe(ctx context.Context, identityID, articleID int64, token string, at time.Time) (string, error) {
	var out string
	err := s.InTx(ctx, func(tx *Store) error {
		err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT token FROM comment_subscriptions WHERE identity_id = ? AND article_id = ?"),
			identityID, articleID).Scan(&out)
		if isNoRows(err) {
			out = token
			_, err = tx.execQuiet(ctx, "INSERT INTO comment_subscriptions (identity_id, article_id, token, created) VALUES (?,?,?,?)",
				identityID, articleID, token, unix(at))
		} else if err == nil {
			_, err = tx.execQuiet(ctx, "UPDATE comment_subscriptions SET unsubscribed = 0 WHERE identity_id = ? AND article_id = ?", identityID, articleID)
		}
		if err != nil {
			return fmt.Errorf("store: subscribe: %w", err)
		}
		return nil
	})
	return out, err
}

// ReplySubscription returns the unsubscribe token of identity's active
// subscription covering article articleID (its own, else the all-articles
// one), or ErrNotFound.
func (s *Store) ReplySubscription(ctx context.Context, identityID, articleID int64) (string, error) {
	var tok string
	err := s.queryRow(ctx, `SELECT token FROM comment_subscriptions WHERE identity_id = ? AND article_id IN (?, 0) AND unsubscribed = 0
		ORDER BY article_id DESC LIMIT 1`, identityID, articleID).Scan(&tok)
	if isNoRows(err) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: reply subscription: %w", err)
	}
	return tok, nil
}

// Unsubscribe ends the subscription with token at at. An unknown token
// returns ErrNotFound; unsubscribing twice is not an error.
func (s *Store) Unsubscribe(ctx context.Context, token string, at time.Time) error {
	res, err := s.execQuiet(ctx, "UPDATE comment_subscriptions SET unsubscribed = CASE WHEN unsubscribed = 0 THEN ? ELSE unsubscribed END WHERE token = ?",
		unix(at), token)
	if err != nil {
		return fmt.Errorf("store: unsubscribe: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// AllIdentityComments returns every comment of identity id and of the
// guest identities it claimed (ClaimGuestIdentities; all statuses but the
// bodies of deleted ones are empty), oldest first, for the reader's
// download and erasure. Each comment's Identity is the one it was posted
// under.
func (s *Store) AllIdentityComments(ctx context.Context, id int64) ([]*model.Comment, error) {
	return s.comments(ctx, commentWithIdentity+" WHERE c.identity_id = ? OR c.identity_id IN ("+claimedBy+") ORDER BY c.created, c.id", id, id)
}

// claimedBy selects the ids of the guest identities a reader (the one
// parameter) claimed.
const claimedBy = "SELECT ci2.id FROM comment_identities ci2 WHERE ci2.claimed_by = ? AND ci2.claimed_by <> 0"

// EraseReader carries out a reader's erasure request at at (policy in
// docs/COMMENTS.md): each of their comments, and of the guest identities
// they claimed, is marked deleted with its body blanked (replies by others
// keep their place under a placeholder); their votes and flags are
// detached from them; their subscriptions, sessions and sign-in links are
// deleted; the identity and the claimed ones keep only their id, with
// name and e-mail blanked and erased set. An unknown or already erased
// identity returns ErrNotFound.
func (s *Store) EraseReader(ctx context.Context, id int64, at time.Time) error {
	return s.InTx(ctx, func(tx *Store) error {
		var email string
		err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT email FROM comment_identities WHERE id = ? AND erased = 0"), id).Scan(&email)
		if isNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: erase reader: %w", err)
		}
		steps := []struct {
			q    string
			args []any
		}{
			{`UPDATE comments SET status = 'deleted', deleted = CASE WHEN deleted = 0 THEN ? ELSE deleted END, body_source = '', body_html = '',
				body_hash = '', ip_hash = '', picked = 0, pinned = 0 WHERE identity_id = ? OR identity_id IN (` + claimedBy + `)`, []any{unix(at), id, id}},
			{"UPDATE comment_votes SET identity_id = NULL WHERE identity_id = ? OR identity_id IN (" + claimedBy + ")", []any{id, id}},
			{"UPDATE comment_flags SET identity_id = NULL WHERE identity_id = ? OR identity_id IN (" + claimedBy + ")", []any{id, id}},
			{"DELETE FROM comment_subscriptions WHERE identity_id = ?", []any{id}},
			{"DELETE FROM comment_sessions WHERE identity_id = ?", []any{id}},
			{"DELETE FROM comment_magic_links WHERE email = ?", []any{email}},
			{"UPDATE comment_identities SET name = '', email = '', website = '', erased = ? WHERE id = ? OR (claimed_by = ? AND kind = 'guest')", []any{unix(at), id, id}},
		}
		for _, st := range steps {
			if _, err := tx.execQuiet(ctx, st.q, st.args...); err != nil {
				return fmt.Errorf("store: erase reader: %w", err)
			}
		}
		return nil
	})
}

// RecentComments returns up to limit approved, non-shadowed comments,
// newest first, of article articleID (0 = the whole site) whose article is
// published and visible at now; for comment feeds.
func (s *Store) RecentComments(ctx context.Context, articleID int64, now time.Time, limit int) ([]*model.Comment, error) {
	q := commentWithIdentity + ` JOIN articles a ON a.id = c.article_id WHERE c.status = 'approved' AND c.shadow = ?
		AND a.status = 'published' AND a.published_at <= ? AND a.embargo_until <= ?`
	args := []any{false, now.Unix(), now.Unix()}
	if articleID != 0 {
		q += " AND c.article_id = ?"
		args = append(args, articleID)
	}
	q += " ORDER BY c.created DESC, c.id DESC LIMIT ?"
	return s.comments(ctx, q, append(args, limit)...)
}
