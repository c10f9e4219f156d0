package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/article"
	"masthead/internal/config"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestAdminEditorFields: the fields the editor has besides the basics —
// READ MORE pins (an old slug follows its redirect), rights line, SEO
// title and description, canonical URL, embargo, comments — go through the
// API, come back in its answer, and the revision it writes is the editor's
// snapshot format.
func TestAdminEditorFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		tok := f.tokens["editor"]
		ctx := context.Background()
		// Rename a seeded story so that its old slug only lives on as a redirect.
		var pinned AdminArticle
		f.call(t, tok, "POST", "/api/v1/admin/articles", `{"headline":"Pinned story","body_markdown":"x"}`, &pinned)
		var renamed AdminArticle
		if rec := f.call(t, tok, "PATCH", "/api/v1/admin/articles/"+itoa(pinned.ID), `{"slug":"pinned-story-renamed"}`, &renamed); rec.Code != 200 || renamed.Slug != "pinned-story-renamed" {
			t.Fatalf("rename: %d %s", rec.Code, rec.Body)
		}
		emb := fixedNow.Add(48 * time.Hour).UTC()
		body := `{"headline":"Council vote","body_markdown":"Text.","pins":["pinned-story"],"rights":"CC BY 4.0",
			"seo_title":"Council votes on budget","seo_description":"What changed.","canonical_url":"https://wire.example.org/council",
			"embargo_until":"` + emb.Format(time.RFC3339) + `","comments_open":false}`
		var ar AdminArticle
		if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", body, &ar); rec.Code != 201 {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		if len(ar.Pins) != 1 || ar.Pins[0] != "pinned-story-renamed" || ar.Rights != "CC BY 4.0" || ar.SEOTitle != "Council votes on budget" ||
			ar.SEODescription != "What changed." || ar.CanonicalURL != "https://wire.example.org/council" || ar.CommentsOpen ||
			ar.EmbargoUntil == nil || !ar.EmbargoUntil.Equal(emb) {
			t.Errorf("fields not kept: %+v", ar)
		}
		stored, err := st.ArticleByID(ctx, ar.ID)
		if err != nil || len(stored.Pins) != 1 || stored.Pins[0] != pinned.ID || !stored.EmbargoUntil.Equal(emb) || stored.CommentsOpen {
			t.Fatalf("stored: %+v %v", stored, err)
		}
		revs, err := st.Revisions(ctx, ar.ID, 0)
		if err != nil || len(revs) != 1 {
			t.Fatalf("revisions: %v %v", revs, err)
		}
		snap, err := article.DecodeSnapshot(revs[0])
		if err != nil || snap.Rights != "CC BY 4.0" || snap.Pins != "pinned-story-renamed" || snap.SEODesc != "What changed." || snap.CommentsOpen {
			t.Errorf("snapshot: %+v %v", snap, err)
		}
		// Lifting the embargo and bad values.
		path := "/api/v1/admin/articles/" + itoa(ar.ID)
		if rec := f.call(t, tok, "PATCH", path, `{"embargo_until":""}`, &ar); rec.Code != 200 || ar.EmbargoUntil != nil {
			t.Errorf("lift embargo: %d %s", rec.Code, rec.Body)
		}
		rec := f.call(t, tok, "PATCH", path, `{"embargo_until":"next week","canonical_url":"ftp://x","pins":["no-such-story"]}`, nil)
		for _, field := range []string{`"embargo_until"`, `"canonical_url"`, `"pins"`} {
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), field) {
				t.Errorf("bad values: %d %s (want %s)", rec.Code, rec.Body, field)
			}
		}
		if a, _ := st.ArticleByID(ctx, ar.ID); a.CanonicalURL != "https://wire.example.org/council" {
			t.Errorf("refused PATCH changed the story: %q", a.CanonicalURL)
		}
	})
}

// TestAdminReviewCorrectionsMarkUpdated: a contributor submits for review;
// an editor publishes, marks a change as an update and adds a correction.
func TestAdminReviewCorrectionsMarkUpdated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		var ar AdminArticle
		if rec := f.call(t, f.tokens["contributor"], "POST", "/api/v1/admin/articles", `{"headline":"From a stringer","body_markdown":"x"}`, &ar); rec.Code != 201 {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		path := "/api/v1/admin/articles/" + itoa(ar.ID)
		if rec := f.call(t, f.tokens["contributor"], "POST", path+"/publish", "", nil); rec.Code != 403 {
			t.Errorf("contributor publish: %d", rec.Code)
		}
		if rec := f.call(t, f.tokens["editor"], "POST", path+"/corrections", `{"text":"x"}`, nil); rec.Code != 409 {
			t.Errorf("correction of a draft: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, f.tokens["contributor"], "POST", path+"/review", "", &ar); rec.Code != 200 || ar.Status != "review" {
			t.Fatalf("review: %d %s", rec.Code, rec.Body)
		}
		tok := f.tokens["editor"]
		if rec := f.call(t, tok, "POST", path+"/publish", "", &ar); rec.Code != 200 || ar.Status != "published" || ar.UpdatedAt != nil {
			t.Fatalf("publish: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "POST", path+"/review", "", nil); rec.Code != 409 {
			t.Errorf("review of a live story: %d", rec.Code)
		}
		if rec := f.call(t, tok, "PATCH", path, `{"dek":"Quiet fix"}`, &ar); rec.Code != 200 || ar.UpdatedAt != nil {
			t.Errorf("silent fix marked updated: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "PATCH", path, `{"dek":"New facts","mark_updated":true}`, &ar); rec.Code != 200 || ar.UpdatedAt == nil {
			t.Errorf("mark_updated: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "POST", path+"/corrections", `{"text":"  "}`, nil); rec.Code != 422 {
			t.Errorf("empty correction: %d", rec.Code)
		}
		if rec := f.call(t, tok, "POST", path+"/corrections", `{"text":"`+strings.Repeat("a", 2001)+`"}`, nil); rec.Code != 422 {
			t.Errorf("long correction: %d", rec.Code)
		}
		if rec := f.call(t, tok, "POST", path+"/corrections", `{"text":"An earlier version misspelt the mayor's name."}`, &ar); rec.Code != 200 ||
			len(ar.Corrections) != 1 || ar.Corrections[0].Text != "An earlier version misspelt the mayor's name." {
			t.Fatalf("correction: %d %s", rec.Code, rec.Body)
		}
		entries, _, err := st.AuditLog(ctx, store.AuditFilter{ArticleID: ar.ID})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range entries {
			acts = append(acts, e.Action)
		}
		if got := strings.Join(acts, ","); !strings.Contains(got, store.AuditCorrection) || !strings.Contains(got, store.AuditReview) {
			t.Errorf("audit: %s", got)
		}
	})
}

// TestAdminRemoteLead: a lead image given by URL is fetched, sniffed and
// stored in the media library with the article; private addresses are
// refused unless --webhooks-allow-private, and the error says so; what is
// not an image is refused and nothing is written.
func TestAdminRemoteLead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		png := testPNG(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/photo.jpg": // a PNG named .jpg: the bytes decide
				w.Write(png)
			case "/page.png":
				w.Write([]byte("<html><script>alert(1)</script></html>"))
			default:
				http.NotFound(w, r)
			}
		}))
		defer srv.Close()
		tok := f.tokens["editor"]
		body := func(u string) string {
			return `{"headline":"Remote lead","lead_image":{"url":"` + u + `","alt":"A test pattern","credit":"Wire"}}`
		}
		// The fixture's server refuses loopback addresses.
		rec := f.call(t, tok, "POST", "/api/v1/admin/articles", body(srv.URL+"/photo.jpg"), nil)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "lead_image.url") || !strings.Contains(rec.Body.String(), "--webhooks-allow-private") {
			t.Errorf("private address: %d %s", rec.Code, rec.Body)
		}
		cfg := config.Defaults()
		cfg.BaseURL, cfg.WebhooksAllowPrivate = "https://news.example.com", true
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		a, err := New(st, &cfg, Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		f.h = a.Handler()
		before, _ := st.CountAll(context.Background())
		for _, u := range []string{srv.URL + "/page.png", srv.URL + "/missing.jpg"} {
			if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", body(u), nil); rec.Code != 422 || !strings.Contains(rec.Body.String(), "lead_image.url") {
				t.Errorf("%s: %d %s", u, rec.Code, rec.Body)
			}
		}
		if after, _ := st.CountAll(context.Background()); after != before {
			t.Errorf("refused requests wrote something: %+v → %+v", before, after)
		}
		var ar AdminArticle
		if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", body(srv.URL+"/photo.jpg"), &ar); rec.Code != 201 || ar.LeadImage == nil {
			t.Fatalf("remote lead: %d %s", rec.Code, rec.Body)
		}
		m, err := st.MediaByID(context.Background(), ar.LeadImage.MediaID)
		if err != nil || !m.Stored || m.MIME != "image/png" || m.Width != 40 || m.Alt != "A test pattern" || m.Credit != "Wire" {
			t.Fatalf("media: %+v %v", m, err)
		}
		// The same image again reuses the library's copy.
		var again AdminArticle
		f.call(t, tok, "POST", "/api/v1/admin/articles", strings.Replace(body(srv.URL+"/photo.jpg"), "Remote lead", "Again", 1), &again)
		if again.LeadImage == nil || again.LeadImage.MediaID != m.ID {
			t.Errorf("not reused: %+v", again.LeadImage)
		}
	})
}
