package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAnalyticsWording: the live view and the reports say what their
// figures are (issue 5 finding 10): comments per minute of the last full
// minute, refused hits with their reason explained, series engaged time as
// a total, and the retention in force on the reports page.
func TestAnalyticsWording(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		req := httptest.NewRequest("POST", "/hit", strings.NewReader(`{"k":"pageview","p":"pvWord0001","u":"https://news.example.com/"}`))
		req.RemoteAddr = "203.0.113.9:4000"
		req.Header.Set("User-Agent", readerUA) // no Accept-Language: refused
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNoContent {
			t.Fatalf("beacon: %d", rec.Code)
		}
		ben := signIn(t, f, "ben@example.com")
		_, live := ben.do(t, "GET", "/admin/analytics", nil)
		for _, want := range []string{"0 comments per minute (last full minute)",
			"<code>no-accept-language</code>", "no Accept-Language header"} {
			if !strings.Contains(live, want) {
				t.Errorf("live view lacks %q", want)
			}
		}
		_, rep := ben.do(t, "GET", "/admin/analytics/reports", nil)
		for _, want := range []string{`<th scope="col">Total engaged time</th>`,
			"Raw events are kept 30 days", "the reports (hourly and daily rollups) forever"} {
			if !strings.Contains(rep, want) {
				t.Errorf("reports page lacks %q", want)
			}
		}
	})
}
