package analytics

import "testing"

func testEnricher(t testing.TB) *Enricher {
	t.Helper()
	e, err := NewEnricher()
	if err != nil {
		t.Fatal(err)
	}
	return e
}
