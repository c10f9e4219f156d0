package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// testGhost5 is a Ghost 5.x export as written by Settings → Labs → Export:
// three posts (one a draft with only a Lexical body), a page, two authors,
// public and internal tags, posts_meta with feature image alt/caption, and
// __GHOST_URL__ placeholders.
const testGhost5 = `{
  "db": [{
    "meta": {"exported_on": 1718900000000, "version": "5.85.1"},
    "data": {
      "posts": [
        {"id": "6650a1b2c3d4e5f600000001", "uuid": "0b7e7c9e-1d2a-4f57-9a53-1c9d1b3e0001",
         "title": "Harbour bridge reopens after repairs", "slug": "harbour-bridge-reopens",
         "mobiledoc": null, "lexical": "{\"root\":{\"children\":[],\"type\":\"root\"}}",
         "html": "<p>The bridge reopened at dawn.</p><figure class=\"kg-card kg-image-card\"><img src=\"__GHOST_URL__/content/images/2024/06/traffic.jpg\" alt=\"Traffic\"></figure>",
         "plaintext": "The bridge reopened at dawn.", "feature_image": "__GHOST_URL__/content/images/2024/06/bridge.jpg",
         "featured": true, "type": "post", "status": "published", "locale": null, "visibility": "public",
         "email_recipient_filter": "all", "created_at": "2024-06-18T08:00:00.000Z", "updated_at": "2024-06-20T09:30:00.000Z",
         "published_at": "2024-06-19T06:00:00.000Z", "custom_excerpt": "Commuters return to the crossing after eight months.",
         "codeinjection_head": null, "canonical_url": null, "newsletter_id": null},
        {"id": "6650a1b2c3d4e5f600000002", "uuid": "0b7e7c9e-1d2a-4f57-9a53-1c9d1b3e0002",
         "title": "Council votes on budget", "slug": "council-budget-vote",
         "lexical": null, "html": "<p>The council met on Monday.</p>",
         "feature_image": "https://images.unsplash.com/photo-1.jpg", "type": "post", "status": "published",
         "visibility": "paid", "created_at": "2024-06-17T08:00:00.000Z", "updated_at": "2024-06-17T10:00:00.000Z",
         "published_at": "2024-06-17T10:00:00.000Z", "custom_excerpt": null},
        {"id": "6650a1b2c3d4e5f600000003", "uuid": "0b7e7c9e-1d2a-4f57-9a53-1c9d1b3e0003",
         "title": "Draft: festival preview", "slug": "festival-preview",
         "lexical": "{\"root\":{\"children\":[{\"children\":[{\"detail\":0,\"format\":1,\"mode\":\"normal\",\"style\":\"\",\"text\":\"Bold\",\"type\":\"extended-text\",\"version\":1},{\"detail\":0,\"format\":0,\"mode\":\"normal\",\"style\":\"\",\"text\":\" plans & <more>\",\"type\":\"extended-text\",\"version\":1},{\"children\":[{\"text\":\"tickets\",\"type\":\"extended-text\",\"format\":0}],\"type\":\"link\",\"url\":\"https://fest.example/\"}],\"direction\":\"ltr\",\"format\":\"\",\"indent\":0,\"type\":\"paragraph\",\"version\":1},{\"children\":[{\"text\":\"Line-up\",\"type\":\"extended-text\",\"format\":0}],\"tag\":\"h2\",\"type\":\"extended-heading\"},{\"type\":\"image\",\"src\":\"__GHOST_URL__/content/images/stage.jpg\",\"altText\":\"Stage\",\"caption\":\"Main stage. Photo by Ola Nordmann\"},{\"type\":\"paywall\"},{\"children\":[{\"children\":[{\"text\":\"one\",\"type\":\"extended-text\",\"format\":0}],\"type\":\"listitem\"}],\"listType\":\"bullet\",\"tag\":\"ul\",\"type\":\"list\"}],\"direction\":\"ltr\",\"format\":\"\",\"indent\":0,\"type\":\"root\",\"version\":1}}",
         "html": null, "feature_image": null, "type": "post", "status": "draft", "visibility": "public",
         "created_at": "2024-06-20T08:00:00.000Z", "updated_at": "2024-06-20T08:05:00.000Z", "published_at": null},
        {"id": "6650a1b2c3d4e5f600000004", "uuid": "0b7e7c9e-1d2a-4f57-9a53-1c9d1b3e0004",
         "title": "About us", "slug": "about", "html": "<p>We are a local newsroom.</p>", "type": "page",
         "status": "published", "visibility": "public", "created_at": "2023-01-01T00:00:00.000Z",
         "updated_at": "2023-01-01T00:00:00.000Z", "published_at": "2023-01-01T00:00:00.000Z"}
      ],
      "posts_meta": [
        {"id": "m1", "post_id": "6650a1b2c3d4e5f600000001", "og_image": null, "meta_title": null,
         "feature_image_alt": "The bridge at sunrise", "feature_image_caption": "The bridge at sunrise. Photo by <a href=\"https://unsplash.com/@jane\">Jane Roe</a> / Unsplash",
         "email_subject": null},
        {"id": "m2", "post_id": "6650a1b2c3d4e5f600000002", "feature_image_alt": "Council chamber", "feature_image_caption": "Councillors debate the budget."}
      ],
      "users": [
        {"id": "1", "name": "Avery Quinn", "slug": "avery", "password": "$2a$10$hash", "email": "avery@news.example",
         "profile_image": null, "bio": "City hall reporter.", "website": null, "location": "Harbourtown", "status": "active"},
        {"id": "6650a1b2c3d4e5f6000000aa", "name": "Blake Ng", "slug": "blake-ng", "email": "blake@news.example",
         "bio": null, "status": "active"}
      ],
      "posts_authors": [
        {"id": "pa1", "post_id": "6650a1b2c3d4e5f600000001", "author_id": "6650a1b2c3d4e5f6000000aa", "sort_order": 1},
        {"id": "pa2", "post_id": "6650a1b2c3d4e5f600000001", "author_id": "1", "sort_order": 0},
        {"id": "pa3", "post_id": "6650a1b2c3d4e5f600000002", "author_id": "1", "sort_order": 0},
        {"id": "pa4", "post_id": "6650a1b2c3d4e5f600000003", "author_id": "6650a1b2c3d4e5f6000000aa", "sort_order": 0},
        {"id": "pa5", "post_id": "6650a1b2c3d4e5f600000004", "author_id": "1", "sort_order": 0}
      ],
      "tags": [
        {"id": "t1", "name": "Transport", "slug": "transport", "visibility": "public"},
        {"id": "t2", "name": "#featured", "slug": "hash-featured", "visibility": "internal"},
        {"id": "t3", "name": "Infrastructure", "slug": "infrastructure", "visibility": "public"},
        {"id": "t4", "name": "Politics", "slug": "politics", "visibility": "public"}
      ],
      "posts_tags": [
        {"id": "pt1", "post_id": "6650a1b2c3d4e5f600000001", "tag_id": "t2", "sort_order": 0},
        {"id": "pt2", "post_id": "6650a1b2c3d4e5f600000001", "tag_id": "t1", "sort_order": 1},
        {"id": "pt3", "post_id": "6650a1b2c3d4e5f600000001", "tag_id": "t3", "sort_order": 2},
        {"id": "pt4", "post_id": "6650a1b2c3d4e5f600000002", "tag_id": "t4", "sort_order": 0}
      ],
      "settings": [
        {"id": "s1", "group": "site", "key": "title", "value": "Harbourtown News", "type": "string"},
        {"id": "s2", "group": "site", "key": "navigation", "value": "[{\"label\":\"Home\",\"url\":\"__GHOST_URL__/\"}]", "type": "array"}
      ]
    }
  }]
}`

// testGhost1 is an older export (Ghost 1.x/2.x): "page" booleans, author_id,
// a mobiledoc with a single Markdown card, millisecond timestamps and a
// site URL in meta.
const testGhost1 = `{"meta": {"exported_on": 1500000000000, "version": "1.25.0", "url": "https://old.example/"},
 "data": {
  "posts": [
   {"id": "5a0000000000000000000001", "title": "Hello", "slug": "hello", "html": null, "status": "published", "page": false,
    "mobiledoc": "{\"version\":\"0.3.1\",\"markups\":[],\"atoms\":[],\"cards\":[[\"card-markdown\",{\"cardName\":\"card-markdown\",\"markdown\":\"# Hi\\n\\nSome *words*.\"}]],\"sections\":[[10,0]]}",
    "feature_image": "/content/images/hello.jpg", "author_id": "u1", "published_at": 1499000000000, "updated_at": 1499000000000},
   {"id": "5a0000000000000000000002", "title": "Colophon", "slug": "colophon", "status": "published", "page": true,
    "mobiledoc": "{\"version\":\"0.3.1\",\"markups\":[[\"a\",[\"href\",\"https://ghost.org\"]],[\"strong\"]],\"atoms\":[[\"soft-return\",\"\",{}]],\"cards\":[[\"image\",{\"src\":\"https://old.example/i.png\",\"caption\":\"Logo\"}]],\"sections\":[[1,\"h2\",[[0,[],0,\"Made with\"]]],[1,\"p\",[[0,[0],1,\"Ghost\"],[0,[],0,\" & \"],[1,[],0,0],[0,[1],1,\"love\"]]],[3,\"ol\",[[[0,[],0,\"a\"]],[[0,[],0,\"b\"]]]],[10,0]]}",
    "author_id": "u1", "published_at": "2017-07-01 10:00:00"},
   {"id": "5a0000000000000000000003", "title": "Broken", "slug": "broken", "status": "draft", "mobiledoc": "{not json"}
  ],
  "users": [{"id": "u1", "name": "Old Timer", "slug": "old-timer", "email": "old@example.org", "bio": "Blogging since 2013."}],
  "tags": [], "posts_tags": []
 }}`

func parseGhostString(t *testing.T, s string) *Batch {
	t.Helper()
	b, err := ParseGhost(strings.NewReader(s), "export.json", time.UTC)
	if err != nil {
		t.Fatalf("ParseGhost: %v", err)
	}
	return b
}

func TestParseGhost5(t *testing.T) {
	b := parseGhostString(t, testGhost5)
	if b.Source != "ghost" || len(b.Items) != 4 || len(b.Skipped) != 0 {
		t.Fatalf("source %q items %d skipped %+v", b.Source, len(b.Items), b.Skipped)
	}
	if len(b.Notes) != 2 {
		t.Errorf("notes %q (want members-only and relative-image notes)", b.Notes)
	}
	p := b.Items[0]
	if p.SourceID != "6650a1b2c3d4e5f600000001" || p.Slug != "harbour-bridge-reopens" || p.Kind != model.KindArticle || p.Status != model.StatusPublished {
		t.Errorf("post %+v", p)
	}
	if p.Dek != "Commuters return to the crossing after eight months." || !p.Published.Equal(time.Date(2024, 6, 19, 6, 0, 0, 0, time.UTC)) ||
		!p.Updated.Equal(time.Date(2024, 6, 20, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("dek %q published %v updated %v", p.Dek, p.Published, p.Updated)
	}
	if p.Section == nil || p.Section.Name != "Transport" || len(p.Tags) != 1 || p.Tags[0].Name != "Infrastructure" {
		t.Errorf("section %+v tags %+v", p.Section, p.Tags)
	}
	if len(p.Authors) != 2 || p.Authors[0].Name != "Avery Quinn" || p.Authors[0].Bio != "City hall reporter." || p.Authors[1].Slug != "blake-ng" {
		t.Errorf("authors %+v", p.Authors)
	}
	if p.Lead != nil {
		t.Errorf("lead %+v: a __GHOST_URL__ image without a known site must be left out", p.Lead)
	}
	if !strings.Contains(p.BodyHTML, `src="/content/images/2024/06/traffic.jpg"`) {
		t.Errorf("body %q", p.BodyHTML)
	}
	q := b.Items[1]
	if q.Lead == nil || q.Lead.URL != "https://images.unsplash.com/photo-1.jpg" || q.Lead.Alt != "Council chamber" ||
		q.Lead.Caption != "Councillors debate the budget." || q.Lead.Credit != "" || !q.Updated.IsZero() {
		t.Errorf("lead %+v updated %v", q.Lead, q.Updated)
	}
	d := b.Items[2]
	if d.Status != model.StatusDraft || !d.Published.IsZero() || len(d.Authors) != 1 || d.Section != nil {
		t.Errorf("draft %+v", d)
	}
	wantBody := `<p><strong>Bold</strong> plans &amp; &lt;more&gt;<a href="https://fest.example/">tickets</a></p>
<h2>Line-up</h2>
<figure><img src="/content/images/stage.jpg" alt="Stage"><figcaption>Main stage <small class="credit">Photo by Ola Nordmann</small></figcaption></figure>
<ul>
<li>one</li>
</ul>`
	if d.BodyHTML != wantBody {
		t.Errorf("lexical body\n%s\nwant\n%s", d.BodyHTML, wantBody)
	}
	if pg := b.Items[3]; pg.Kind != model.KindPage || pg.Headline != "About us" {
		t.Errorf("page %+v", pg)
	}
}

func TestParseGhostOld(t *testing.T) {
	b := parseGhostString(t, testGhost1)
	if b.Source != "ghost:https://old.example" || len(b.Items) != 2 || len(b.Skipped) != 1 || b.Skipped[0].Reason != "unreadable mobiledoc" {
		t.Fatalf("source %q items %d skipped %+v", b.Source, len(b.Items), b.Skipped)
	}
	h := b.Items[0]
	if h.BodyMarkdown != "# Hi\n\nSome *words*." || h.BodyHTML != "" || h.Kind != model.KindArticle {
		t.Errorf("markdown %q html %q", h.BodyMarkdown, h.BodyHTML)
	}
	if !h.Published.Equal(time.UnixMilli(1499000000000).UTC()) || len(h.Authors) != 1 || h.Authors[0].Name != "Old Timer" {
		t.Errorf("published %v authors %+v", h.Published, h.Authors)
	}
	if h.Lead != nil {
		t.Errorf("relative feature image kept: %+v", h.Lead)
	}
	c := b.Items[1]
	want := `<h2>Made with</h2>
<p><a href="https://ghost.org">Ghost</a> &amp; <br><strong>love</strong></p>
<ol>
<li>a</li>
<li>b</li>
</ol>
<figure><img src="https://old.example/i.png" alt=""><figcaption>Logo</figcaption></figure>`
	if c.Kind != model.KindPage || c.BodyHTML != want {
		t.Errorf("kind %q body\n%s\nwant\n%s", c.Kind, c.BodyHTML, want)
	}
	if !c.Published.Equal(time.Date(2017, 7, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v", c.Published)
	}
}

func TestParseGhostSiteURL(t *testing.T) {
	in := strings.Replace(testGhost5, `"version": "5.85.1"`, `"version": "5.85.1", "url": "https://news.example"`, 1)
	b := parseGhostString(t, in)
	p := b.Items[0]
	if b.Source != "ghost:https://news.example" || p.Lead == nil || p.Lead.URL != "https://news.example/content/images/2024/06/bridge.jpg" {
		t.Fatalf("source %q lead %+v", b.Source, p.Lead)
	}
	if p.Lead.Caption != "The bridge at sunrise" || p.Lead.Credit != "Photo by Jane Roe / Unsplash" || p.Lead.Alt != "The bridge at sunrise" {
		t.Errorf("lead %+v", p.Lead)
	}
	if !strings.Contains(p.BodyHTML, `src="https://news.example/content/images/2024/06/traffic.jpg"`) {
		t.Errorf("body %q", p.BodyHTML)
	}
}

func TestGhostSplitCredit(t *testing.T) {
	for _, tc := range []struct{ in, caption, credit string }{
		{"Photo by Jane Roe on Unsplash", "", "Photo by Jane Roe on Unsplash"},
		{"Harbour at dusk (Photo: Jane Roe)", "Harbour at dusk", "Photo: Jane Roe"},
		{"Sunrise. Photograph: Ann Lee/Reuters", "Sunrise", "Photograph: Ann Lee/Reuters"},
		{"A picture of a cat", "A picture of a cat", ""},
		{"Telephoto lens at work", "Telephoto lens at work", ""},
	} {
		c, cr := ghostSplitCredit(tc.in)
		if c != tc.caption || cr != tc.credit {
			t.Errorf("ghostSplitCredit(%q) = %q, %q; want %q, %q", tc.in, c, cr, tc.caption, tc.credit)
		}
	}
}

func TestParseGhostErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"array", "[1,2]", "not a Ghost export"},
		{"not ghost", `{"hello": "world"}`, "no \"db\" or \"data\""},
		{"no tables", `{"db": [{"meta": {}, "data": {}}]}`, "no posts, users or tags"},
		{"syntax", "{\"db\": [{\"data\": {\"posts\": [\n  {\"id\": \"1\", \"title\": \"x\",}\n]}}]}", "line 2, column 28"},
		{"type", "{\"db\": [{\"data\": {\"posts\": [\n  {\"id\": \"1\", \"title\": [\"x\"]}]}}]}", "line 2, column 24"},
		{"truncated", "{\"db\": [{\"data\": {\"posts\": [", "line 1"},
		{"trailing", `{"db": []} {}`, "unexpected data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGhost(strings.NewReader(tc.in), "export.json", time.UTC)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "export.json") {
				t.Errorf("err = %v, want it to name the file and contain %q", err, tc.want)
			}
		})
	}
}

func TestGhostWriteIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum, err := Write(ctx, s, parseGhostString(t, testGhost5), nil)
		if err != nil || sum.Imported != 4 {
			t.Fatalf("first write: %+v, %v", sum, err)
		}
		sum, err = Write(ctx, s, parseGhostString(t, testGhost5), nil)
		if err != nil || sum.Imported != 0 || sum.Updated != 4 {
			t.Fatalf("second write: %+v, %v", sum, err)
		}
		c, err := s.CountAll(ctx)
		if err != nil || c.Articles != 3 || c.Pages != 1 || c.Authors != 2 || c.Tags != 1 || c.Sections != 2 {
			t.Errorf("counts %+v, %v", c, err)
		}
		a, err := s.ArticleBySlug(ctx, "harbour-bridge-reopens")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Bylines) != 2 || a.Bylines[0].Author == nil || a.Bylines[0].Author.Name != "Avery Quinn" || a.Source != "ghost" {
			t.Errorf("stored %+v", a)
		}
		if d, err := s.ArticleBySlug(ctx, "festival-preview"); err != nil || d.Status != model.StatusDraft || d.VisibleAt(time.Now()) {
			t.Errorf("draft %+v, %v", d, err)
		}
	})
}

func FuzzParseGhost(f *testing.F) {
	for _, s := range []string{testGhost5, testGhost1, "", "{}", `{"db":[{"data":{"posts":[{"id":1,"mobiledoc":"{\"sections\":[[3,\"ul\",[[[0,[5],9,\"x\"]]]]]}"}]}}]}`,
		`{"data":{"posts":[{"id":"x","lexical":"{\"root\":{\"children\":[{\"type\":\"heading\",\"tag\":\"h9\"}]}}"}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseGhost(strings.NewReader(string(data)), "fuzz.json", time.UTC)
		if err == nil && b.Source == "" {
			t.Error("batch without source")
		}
	})
}
