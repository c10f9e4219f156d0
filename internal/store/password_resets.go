package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Password reset links (table password_resets, migration 00006). Only the
// SHA-256 (hex) of a link's token is stored, so a copy of the database holds
// no usable link. A link is valid while used is 0 and expires is in the
// future.

// CreatePasswordReset stores a reset link for the account: tokenHash (hex
// SHA-256 of the token), issued at created and valid until expires.
func (s *Store) CreatePasswordReset(ctx context.Context, tokenHash string, userID int64, created, expires time.Time) error {
	if _, err := s.execQuiet(ctx, "INSERT INTO password_resets (token_hash, user_id, created, expires, used) VALUES (?, ?, ?, ?, 0)",
		tokenHash, userID, unix(created), unix(expires)); err != nil {
		return fmt.Errorf("store: create password reset: %w", err)
	}
	return nil
}

// PasswordResetUser returns the id of the account a reset link is for when
// the link is unused and not expired at now, else ErrNotFound. It changes
// nothing.
func (s *Store) PasswordResetUser(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := s.queryRow(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND used = 0 AND expires > ?",
		tokenHash, now.Unix()).Scan(&id)
	if err != nil {
		if isNoRows(err) {
			return 0, ErrNotFound
		}
		return 0, fmt.Errorf("store: password reset: %w", err)
	}
	return id, nil
}

// UsePasswordReset marks a valid reset link used at now and returns the id
// of its account; every other unused link of that account is marked used
// too (superseded). It returns ErrNotFound when the link is unknown, used or
// expired, so each link works once even under concurrent requests.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		res, err := tx.execQuiet(ctx, "UPDATE password_resets SET used = ? WHERE token_hash = ? AND used = 0 AND expires > ?",
			now.Unix(), tokenHash, now.Unix())
		if err != nil {
			return fmt.Errorf("store: use password reset: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT user_id FROM password_resets WHERE token_hash = ?"), tokenHash).Scan(&id); err != nil {
			return fmt.Errorf("store: use password reset: %w", err)
		}
		if _, err := tx.execQuiet(ctx, "UPDATE password_resets SET used = ? WHERE user_id = ? AND used = 0", now.Unix(), id); err != nil {
			return fmt.Errorf("store: use password reset: %w", err)
		}
		return nil
	})
	return id, err
}

// DeleteOldPasswordResets deletes reset links that expired before cutoff.
func (s *Store) DeleteOldPasswordResets(ctx context.Context, cutoff time.Time) error {
	if _, err := s.execQuiet(ctx, "DELETE FROM password_resets WHERE expires < ?", cutoff.Unix()); err != nil {
		return fmt.Errorf("store: delete old password resets: %w", err)
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
