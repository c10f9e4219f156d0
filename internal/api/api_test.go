package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/config"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fixedNow is the clock of every API test.
var fixedNow = time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC)

type fixture struct {
	st  *store.Store
	h   http.Handler
	key string
}

// newFixture seeds st and returns the API handler with a valid key.
func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	cfg := config.Defaults()
	cfg.BaseURL = "https://news.example.com"
	cfg.SiteName = "The Example Times"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	seed(t, st)
	a, err := New(st, &cfg, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := AddKey(context.Background(), st, "test")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, h: a.Handler(), key: key}
}

// seed writes two sections, two authors, a tag, a photo, three visible
// articles and a draft, an embargoed, a scheduled, an unpublished story and
// a page.
func seed(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	pol, _ := st.EnsureSection(ctx, "politics", "Politics")
	biz, _ := st.EnsureSection(ctx, "business", "Business")
	ana := &model.Author{Slug: "ana-ruiz", Name: "Ana Ruiz", Email: "ana@example.com"}
	ben := &model.Author{Slug: "ben-ode", Name: "Ben O'Dea"}
	for _, a := range []*model.Author{ana, ben} {
		if err := st.UpsertAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tag := &model.Tag{Slug: "harbour", Name: "Harbour"}
	if err := st.UpsertTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	photo := &model.Media{Key: "test:photo", MIME: "image/jpeg", Width: 1200, Height: 675, Checksum: "abcdef0123456789"}
	if err := st.UpsertMedia(ctx, photo, []byte("\xff\xd8\xff\xe0fakejpeg")); err != nil {
		t.Fatal(err)
	}
	save := func(a *model.Article, md string) *model.Article {
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
		return a
	}
	h := func(n int) time.Time { return fixedNow.Add(time.Duration(n) * time.Hour) }
	save(&model.Article{Slug: "ferry-fares", Headline: "Ferry fares rise", Status: model.StatusPublished, SectionID: biz.ID,
		PublishedAt: h(-5), Tags: []model.Tag{*tag}, Bylines: []model.Byline{{AuthorID: ben.ID}}}, "Fares rise.")
	bridge := save(&model.Article{Slug: "bridge-closes", Headline: "Bridge closes", Dek: "Cracks found.", Kicker: "Transport",
		Status: model.StatusPublished, SectionID: pol.ID, Dateline: "Harbourton", PublishedAt: h(-2), UpdatedAt: h(-1),
		LeadMediaID: photo.ID, LeadAlt: "The bridge at dusk", LeadCaption: "The bridge.", LeadCredit: "Jo Lee",
		Tags: []model.Tag{*tag}, Bylines: []model.Byline{{AuthorID: ana.ID}, {AuthorID: ben.ID, Role: "additional reporting"}}},
		"The bridge will close.\n\n[[READ NEXT: ferry-fares]]\n\nMore.")
	save(&model.Article{Slug: "old-news", Headline: "Old news", Status: model.StatusPublished, SectionID: pol.ID, PublishedAt: h(-72)}, "Old.")
	save(&model.Article{Slug: "draft-story", Headline: "Secret draft", Status: model.StatusDraft, SectionID: pol.ID, Tags: []model.Tag{*tag}}, "draft")
	save(&model.Article{Slug: "embargoed", Headline: "Embargoed", Status: model.StatusPublished, SectionID: pol.ID,
		PublishedAt: h(-1), EmbargoUntil: h(1), Tags: []model.Tag{*tag}, Bylines: []model.Byline{{AuthorID: ana.ID}}}, "embargoed")
	save(&model.Article{Slug: "scheduled", Headline: "Scheduled", Status: model.StatusPublished, SectionID: pol.ID,
		PublishedAt: h(3), Tags: []model.Tag{*tag}}, "scheduled")
	save(&model.Article{Slug: "withdrawn", Headline: "Withdrawn", Status: model.StatusUnpublished, PublishedAt: h(-48)}, "gone")
	save(&model.Article{Slug: "about", Headline: "About us", Kind: model.KindPage, Status: model.StatusPublished, PublishedAt: h(-100)}, "We are a paper.")
	if err := st.AddCorrection(ctx, &model.Correction{ArticleID: bridge.ID, Created: fixedNow.Add(-30 * time.Minute),
		Body: "An earlier version gave the wrong day."}); err != nil {
		t.Fatal(err)
	}
}

// do sends a request with the given headers (name, value pairs).
func (f *fixture) do(t *testing.T, method, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// get sends an authenticated GET and decodes the JSON body into v (when not nil).
func (f *fixture) get(t *testing.T, path string, v any) *httptest.ResponseRecorder {
	t.Helper()
	rec := f.do(t, "GET", path, "Authorization", "Bearer "+f.key)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, rec.Body)
		}
	}
	return rec
}

// errorCode returns the error code of a JSON error body.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body: %v\n%s", err, rec.Body)
	}
	return e.Error.Code + ": " + e.Error.Message
}

func TestKeysAndAuth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if !strings.HasPrefix(f.key, "mh_") || len(f.key) != 3+43 {
			t.Fatalf("key shape: %q", f.key)
		}
		for name, hdr := range map[string][]string{
			"missing": nil,
			"unknown": {"Authorization", "Bearer mh_nope"},
			"basic":   {"Authorization", "Basic " + f.key},
		} {
			rec := f.do(t, "GET", "/api/v1/sections", hdr...)
			if rec.Code != 401 || !strings.HasPrefix(errorCode(t, rec), "unauthorized:") || rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s key: %d %s", name, rec.Code, rec.Body)
			}
		}
		if rec := f.do(t, "GET", "/api/v1/sections", "X-API-Key", f.key); rec.Code != 200 {
			t.Errorf("X-API-Key: %d %s", rec.Code, rec.Body)
		}
		keys, _ := st.APIKeys(context.Background())
		if len(keys) != 1 || !keys[0].LastUsed.Equal(fixedNow) || keys[0].Hash != HashKey(f.key) || keys[0].Prefix != f.key[:8] {
			t.Fatalf("stored key: %+v", keys[0])
		}
		if err := st.RevokeAPIKey(context.Background(), keys[0].ID); err != nil {
			t.Fatal(err)
		}
		rec := f.do(t, "GET", "/api/v1/sections", "Authorization", "Bearer "+f.key)
		if rec.Code != 401 || !strings.Contains(errorCode(t, rec), "revoked") {
			t.Errorf("revoked key: %d %s", rec.Code, rec.Body)
		}
		if rec := f.do(t, "GET", "/api/openapi.json"); rec.Code != 200 {
			t.Errorf("openapi.json needs no key: %d", rec.Code)
		}
	})
}

func TestMethodsAndUnknownPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			rec := f.do(t, m, "/api/v1/articles", "Authorization", "Bearer "+f.key)
			if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" || !strings.HasPrefix(errorCode(t, rec), "method_not_allowed") {
				t.Errorf("%s: %d %q %s", m, rec.Code, rec.Header().Get("Allow"), rec.Body)
			}
		}
		if rec := f.do(t, "HEAD", "/api/v1/articles", "Authorization", "Bearer "+f.key); rec.Code != 200 {
			t.Errorf("HEAD: %d", rec.Code)
		}
		rec := f.get(t, "/api/v2/nothing", nil)
		if rec.Code != 404 || !strings.HasPrefix(errorCode(t, rec), "not_found") {
			t.Errorf("unknown path: %d %s", rec.Code, rec.Body)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
	})
}
