package store

import (
	"context"
	"crypto/rand"
	"fmt"
)

// Secret returns the site secret called name (32 random bytes), creating it
// on first use. Concurrent first calls from several processes agree on one
// value (the first insert wins). Secrets never leave the database except to
// key HMACs (e.g. preview links); writing one does not bump the content
// version. Nothing changes a stored secret, so each is read from the
// database once per process and then kept in memory (callers must not
// modify the returned bytes).
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	if v, ok := s.secrets.Load(name); ok {
		return v.([]byte), nil
	}
	v, err := s.secret(ctx, name)
	if err == nil && s.q == nil { // inside a transaction the insert may still roll back
		s.secrets.Store(name, v)
	}
	return v, err
}

func (s *Store) secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.queryRow(ctx, "SELECT value FROM site_secrets WHERE name = ?", name).Scan(&v)
	if err == nil && len(v) > 0 {
		return v, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	if _, err := s.execQuiet(ctx, `INSERT INTO site_secrets (name, value, created) VALUES (?,?,?)
		ON CONFLICT (name) DO NOTHING`, name, b, unix(s.Now())); err != nil {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	if err := s.write.QueryRowContext(ctx, s.rebind("SELECT value FROM site_secrets WHERE name = ?"), name).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	return v, nil
}
