package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestLiveStreamOutlivesRequestTimeout: the dashboard's live stream is not
// cut by the admin request timeout (it once was, after 10 s). With the
// timeout shortened to 100 ms, the stream still pushes panels well after
// it, so the test takes about a second, not the 10 s of the real timeout.
func TestLiveStreamOutlivesRequestTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	reportsSiteLog(t, "UTC", Options{RequestTimeout: timeout}, nil, func(t *testing.T, f *adminFixture, site *Site) {
		if site.requestTimeout != timeout {
			t.Fatalf("request timeout %v, want %v", site.requestTimeout, timeout)
		}
		ben := signIn(t, f, "ben@example.com")
		srv := httptest.NewServer(f.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/admin/analytics/live", nil)
		for _, c := range ben.cookies {
			req.AddCookie(c)
		}
		res, err := srv.Client().Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("stream: %v %v", res, err)
		}
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var first time.Time
		panels := 0
		for sc.Scan() {
			if !strings.HasPrefix(sc.Text(), "event: panel") {
				continue
			}
			panels++
			if first.IsZero() {
				first = time.Now()
			} else if time.Since(first) > 5*timeout {
				break // a push arrived well past the request timeout
			}
		}
		if first.IsZero() || time.Since(first) <= 5*timeout {
			t.Fatalf("the stream ended after %d panels (%v after the first): %v", panels, time.Since(first), sc.Err())
		}
	})
}
