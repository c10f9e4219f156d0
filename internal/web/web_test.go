package web

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/config"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fixedNow is the clock of every web test: 2024-06-20 14:21 UTC (10:21 EDT).
var fixedNow = time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC)

type fixture struct {
	st   *store.Store
	site *Site
	h    http.Handler
	now  *time.Time
}

func newFixture(t testing.TB, st *store.Store) *fixture {
	t.Helper()
	cfg := config.Defaults()
	cfg.BaseURL = "https://news.example.com"
	cfg.TimeZone = "America/New_York"
	cfg.SiteName = "The Example Times"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st}
	now := fixedNow
	f.now = &now
	site, err := New(st, &cfg, nil, Options{Now: func() time.Time { return *f.now }})
	if err != nil {
		t.Fatal(err)
	}
	f.site, f.h = site, site.Handler()
	return f
}

func (f *fixture) get(t *testing.T, path string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// seedNews writes a small edition: two sections, two authors, a tag, a lead
// story with a photo, a dateline, a two-author byline, a READ NEXT block, a
// correction, plus a draft, an embargoed and an unpublished story.
func seedNews(t *testing.T, st *store.Store) map[string]*model.Article {
	t.Helper()
	ctx := context.Background()
	pol, _ := st.EnsureSection(ctx, "politics", "Politics")
	biz, _ := st.EnsureSection(ctx, "business", "Business")
	ana := &model.Author{Slug: "ana-ruiz", Name: "Ana Ruiz", Bio: "Ana covers city hall."}
	ben := &model.Author{Slug: "ben-ode", Name: "Ben O'Dea"}
	for _, a := range []*model.Author{ana, ben} {
		if err := st.UpsertAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tag := &model.Tag{Slug: "harbour", Name: "Harbour"}
	st.UpsertTag(ctx, tag)
	photo := &model.Media{Key: "test:photo", MIME: "image/jpeg", Width: 1200, Height: 675, Checksum: "abcdef0123456789"}
	if err := st.UpsertMedia(ctx, photo, []byte("\xff\xd8\xff\xe0fakejpeg")); err != nil {
		t.Fatal(err)
	}
	out := map[string]*model.Article{}
	save := func(a *model.Article, md string) {
		r, err := markup.Markdown(md)
		if err != nil {
			t.Fatal(err)
		}
		a.BodyFormat, a.BodySource, a.BodyHTML, a.BodyText, a.WordCount = model.FormatMarkdown, md, r.HTML, r.Text, r.WordCount
		if a.Kind == "" {
			a.Kind = model.KindArticle
		}
		if _, err := st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		out[a.Slug] = a
	}
	save(&model.Article{Slug: "ferry-fares", Headline: "Ferry fares rise", Dek: "Commuters face higher costs.", Status: model.StatusPublished,
		SectionID: biz.ID, PublishedAt: fixedNow.Add(-5 * time.Hour), Tags: []model.Tag{*tag}, Bylines: []model.Byline{{AuthorID: ben.ID}}},
		"Fares on the harbour ferry rise in July.")
	save(&model.Article{Slug: "bridge-closes", Headline: "Harbour bridge closes for repairs & <checks>", Dek: "Engineers found cracks.",
		Kicker: "Transport", Status: model.StatusPublished, SectionID: pol.ID, Dateline: "Harbourton",
		PublishedAt: fixedNow.Add(-2 * time.Hour), UpdatedAt: fixedNow.Add(-1 * time.Hour), CommentsOpen: true,
		LeadMediaID: photo.ID, LeadAlt: "The bridge at dusk", LeadCaption: "The bridge on Tuesday.", LeadCredit: "Photo: Jo Lee/Gazette",
		Tags: []model.Tag{*tag}, Bylines: []model.Byline{{AuthorID: ana.ID}, {AuthorID: ben.ID}}},
		"The bridge will close on Monday.\n\n## What changes\n\nBuses will run instead.\n\n[[READ NEXT: ferry-fares]]\n\n[[READ MORE: draft-story]]\n\nMore detail follows.")
	save(&model.Article{Slug: "draft-story", Headline: "Secret draft", Status: model.StatusDraft, SectionID: pol.ID, Tags: []model.Tag{*tag}}, "draft harbour")
	save(&model.Article{Slug: "embargoed", Headline: "Embargoed harbour report", Status: model.StatusPublished, SectionID: pol.ID,
		PublishedAt: fixedNow.Add(-time.Hour), EmbargoUntil: fixedNow.Add(time.Hour), Tags: []model.Tag{*tag}}, "embargoed harbour text")
	save(&model.Article{Slug: "withdrawn", Headline: "Withdrawn", Status: model.StatusUnpublished, PublishedAt: fixedNow.Add(-48 * time.Hour)}, "gone")
	save(&model.Article{Slug: "about", Headline: "About us", Kind: model.KindPage, Status: model.StatusPublished, PublishedAt: fixedNow.Add(-100 * time.Hour)}, "We are a paper.")
	if err := st.AddCorrection(ctx, &model.Correction{ArticleID: out["bridge-closes"].ID, Created: fixedNow.Add(-30 * time.Minute),
		Body: "An earlier version gave the wrong closing day."}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestArticlePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedNews(t, st)
		f := newFixture(t, st)
		res := f.get(t, "/articles/bridge-closes")
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		html := body(t, res)
		for _, want := range []string{
			`<h1 class="headline" itemprop="headline" dir="auto">Harbour bridge closes for repairs &amp; &lt;checks&gt;</h1>`,
			`<p class="dek standfirst" dir="auto">Engineers found cracks.</p>`,
			`By <a href="/authors/ana-ruiz" rel="author">Ana Ruiz</a> and <a href="/authors/ben-ode" rel="author">Ben O&#39;Dea</a>`,
			`<time datetime="2024-06-20T12:21:00Z" itemprop="datePublished">Jun 20, 2024 8:21 AM EDT</time>`,
			`Updated <time datetime="2024-06-20T13:51:00Z"`, // the correction moved UpdatedAt
			`<span class="dateline">HARBOURTON —</span>`,
			`alt="The bridge at dusk"`,
			`<span class="caption">The bridge on Tuesday.</span> <small class="credit">Photo: Jo Lee/Gazette</small>`,
			`<span class="recirc-label">READ NEXT:</span> <a href="/articles/ferry-fares" data-recirc="next-1">Ferry fares rise</a>`,
			`<h2 id="corrections-h">Correction</h2>`,
			`© 2024 The Example Times, All rights reserved. Do not reproduce without permission.`,
			`<link rel="canonical" href="https://news.example.com/articles/bridge-closes">`,
			`<meta property="og:image" content="https://news.example.com/media/`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`"@type":"NewsArticle"`, `"dateModified":"2024-06-20T13:51:00Z"`, `"@type":"CorrectionComment"`,
			`Join the Conversation`, `Real Time Analytics`,
			`<h2 id="read-more-h">READ MORE</h2>`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("article page lacks %s", want)
			}
		}
		// Hidden content never leaks through inline blocks or READ MORE.
		for _, bad := range []string{"Secret draft", "Embargoed harbour report", "masthead-recirc", "<h2>What changes</h2>\n<h2"} {
			if strings.Contains(html, bad) {
				t.Errorf("article page leaks %q", bad)
			}
		}
		if !regexp.MustCompile(`<h2[^>]*>What changes</h2>`).MatchString(html) {
			t.Error("subhead missing")
		}
	})
}

func TestStatusCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		arts := seedNews(t, st)
		// rename a story: its old slug must answer 301
		a := arts["ferry-fares"]
		a.Slug = "ferry-fares-rise"
		if _, err := st.SaveArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, st)
		for path, want := range map[string]int{
			"/":                                     200,
			"/articles/draft-story":                 404,
			"/articles/embargoed":                   404,
			"/articles/withdrawn":                   410,
			"/articles/nope":                        404,
			"/articles/ferry-fares":                 301,
			"/pages/about":                          200,
			"/articles/about":                       301,
			"/sections/politics":                    200,
			"/sections/nope":                        404,
			"/authors/ana-ruiz":                     200,
			"/tags/harbour":                         200,
			"/?page=2":                              404,
			"/?page=x":                              400,
			"/search?q=harbour":                     200,
			"/no/such/thing":                        404,
			"/healthz":                              200,
			"/media/999/x.jpg":                      404,
			"/media/abc/x.jpg":                      404,
			"/search?q=" + strings.Repeat("a", 300): 400,
		} {
			if res := f.get(t, path); res.StatusCode != want {
				t.Errorf("GET %s = %d, want %d", path, res.StatusCode, want)
			}
		}
		if loc := f.get(t, "/articles/ferry-fares").Header.Get("Location"); loc != "/articles/ferry-fares-rise" {
			t.Errorf("redirect to %q", loc)
		}
	})
}

func TestEmbargoLiftsWithoutWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedNews(t, st)
		f := newFixture(t, st)
		if body(t, f.get(t, "/")) == "" || strings.Contains(body(t, f.get(t, "/")), "Embargoed harbour report") {
			t.Fatal("embargoed story on the front early")
		}
		if f.get(t, "/articles/embargoed").StatusCode != 404 {
			t.Fatal("embargoed story served early")
		}
		*f.now = fixedNow.Add(61 * time.Minute) // embargo lifted; nothing was written
		if !strings.Contains(body(t, f.get(t, "/")), "Embargoed harbour report") {
			t.Fatal("cached front still hides the story after its embargo")
		}
		if f.get(t, "/articles/embargoed").StatusCode != 200 {
			t.Fatal("story not served after embargo")
		}
	})
}

func TestCacheInvalidationAndConditionalGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		arts := seedNews(t, st)
		f := newFixture(t, st)
		res := f.get(t, "/articles/bridge-closes", "Accept-Encoding", "gzip")
		if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("no gzip: %v", res.Header)
		}
		etag, lm := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if etag == "" || lm == "" || res.Header.Get("Cache-Control") == "" {
			t.Fatalf("missing validators: %v", res.Header)
		}
		body(t, res)
		if r := f.get(t, "/articles/bridge-closes", "Accept-Encoding", "gzip", "If-None-Match", etag); r.StatusCode != 304 {
			t.Fatalf("If-None-Match: %d", r.StatusCode)
		}
		if r := f.get(t, "/articles/bridge-closes", "If-Modified-Since", lm); r.StatusCode != 304 {
			t.Fatalf("If-Modified-Since: %d", r.StatusCode)
		}
		a := arts["bridge-closes"]
		full, _ := st.ArticleByID(context.Background(), a.ID)
		full.Headline = "Bridge stays open after all"
		if _, err := st.SaveArticle(context.Background(), full); err != nil {
			t.Fatal(err)
		}
		r := f.get(t, "/articles/bridge-closes", "Accept-Encoding", "gzip", "If-None-Match", etag)
		if r.StatusCode != 200 || !strings.Contains(body(t, r), "Bridge stays open after all") {
			t.Fatalf("stale page after edit: %d", r.StatusCode)
		}
		if !strings.Contains(body(t, f.get(t, "/")), "Bridge stays open after all") {
			t.Fatal("front not invalidated")
		}
	})
}

func TestSearchPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedNews(t, st)
		f := newFixture(t, st)
		html := body(t, f.get(t, "/search?q=harbour"))
		if !strings.Contains(html, "<mark>") || strings.Contains(html, "Secret draft") || strings.Contains(html, "Embargoed") {
			t.Fatalf("search page: %s", html)
		}
		if !strings.Contains(html, `value="harbour"`) {
			t.Error("query not echoed in the form")
		}
		html = body(t, f.get(t, `/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`))
		if strings.Contains(html, "<script>alert") {
			t.Fatal("query reflected unescaped")
		}
	})
}

func TestFrontAndLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedNews(t, st)
		f := newFixture(t, st)
		html := body(t, f.get(t, "/"))
		for _, want := range []string{`class="lead-story"`, `Harbour bridge closes`, `Ferry fares rise`, `href="/sections/business"`} {
			if !strings.Contains(html, want) {
				t.Errorf("front lacks %s", want)
			}
		}
		if strings.Contains(html, "About us") {
			t.Error("pages must not appear on the front")
		}
		if n := strings.Count(html, "Harbour bridge closes for repairs"); n != 1 {
			t.Errorf("lead story shown %d times on the front, want once", n)
		}
		html = body(t, f.get(t, "/authors/ana-ruiz"))
		if !strings.Contains(html, "Ana covers city hall.") || !strings.Contains(html, "Harbour bridge closes") || strings.Contains(html, "Ferry fares rise") {
			t.Error("author page wrong")
		}
	})
}

func TestStaticAssetsImmutableAndGzipped(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	f := newFixture(t, st)
	css := f.site.static.url("site.css")
	if !strings.HasPrefix(css, "/static/site.") {
		t.Fatalf("css url %q", css)
	}
	res := f.get(t, css, "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("static: %d %v", res.StatusCode, res.Header)
	}
	if !strings.Contains(body(t, res), ".story-body") {
		t.Fatal("css body wrong")
	}
	if f.get(t, "/static/site.css").StatusCode != 404 || f.get(t, "/static/..%2f..%2fgo.mod").StatusCode != 404 {
		t.Fatal("unhashed or traversal path served")
	}
}

// TestWritesByAnotherProcessReachReaders: a second store handle on the same
// database stands for `masthead import` running beside the server.
func TestWritesByAnotherProcessReachReaders(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	open := func() *store.Store {
		st, err := store.Open(ctx, store.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if _, err := st.Migrate(ctx, nil); err != nil {
			t.Fatal(err)
		}
		return st
	}
	server, importer := open(), open()
	arts := seedNews(t, importer)
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	site, err := New(server, &cfg, nil, Options{Now: func() time.Time { return fixedNow }, PollInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: server, site: site, h: site.Handler()}
	if f.get(t, "/articles/ferry-fares").StatusCode != 200 || !strings.Contains(body(t, f.get(t, "/")), "Ferry fares rise") {
		t.Fatal("setup")
	}
	a, _ := importer.ArticleByID(ctx, arts["ferry-fares"].ID)
	a.Status = model.StatusUnpublished
	if _, err := importer.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, "/articles/ferry-fares").StatusCode; got != 410 {
		t.Fatalf("withdrawn elsewhere: %d, want 410", got)
	}
	if strings.Contains(body(t, f.get(t, "/")), "Ferry fares rise") {
		t.Fatal("front still shows a story withdrawn by another process")
	}
}

func TestOldPermalinksAndTrailingSlashes(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	seedNews(t, st)
	f := newFixture(t, st)
	for path, want := range map[string]string{
		"/2024/06/20/bridge-closes/": "/articles/bridge-closes",
		"/2024/06/bridge-closes":     "/articles/bridge-closes",
		"/politics/bridge-closes/":   "/articles/bridge-closes",
		"/bridge-closes/":            "/articles/bridge-closes",
		"/sections/politics/":        "/sections/politics",
		"/search/?q=x":               "/search?q=x",
	} {
		res := f.get(t, path)
		if res.StatusCode != 301 || res.Header.Get("Location") != want {
			t.Errorf("%s: %d → %q, want 301 → %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/2024/06/20/draft-story/", "/2024/06/20/embargoed/", "/a/b/c/d/e"} {
		if res := f.get(t, path); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	req := httptest.NewRequest("POST", "/nowhere", nil)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != 405 {
		t.Errorf("POST to unknown path: %d, want 405", rec.Code)
	}
}

func TestCacheKeyIgnoresUnknownParams(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	seedNews(t, st)
	f := newFixture(t, st)
	for i := 0; i < 50; i++ {
		f.get(t, "/rss.xml?n="+strings.Repeat("x", i))
	}
	f.get(t, "/search?q=harbour&junk=1")
	f.get(t, "/search?q=harbour&junk=2")
	f.site.cache.mu.RLock()
	n := len(f.site.cache.pages)
	f.site.cache.mu.RUnlock()
	if n != 2 {
		t.Fatalf("%d cache entries, want 2 (unknown parameters must not multiply entries)", n)
	}
}

func TestAcceptEncodingQZero(t *testing.T) {
	for ae, want := range map[string]bool{"gzip": true, "gzip;q=0": false, "gzip; q=0.000": false, "GZIP;Q=0": false,
		"gzip;q=0.5": true, "br, gzip": true, "identity": false, "": false} {
		r := httptest.NewRequest("GET", "/", nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: gzip=%v, want %v", ae, got, want)
		}
	}
}

func TestNotFoundIsNotCachedByBrowsers(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	seedNews(t, st)
	f := newFixture(t, st)
	for _, path := range []string{"/articles/embargoed", "/articles/withdrawn", "/no/such"} {
		if cc := f.get(t, path).Header.Get("Cache-Control"); cc != "public, max-age=0" {
			t.Errorf("%s: Cache-Control %q; a story going live must not be hidden by a cached 404", path, cc)
		}
	}
}

func TestEarlyCorrectionShowsUpdated(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	arts := seedNews(t, st)
	ctx := context.Background()
	a, _ := st.ArticleByID(ctx, arts["ferry-fares"].ID)
	if err := st.AddCorrection(ctx, &model.Correction{ArticleID: a.ID, Created: a.PublishedAt.Add(20 * time.Second), Body: "Fixed a fare."}); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, st)
	if html := body(t, f.get(t, "/articles/ferry-fares")); !strings.Contains(html, `<span class="updated">Updated`) {
		t.Fatal("a correction 20 s after publication must show Updated")
	}
}
