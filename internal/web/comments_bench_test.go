package web

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/comment"
	"masthead/internal/comment/spam"
	"masthead/internal/config"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// commentBenchSite returns a site over a fresh SQLite store with one story
// holding n comments: conversations of ten (a top-level comment, replies
// down to depth 6, some votes), written by 50 guests.
func commentBenchSite(b *testing.B, n int, cache bool) (*Site, string) {
	b.Helper()
	ctx := context.Background()
	st := storetest.Open(b, store.SQLite, nil)
	now := time.Now().UTC()
	a := &model.Article{Slug: "busy-story", Headline: "A busy story", Status: model.StatusPublished, Kind: model.KindArticle,
		PublishedAt: now.Add(-time.Hour), CommentsOpen: true, BodyHTML: "<p>Story.</p>"}
	if _, err := st.SaveArticle(ctx, a); err != nil {
		b.Fatal(err)
	}
	var guests []*model.CommentIdentity
	for i := 0; i < 50; i++ {
		g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: fmt.Sprintf("Reader %d", i)}
		if err := st.CreateCommentIdentity(ctx, g); err != nil {
			b.Fatal(err)
		}
		guests = append(guests, g)
	}
	var parent int64
	for i := 0; i < n; i++ {
		src := fmt.Sprintf("Comment %d: I *think* the council got this wrong, see https://example.org/%d and\n\n> a quote\n\nthanks.", i, i)
		r, _ := markup.Comment(src)
		c := &model.Comment{ArticleID: a.ID, IdentityID: guests[i%50].ID, Status: model.CommentApproved, BodySource: src,
			BodyHTML: r.HTML, Created: now.Add(time.Duration(i-n) * time.Second), Upvotes: i % 7, Downvotes: i % 3}
		if i%10 != 0 {
			c.ParentID = parent
		}
		if err := st.CreateComment(ctx, c); err != nil {
			b.Fatal(err)
		}
		if i%10 < 6 {
			parent = c.ID
		}
	}
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	site, err := New(st, &cfg, nil, Options{DisableCache: !cache})
	if err != nil {
		b.Fatal(err)
	}
	return site, articlePath(a)
}

// BenchmarkCommentThreadCold renders the first page of a story with 1,000
// comments with the page cache off: the article, all 1,000 comments read
// and arranged into the thread, and the page of about 100 rendered.
func BenchmarkCommentThreadCold(b *testing.B) {
	site, path := commentBenchSite(b, 1000, false)
	h := site.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1000</span> comments") {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkCommentThreadWarm serves the same page from the page cache.
func BenchmarkCommentThreadWarm(b *testing.B) {
	site, path := commentBenchSite(b, 1000, true)
	h := site.Handler()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkCommentThreadAll renders all 1,000 comments of the thread in one
// page (template only, after the store read and arrangement): the cost a
// page budget of 1,000 would have.
func BenchmarkCommentThreadAll(b *testing.B) {
	site, _ := commentBenchSite(b, 1000, false)
	ctx := context.Background()
	a, err := site.st.ArticleBySlug(ctx, "busy-story")
	if err != nil {
		b.Fatal(err)
	}
	all, err := site.st.ArticleComments(ctx, a.ID, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var sb strings.Builder
		for _, it := range comment.Build(all, comment.SortOldest, 1, 0).Items {
			sb.Reset()
			if err := site.tmpl["article"].ExecuteTemplate(&sb, "comment", commentItem{Item: it}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCommentPost creates comments through the router as
// bench/comments-load does over loopback: 8 posters, each with a comment
// form stamp a minute old and its guest cookie after the first comment, so
// the comments are approved, rendered and published live. The
// listeners=500 case holds 500 live streams open over real loopback HTTP
// connections (an httptest.Server) and reads them, so the fan-out runs
// too; it reports live-events/op, the events the streams received per
// comment (500 when every stream saw every comment by the end).
func BenchmarkCommentPost(b *testing.B) {
	for _, listeners := range []int{0, 500} {
		b.Run(fmt.Sprintf("listeners=%d", listeners), func(b *testing.B) { benchCommentPost(b, listeners) })
	}
}

func benchCommentPost(b *testing.B, listeners int) {
	site, path := commentBenchSite(b, 100, true)
	site.decider.Limiter = spam.NewLimiter(spam.RateLimits{}) // as the load script: no rate limits
	// As the load script: loopback is a trusted proxy, so each stream can
	// name its own reader in X-Forwarded-For (the cap is 20 streams per IP).
	site.auth = auth.New(site.st, auth.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	h := site.Handler()
	ctx := context.Background()
	a, err := site.st.ArticleBySlug(ctx, "busy-story")
	if err != nil {
		b.Fatal(err)
	}
	stamp, err := site.decider.FormStamp(ctx, a.ID, time.Now().Add(-time.Minute))
	if err != nil {
		b.Fatal(err)
	}
	var received atomic.Int64
	if listeners > 0 {
		srv := httptest.NewServer(h)
		defer srv.Close()
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: listeners}}
		defer client.CloseIdleConnections()
		for i := range listeners {
			req, _ := http.NewRequestWithContext(sctx, "GET", srv.URL+path+"/comments/live", nil)
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.1.%d.%d", i>>8&255, i&255))
			res, err := client.Do(req)
			if err != nil || res.StatusCode != http.StatusOK {
				b.Fatalf("live stream %d: %v %v", i, err, res)
			}
			go func() {
				defer res.Body.Close()
				sc := bufio.NewScanner(res.Body)
				sc.Buffer(make([]byte, 64<<10), 1<<20)
				for sc.Scan() {
					if sc.Text() == "event: comment" {
						received.Add(1)
					}
				}
			}()
		}
	}
	var poster atomic.Int64
	var n atomic.Int64
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		p := poster.Add(1)
		var cookie string
		for pb.Next() {
			form := url.Values{"name": {fmt.Sprintf("Poster %d", p)}, "ts": {stamp},
				"body": {fmt.Sprintf("Comment number %d from poster %d: *bench* text with a few words.", n.Add(1), p)}}
			req := httptest.NewRequest("POST", path+"/comments", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			req.RemoteAddr = fmt.Sprintf("10.0.0.%d:1234", p)
			if cookie != "" {
				req.Header.Set("Cookie", cookie)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"status":"approved"`) {
				b.Fatalf("post: %d %s", rec.Code, rec.Body.String())
			}
			for _, c := range rec.Result().Cookies() {
				if c.Name == cookieGuest {
					cookie = c.Name + "=" + c.Value
				}
			}
		}
	})
	b.StopTimer()
	if listeners > 0 {
		want := int64(b.N) * int64(listeners)
		for deadline := time.Now().Add(30 * time.Second); received.Load() < want && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		b.ReportMetric(float64(received.Load())/float64(b.N), "live-events/op")
	}
}
