package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// APIToken is an Admin API token (table api_tokens). It belongs to a
// newsroom user and acts with that user's role. Only the SHA-256 of the
// secret is stored; the secret is shown once when the token is made.
type APIToken struct {
	ID       int64
	UserID   int64
	Name     string
	Hash     string    // hex SHA-256 of the secret
	Prefix   string    // first 8 characters of the secret, for display
	Created  time.Time // UTC
	LastUsed time.Time // UTC; zero when never used
	Revoked  time.Time // UTC; zero while the token is valid
}

const apiTokenCols = "id, user_id, name, token_hash, prefix, created, last_used, revoked"

func scanAPIToken(sc interface{ Scan(...any) error }) (*APIToken, error) {
	k := new(APIToken)
	var created, used, revoked int64
	err := sc.Scan(&k.ID, &k.UserID, &k.Name, &k.Hash, &k.Prefix, &created, &used, &revoked)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("store: api token: %w", err)
	}
	k.Created, k.LastUsed, k.Revoked = fromUnix(created), fromUnix(used), fromUnix(revoked)
	return k, nil
}

// CreateAPIToken stores a token of user userID and returns it with its id.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, name, hash, prefix string) (*APIToken, error) {
	k := &APIToken{UserID: userID, Name: name, Hash: hash, Prefix: prefix, Created: s.Now()}
	err := s.writer().QueryRowContext(ctx, s.rebind(`INSERT INTO api_tokens (user_id, name, token_hash, prefix, created)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), userID, name, hash, prefix, unix(k.Created)).Scan(&k.ID)
	if err != nil {
		return nil, fmt.Errorf("store: create api token: %w", err)
	}
	return k, nil
}

// APITokenByHash returns the token (revoked or not) whose secret hashes to
// hash, or ErrNotFound.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (*APIToken, error) {
	return scanAPIToken(s.queryRow(ctx, "SELECT "+apiTokenCols+" FROM api_tokens WHERE token_hash = ?", hash))
}

// APITokens returns every token, oldest first.
func (s *Store) APITokens(ctx context.Context) ([]*APIToken, error) {
	rows, err := s.query(ctx, "SELECT "+apiTokenCols+" FROM api_tokens ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: api tokens: %w", err)
	}
	defer rows.Close()
	var out []*APIToken
	for rows.Next() {
		k, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIToken marks the token revoked now; ErrNotFound when no token has
// the id. Revoking twice keeps the first revocation time.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64) error {
	res, err := s.execQuiet(ctx, "UPDATE api_tokens SET revoked = CASE WHEN revoked = 0 THEN ? ELSE revoked END WHERE id = ?",
		unix(s.Now()), id)
	if err != nil {
		return fmt.Errorf("store: revoke api token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TouchAPIToken records that the token was used at at.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.execQuiet(ctx, "UPDATE api_tokens SET last_used = ? WHERE id = ?", unix(at), id); err != nil {
		return fmt.Errorf("store: touch api token: %w", err)
	}
	return nil
}
