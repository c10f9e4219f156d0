package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead/internal/model"
)

// APIKey is a Content API key (table api_keys). Only the SHA-256 of the
// secret is stored; the secret is shown once when the key is made.
type APIKey struct {
	ID       int64
	Name     string
	Hash     string    // hex SHA-256 of the secret
	Prefix   string    // first 8 characters of the secret, for display
	Created  time.Time // UTC
	LastUsed time.Time // UTC; zero when never used
	Revoked  time.Time // UTC; zero while the key is valid
}

const apiKeyCols = "id, name, key_hash, prefix, created, last_used, revoked"

func scanAPIKey(sc interface{ Scan(...any) error }) (*APIKey, error) {
	k := new(APIKey)
	var created, used, revoked int64
	err := sc.Scan(&k.ID, &k.Name, &k.Hash, &k.Prefix, &created, &used, &revoked)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("store: api key: %w", err)
	}
	k.Created, k.LastUsed, k.Revoked = fromUnix(created), fromUnix(used), fromUnix(revoked)
	return k, nil
}

// CreateAPIKey stores a key with the given name, hash and prefix (Created
// set to the store clock) and returns it with its id.
func (s *Store) CreateAPIKey(ctx context.Context, name, hash, prefix string) (*APIKey, error) {
	k := &APIKey{Name: name, Hash: hash, Prefix: prefix, Created: s.Now()}
	err := s.writer().QueryRowContext(ctx, s.rebind(`INSERT INTO api_keys (name, key_hash, prefix, created)
		VALUES (?, ?, ?, ?) RETURNING id`), name, hash, prefix, unix(k.Created)).Scan(&k.ID)
	if err != nil {
		return nil, fmt.Errorf("store: create api key: %w", err)
	}
	return k, nil
}

// APIKeyByHash returns the key (revoked or not) whose secret hashes to hash,
// or ErrNotFound.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (*APIKey, error) {
	return scanAPIKey(s.queryRow(ctx, "SELECT "+apiKeyCols+" FROM api_keys WHERE key_hash = ?", hash))
}

// APIKeys returns every key, oldest first.
func (s *Store) APIKeys(ctx context.Context) ([]*APIKey, error) {
	rows, err := s.query(ctx, "SELECT "+apiKeyCols+" FROM api_keys ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	defer rows.Close()
	var out []*APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey marks the key revoked now. It returns ErrNotFound when no key
// has the id; revoking a revoked key keeps its first revocation time.
func (s *Store) RevokeAPIKey(ctx context.Context, id int64) error {
	res, err := s.execQuiet(ctx, "UPDATE api_keys SET revoked = CASE WHEN revoked = 0 THEN ? ELSE revoked END WHERE id = ?",
		unix(s.Now()), id)
	if err != nil {
		return fmt.Errorf("store: revoke api key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TouchAPIKey records that the key was used at at. Like account writes it
// does not mark content as changed.
func (s *Store) TouchAPIKey(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.execQuiet(ctx, "UPDATE api_keys SET last_used = ? WHERE id = ?", unix(at), id); err != nil {
		return fmt.Errorf("store: touch api key: %w", err)
	}
	return nil
}

// CorrectionsFor returns the corrections of the given articles keyed by
// article id, oldest first (list responses of the Content API carry them;
// ListArticles does not load them).
func (s *Store) CorrectionsFor(ctx context.Context, ids []int64) (map[int64][]model.Correction, error) {
	out := map[int64][]model.Correction{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := idArgs(ids)
	rows, err := s.query(ctx, `SELECT id, article_id, created, body FROM corrections WHERE article_id IN (`+ph+`) ORDER BY created, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: corrections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c model.Correction
		var created int64
		if err := rows.Scan(&c.ID, &c.ArticleID, &created, &c.Body); err != nil {
			return nil, fmt.Errorf("store: scan correction: %w", err)
		}
		c.Created = fromUnix(created)
		out[c.ArticleID] = append(out[c.ArticleID], c)
	}
	return out, rows.Err()
}
