package api

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/config"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
	"masthead/internal/web"
)

// adminFixture is the API fixture plus newsroom users with tokens.
type adminFixture struct {
	*fixture
	cfg    *config.Config
	tokens map[string]string // role → token secret
	users  map[string]*store.User
}

// newAdminFixture seeds st and makes an editor (ana@example.com, the author
// Ana Ruiz), an author, a contributor and a disabled editor, with tokens.
func newAdminFixture(t *testing.T, st *store.Store) *adminFixture {
	t.Helper()
	f := &adminFixture{fixture: newFixture(t, st), tokens: map[string]string{}, users: map[string]*store.User{}}
	cfg := config.Defaults()
	cfg.BaseURL = "https://news.example.com"
	cfg.SiteName = "The Example Times"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	f.cfg = &cfg
	ctx := context.Background()
	for _, u := range []*store.User{
		{Email: "ana@example.com", Name: "Ana Ruiz", Role: "editor"},
		{Email: "al@example.com", Name: "Al Author", Role: "author"},
		{Email: "cy@example.com", Name: "Cy Contributor", Role: "contributor"},
		{Email: "dee@example.com", Name: "Dee Disabled", Role: "editor"},
	} {
		u.PasswordHash = "x"
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		secret, _, err := AddToken(ctx, st, u.Email, "test")
		if err != nil {
			t.Fatal(err)
		}
		name := u.Role
		if u.Email == "dee@example.com" {
			name = "disabled"
			if err := st.SetUserDisabled(ctx, u.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		f.tokens[name], f.users[name] = secret, u
	}
	return f
}

// call sends a JSON request with token (none when "") and decodes the
// response into v when not nil.
func (f *adminFixture) call(t *testing.T, token, method, path, body string, v any) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if v != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, rec.Body)
		}
	}
	return rec
}

// upload posts a multipart media upload.
func (f *adminFixture) upload(t *testing.T, token, filename string, data []byte, alt string) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(data)
	mw.WriteField("alt", alt)
	mw.WriteField("credit", "Test Desk")
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/admin/media", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func articleID(t *testing.T, st *store.Store, slug string) int64 {
	t.Helper()
	a, err := st.ArticleBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(slug, err)
	}
	return a.ID
}

func TestAdminCreatePublishVisible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		tok := f.tokens["editor"]

		rec := f.upload(t, tok, "photo.png", testPNG(t), "A test pattern")
		var m AdminMedia
		if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &m) != nil || m.ID == 0 || m.Width != 40 {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}

		// Bad JSON and unknown fields are 400; field errors 422.
		if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", `{"headline":`, nil); rec.Code != 400 {
			t.Errorf("bad json: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", `{"headline":"x","nope":1}`, nil); rec.Code != 400 {
			t.Errorf("unknown field: %d %s", rec.Code, rec.Body)
		}
		rec = f.call(t, tok, "POST", "/api/v1/admin/articles", `{"dek":"d","section":"nowhere","lead_image":{"media_id":`+strconv.FormatInt(m.ID, 10)+`}}`, nil)
		// (no lead_image.alt error: an empty alt text takes the library's, as in the editor)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"headline"`) || !strings.Contains(rec.Body.String(), `"section"`) ||
			strings.Contains(rec.Body.String(), `"lead_image.alt"`) {
			t.Errorf("field errors: %d %s", rec.Code, rec.Body)
		}

		body := `{"headline":"Tide turns at the harbour","dek":"A calm week.","kicker":"Weather","section":"politics",
			"tags":["Harbour","Tides"],"bylines":[{"author":"ana-ruiz","role":""},{"author":"ben-ode","role":"photos"}],
			"dateline":"Harbourton","body_markdown":"The tide **turned**.\n\n<script>alert(1)</script>",
			"lead_image":{"media_id":` + strconv.FormatInt(m.ID, 10) + `,"alt":"Pattern","caption":"A pattern.","credit":"Desk"}}`
		var ar AdminArticle
		if rec := f.call(t, tok, "POST", "/api/v1/admin/articles", body, &ar); rec.Code != 201 {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		if ar.Status != "draft" || ar.Slug != "tide-turns-at-the-harbour" || ar.Section != "politics" || len(ar.Tags) != 2 ||
			len(ar.Bylines) != 2 || ar.Bylines[1].Role != "photos" || ar.LeadImage == nil || !strings.Contains(ar.BodyHTML, "<strong>turned</strong>") ||
			strings.Contains(ar.BodyHTML, "<script") || ar.PublishedAt != nil {
			t.Fatalf("created: %+v", ar)
		}
		path := "/api/v1/admin/articles/" + strconv.FormatInt(ar.ID, 10)
		if rec := f.get(t, "/api/v1/articles/"+ar.Slug, nil); rec.Code != 404 {
			t.Errorf("draft in the Content API: %d", rec.Code)
		}
		var patched AdminArticle
		if rec := f.call(t, tok, "PATCH", path, `{"dek":"A calmer week."}`, &patched); rec.Code != 200 || patched.Dek != "A calmer week." || patched.Headline != ar.Headline || len(patched.Tags) != 2 {
			t.Fatalf("patch: %d %s", rec.Code, rec.Body)
		}
		var pub AdminArticle
		if rec := f.call(t, tok, "POST", path+"/publish", "", &pub); rec.Code != 200 || pub.Status != "published" || pub.PublishedAt == nil {
			t.Fatalf("publish: %d %s", rec.Code, rec.Body)
		}
		var got articleJSON
		if rec := f.get(t, "/api/v1/articles/"+ar.Slug, &got); rec.Code != 200 || got.Headline != ar.Headline || got.Dek != "A calmer week." {
			t.Fatalf("content api: %d %s", rec.Code, rec.Body)
		}
		site, err := web.New(st, f.cfg, nil, web.Options{PollInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		page := httptest.NewRecorder()
		site.Handler().ServeHTTP(page, httptest.NewRequest("GET", strings.TrimPrefix(pub.URL, "https://news.example.com"), nil))
		if page.Code != 200 || !strings.Contains(page.Body.String(), "Tide turns at the harbour") {
			t.Fatalf("reader site %s: %d", pub.URL, page.Code)
		}
		// The same audit trail and revisions as the editor.
		log, _, err := st.AuditLog(ctx, store.AuditFilter{ArticleID: ar.ID})
		if err != nil {
			t.Fatal(err)
		}
		acts := map[string]bool{}
		for _, e := range log {
			acts[e.Action] = true
			if e.UserName != "Ana Ruiz" {
				t.Errorf("audit user %q", e.UserName)
			}
		}
		if !acts[store.AuditCreate] || !acts[store.AuditSave] || !acts[store.AuditPublish] {
			t.Errorf("audit: %v", acts)
		}
		if revs, err := st.Revisions(ctx, ar.ID, 10); err != nil || len(revs) != 3 || !strings.Contains(revs[0].Snapshot, `"Headline":"Tide turns at the harbour"`) {
			t.Errorf("revisions: %d %v", len(revs), err)
		}
		var down AdminArticle
		if rec := f.call(t, tok, "POST", path+"/unpublish", "", &down); rec.Code != 200 || down.Status != "unpublished" {
			t.Fatalf("unpublish: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "POST", path+"/unpublish", "", nil); rec.Code != 409 {
			t.Errorf("unpublish twice: %d", rec.Code)
		}
		if rec := f.call(t, tok, "GET", "/api/v1/admin/articles/999999", "", nil); rec.Code != 404 {
			t.Errorf("missing: %d", rec.Code)
		}
	})
}

func TestAdminPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		// A contributor may create a draft but not publish it.
		var ar AdminArticle
		if rec := f.call(t, f.tokens["contributor"], "POST", "/api/v1/admin/articles", `{"headline":"Cy's story"}`, &ar); rec.Code != 201 {
			t.Fatalf("contributor create: %d %s", rec.Code, rec.Body)
		}
		path := "/api/v1/admin/articles/" + strconv.FormatInt(ar.ID, 10)
		before, _, _ := st.AuditLog(ctx, store.AuditFilter{ArticleID: ar.ID})
		if rec := f.call(t, f.tokens["contributor"], "POST", path+"/publish", "", nil); rec.Code != 403 {
			t.Fatalf("contributor publish: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, f.tokens["contributor"], "POST", path+"/schedule", `{"publish_at":"2099-01-01T00:00:00Z"}`, nil); rec.Code != 403 {
			t.Errorf("contributor schedule: %d %s", rec.Code, rec.Body)
		}
		a, _ := st.ArticleByID(ctx, ar.ID)
		after, _, _ := st.AuditLog(ctx, store.AuditFilter{ArticleID: ar.ID})
		if a.Status != model.StatusDraft || len(after) != len(before) {
			t.Errorf("refused publish changed something: %s, %d→%d audit entries", a.Status, len(before), len(after))
		}
		// An author cannot touch others' articles (bridge-closes is Ana's and Ben's).
		bridge := "/api/v1/admin/articles/" + strconv.FormatInt(articleID(t, st, "bridge-closes"), 10)
		for _, c := range []struct{ method, path, body string }{
			{"GET", bridge, ""}, {"PATCH", bridge, `{"headline":"Hacked"}`}, {"POST", bridge + "/unpublish", ""}, {"PATCH", path, `{"dek":"x"}`},
		} {
			if rec := f.call(t, f.tokens["author"], c.method, c.path, c.body, nil); rec.Code != 403 {
				t.Errorf("author %s %s: %d %s", c.method, c.path, rec.Code, rec.Body)
			}
		}
		// The editor owns bridge-closes by byline and may edit it.
		if rec := f.call(t, f.tokens["editor"], "PATCH", bridge, `{"kicker":"Roads"}`, nil); rec.Code != 200 {
			t.Errorf("editor patch: %d %s", rec.Code, rec.Body)
		}
		// Author's own article: create, publish is allowed.
		var own AdminArticle
		f.call(t, f.tokens["author"], "POST", "/api/v1/admin/articles", `{"headline":"Al's story"}`, &own)
		if rec := f.call(t, f.tokens["author"], "POST", "/api/v1/admin/articles/"+strconv.FormatInt(own.ID, 10)+"/publish", "", nil); rec.Code != 200 {
			t.Errorf("author publish own: %d %s", rec.Code, rec.Body)
		}
	})
}

func TestAdminSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		tok := f.tokens["editor"]
		var ar AdminArticle
		f.call(t, tok, "POST", "/api/v1/admin/articles", `{"headline":"Tomorrow's news","body_markdown":"Soon."}`, &ar)
		path := "/api/v1/admin/articles/" + strconv.FormatInt(ar.ID, 10)
		if rec := f.call(t, tok, "POST", path+"/schedule", `{"publish_at":"2024-06-20T10:00:00Z"}`, nil); rec.Code != 422 ||
			!strings.Contains(rec.Body.String(), "publish_at") {
			t.Errorf("past schedule: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, tok, "POST", path+"/schedule", `{"publish_at":"tomorrow"}`, nil); rec.Code != 422 {
			t.Errorf("bad time: %d %s", rec.Code, rec.Body)
		}
		due := fixedNow.Add(2 * time.Hour)
		var sch AdminArticle
		if rec := f.call(t, tok, "POST", path+"/schedule", `{"publish_at":"`+due.Format(time.RFC3339)+`"}`, &sch); rec.Code != 200 ||
			sch.Status != "scheduled" || sch.PublishedAt == nil || !sch.PublishedAt.Equal(due) {
			t.Fatalf("schedule: %d %s", rec.Code, rec.Body)
		}
		if rec := f.get(t, "/api/v1/articles/"+ar.Slug, nil); rec.Code != 404 {
			t.Errorf("scheduled story visible before it is due: %d", rec.Code)
		}
		ctx := context.Background()
		if ids, err := st.PublishDue(ctx, fixedNow); err != nil || len(ids) != 0 {
			t.Errorf("published before due: %v %v", ids, err)
		}
		// When due, the scheduler's store call publishes it.
		if ids, err := st.PublishDue(ctx, due.Add(time.Second)); err != nil || len(ids) != 1 || ids[0] != ar.ID {
			t.Errorf("due: %v %v", ids, err)
		}
		if a, _ := st.ArticleByID(ctx, ar.ID); a.Status != model.StatusPublished || !a.VisibleAt(due.Add(time.Second)) {
			t.Errorf("after due: %v", a.Status)
		}
	})
}

func TestAdminAuthAndMedia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		bridge := "/api/v1/admin/articles/" + strconv.FormatInt(articleID(t, st, "bridge-closes"), 10)
		for name, tok := range map[string]string{"none": "", "content key": f.key, "disabled user": f.tokens["disabled"], "garbage": "mht_nope"} {
			if rec := f.call(t, tok, "GET", bridge, "", nil); rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s: %d %s", name, rec.Code, rec.Body)
			}
		}
		// A token is not a Content API key.
		if rec := f.do(t, "GET", "/api/v1/articles", "Authorization", "Bearer "+f.tokens["editor"]); rec.Code != 401 {
			t.Errorf("token on the Content API: %d", rec.Code)
		}
		if rec := f.call(t, f.tokens["editor"], "GET", bridge, "", nil); rec.Code != 200 {
			t.Fatalf("editor: %d", rec.Code)
		}
		toks, _ := st.APITokens(ctx)
		for _, k := range toks {
			if k.UserID == f.users["editor"].ID {
				if err := st.RevokeAPIToken(ctx, k.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if rec := f.call(t, f.tokens["editor"], "GET", bridge, "", nil); rec.Code != 401 {
			t.Errorf("revoked token: %d", rec.Code)
		}
		// Media: an HTML file is refused; the same PNG twice gives one id.
		tok := f.tokens["author"]
		if rec := f.upload(t, tok, "page.html", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"), "x"); rec.Code != 415 {
			t.Errorf("html upload: %d %s", rec.Code, rec.Body)
		}
		var m1, m2 AdminMedia
		rec := f.upload(t, tok, "a.png", testPNG(t), "Pattern")
		json.Unmarshal(rec.Body.Bytes(), &m1)
		rec2 := f.upload(t, tok, "b.png", testPNG(t), "Pattern")
		json.Unmarshal(rec2.Body.Bytes(), &m2)
		if rec.Code != 201 || rec2.Code != 200 || m1.ID == 0 || m1.ID != m2.ID || !m2.Existing {
			t.Errorf("uploads: %d %d %+v %+v", rec.Code, rec2.Code, m1, m2)
		}
		if _, err := st.Renditions(ctx, m1.ID); err != nil {
			t.Errorf("renditions: %v", err)
		}
		if rec := f.upload(t, "", "a.png", testPNG(t), "x"); rec.Code != 401 {
			t.Errorf("upload without token: %d", rec.Code)
		}
	})
}
