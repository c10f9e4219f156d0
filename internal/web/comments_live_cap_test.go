package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"masthead/internal/model"
)

// Issue 4: each story tab held a live stream with no cap per address.
// Streams past maxLiveStreams from one client IP are refused with 429, the
// rest of the site still answers, and a closed stream frees its place.
func TestLiveStreamsCappedPerIP(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		srv := httptest.NewServer(f.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		open := func(c context.Context) *http.Response {
			t.Helper()
			req, _ := http.NewRequestWithContext(c, "GET", srv.URL+"/articles/harbour-story/comments/live", nil)
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		var first context.CancelFunc
		for i := 0; i < maxLiveStreams; i++ {
			c, cancelOne := context.WithCancel(ctx)
			if i == 0 {
				first = cancelOne
			} else {
				defer cancelOne()
			}
			res := open(c)
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("stream %d: %d", i+1, res.StatusCode)
			}
		}
		res := open(ctx)
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("stream %d: %d, Retry-After %q", maxLiveStreams+1, res.StatusCode, res.Header.Get("Retry-After"))
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/articles/harbour-story", nil)
		page, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page.Body.Close()
		if page.StatusCode != http.StatusOK {
			t.Fatalf("story page with %d streams open: %d", maxLiveStreams, page.StatusCode)
		}
		// Closing one stream frees a place once the server has seen it end.
		first()
		for {
			res := open(ctx)
			if res.StatusCode == http.StatusOK {
				res.Body.Close()
				break
			}
			res.Body.Close()
			if res.StatusCode != http.StatusTooManyRequests || ctx.Err() != nil {
				t.Fatalf("after closing a stream: %d (%v)", res.StatusCode, ctx.Err())
			}
		}
	})
}
