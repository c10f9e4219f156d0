package web

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"masthead/internal/config"
	"masthead/internal/demo"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// benchSite returns a site over a fresh SQLite store holding the demo edition.
func benchSite(b *testing.B, cache bool) *Site {
	b.Helper()
	st := storetest.Open(b, store.SQLite, nil)
	now := time.Now().UTC()
	if _, err := demo.Seed(context.Background(), st, now); err != nil {
		b.Fatal(err)
	}
	cfg := config.Defaults()
	cfg.TimeZone = "Europe/London"
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	site, err := New(st, &cfg, nil, Options{DisableCache: !cache})
	if err != nil {
		b.Fatal(err)
	}
	return site
}

// BenchmarkArticleRenderCold renders the ~1,500-word demo long read with the
// page cache off: store reads, related scoring, recirculation and template.
func BenchmarkArticleRenderCold(b *testing.B) {
	h := benchSite(b, false).Handler()
	path := "/articles/" + demo.LongReadSlug
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkArticleWarm serves the same page from the rendered-page cache.
func BenchmarkArticleWarm(b *testing.B) {
	h := benchSite(b, true).Handler()
	path := "/articles/" + demo.LongReadSlug
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkFrontCold renders the front page with the cache off.
func BenchmarkFrontCold(b *testing.B) {
	h := benchSite(b, false).Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
