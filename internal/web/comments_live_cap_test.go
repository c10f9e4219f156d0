package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
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

// A page whose stream was closed (tab hidden) reopens it with after=ID
// and first receives the public comments posted since comment ID.
func TestLiveStreamCatchesUpAfter(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		b := f.browser("198.51.100.7")
		first := postComment(t, b, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Seen before the tab was hidden"}})
		second := postComment(t, b, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Posted while it was *hidden*"}})
		srv := httptest.NewServer(f.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/articles/harbour-story/comments/live?after="+strconv.FormatInt(first, 10), nil)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var data string
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "data: ") {
				data += strings.TrimPrefix(line, "data: ")
			}
			if line == "" && data != "" {
				break
			}
		}
		var ev liveEvent
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatalf("data %q: %v", data, err)
		}
		if ev.Kind != "comment" || ev.ID != second || ev.Count != 2 || !strings.Contains(ev.HTML, "<em>hidden</em>") {
			t.Fatalf("first event after %d: %+v", first, ev)
		}
	})
}
