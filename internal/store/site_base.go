package store

import (
	"context"
	"fmt"
)

// SetServedBaseURL records the public base URL `masthead serve` runs with
// (site_state.base_url), for commands that print links to the site.
func (s *Store) SetServedBaseURL(ctx context.Context, url string) error {
	if _, err := s.exec(ctx, "UPDATE site_state SET base_url = ? WHERE id = 1", url); err != nil {
		return fmt.Errorf("store: base url: %w", err)
	}
	return nil
}

// ServedBaseURL returns the base URL last recorded by SetServedBaseURL, or
// "" when no server has run on this database yet.
func (s *Store) ServedBaseURL(ctx context.Context) (string, error) {
	var u string
	if err := s.queryRow(ctx, "SELECT base_url FROM site_state WHERE id = 1").Scan(&u); err != nil {
		return "", fmt.Errorf("store: base url: %w", err)
	}
	return u, nil
}
