package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
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

// BenchmarkCommentPost posts comments (JSON answers) from parallel
// goroutines through the router, as the load script does over loopback.
func BenchmarkCommentPost(b *testing.B) {
	site, path := commentBenchSite(b, 100, true)
	site.decider.Limiter = nil
	h := site.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	var n int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n++
			form := url.Values{"name": {"Bench"}, "body": {fmt.Sprintf("Bench comment %d %d", n, time.Now().UnixNano())}}
			req := httptest.NewRequest("POST", path+"/comments", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			req.RemoteAddr = fmt.Sprintf("10.0.%d.%d:1234", n%250, n%200)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("post: %d %s", rec.Code, rec.Body.String())
			}
		}
	})
}
