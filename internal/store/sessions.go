package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Server-side sessions (table sessions). The store knows nothing about the
// session library: package auth adapts these calls to
// github.com/alexedwards/scs/v2's Store interface. Tokens are opaque strings
// (auth stores a SHA-256 of the cookie value, never the value itself); data
// is opaque bytes; expiry is kept as UTC seconds.

// SaveSession inserts or replaces the session with token. userID links it to
// an account so EndUserSessions can delete it (0 for a session that has no
// signed-in user).
func (s *Store) SaveSession(ctx context.Context, token string, data []byte, expiry time.Time, userID int64) error {
	_, err := s.execQuiet(ctx, `INSERT INTO sessions (token, data, expiry, user_id) VALUES (?, ?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, user_id = excluded.user_id`,
		token, data, expiry.Unix(), nullID(userID))
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	return nil
}

// FindSession returns the data of the session with token. found is false
// when there is no such session or it has expired by the store clock (an
// expired row is left for DeleteExpiredSessions).
func (s *Store) FindSession(ctx context.Context, token string) (data []byte, found bool, err error) {
	err = s.queryRow(ctx, "SELECT data FROM sessions WHERE token = ? AND expiry > ?", token, s.Now().Unix()).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	return data, true, nil
}

// DeleteSession removes the session with token; an unknown token is not an
// error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.execQuiet(ctx, "DELETE FROM sessions WHERE token = ?", token); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes every session whose expiry has passed by the
// store clock and returns how many it removed.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.execQuiet(ctx, "DELETE FROM sessions WHERE expiry <= ?", s.Now().Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// CountSessions returns the number of live (unexpired) sessions of the
// account; userID 0 counts every live session.
func (s *Store) CountSessions(ctx context.Context, userID int64) (int, error) {
	q, args := "SELECT count(*) FROM sessions WHERE expiry > ?", []any{s.Now().Unix()}
	if userID != 0 {
		q += " AND user_id = ?"
		args = append(args, userID)
	}
	var n int
	if err := s.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count sessions: %w", err)
	}
	return n, nil
}
