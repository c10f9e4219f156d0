package store

import "context"

// ExecForTest runs a raw statement (tests only).
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := s.exec(ctx, q, args...)
	return err
}

// SearchTermsForTest exposes the query splitter (tests only).
func SearchTermsForTest(q string) []string {
	var out []string
	for _, t := range searchTerms(q) {
		out = append(out, t.text)
	}
	return out
}
