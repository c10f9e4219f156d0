package store

import "context"

// ExecForTest runs a raw statement (tests only).
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := s.exec(ctx, q, args...)
	return err
}
