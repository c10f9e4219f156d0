package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// BenchmarkCollect measures one beacon through the real router: parsing,
// bot checks, enrichment, queueing and publishing to the live view.
func BenchmarkCollect(b *testing.B) {
	st := storetest.Open(b, store.SQLite, nil)
	f := newFixture(b, st)
	b.Cleanup(f.site.Close) // runs before the store closes
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := i % 100000
		body := fmt.Sprintf(`{"k":"heartbeat","p":"pv%010d","u":"https://news.example.com/articles/story-%d","a":%d,"e":%d,"d":%d}`, r, r%40, 1+r%40, i%16, i%101)
		req := httptest.NewRequest("POST", "/hit", strings.NewReader(body))
		req.Header.Set("User-Agent", readerUA)
		req.Header.Set("Accept-Language", "en-GB")
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", r>>16&255, r>>8&255, r&255)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != 204 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
