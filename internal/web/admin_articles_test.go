package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
)

// newsroom adds to the admin fixture a section, author profiles for Ana
// (editor), Carl (author) and Dora (contributor) tied to their accounts by
// e-mail, and a colleague profile with no account.
type newsroom struct {
	sec                    *model.Section
	ana, carl, dora, other *model.Author
}

func seedNewsroom(t *testing.T, f *adminFixture) *newsroom {
	t.Helper()
	ctx := context.Background()
	for _, u := range [][3]string{{"carl@example.com", "Carl Berg", "author"}, {"dora@example.com", "Dora Lim", "contributor"}} {
		if _, err := f.auth.AddUser(ctx, u[0], u[1], u[2], "right password"); err != nil {
			t.Fatal(err)
		}
	}
	sec, err := f.st.EnsureSection(ctx, "politics", "Politics")
	if err != nil {
		t.Fatal(err)
	}
	n := &newsroom{sec: sec,
		ana:   &model.Author{Slug: "ana-ruiz", Name: "Ana Ruiz", Email: "ana@example.com"},
		carl:  &model.Author{Slug: "carl-berg", Name: "Carl Berg", Email: "carl@example.com"},
		dora:  &model.Author{Slug: "dora-lim", Name: "Dora Lim", Email: "dora@example.com"},
		other: &model.Author{Slug: "zed-old", Name: "Zed Old"}}
	for _, au := range []*model.Author{n.ana, n.carl, n.dora, n.other} {
		if err := f.st.UpsertAuthor(ctx, au); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func (n *newsroom) form(headline string, more ...string) url.Values {
	v := url.Values{"headline": {headline}, "dek": {"A dek"}, "section": {itoa(n.sec.ID)},
		"body": {"First paragraph.\n\n## A subhead\n\nSecond paragraph."}, "comments_open": {"1"},
		"byline_author": {itoa(n.ana.ID), ""}, "byline_role": {"", ""}, "byline_pos": {"1", "2"}, "action": {"save"}}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	return v
}

func signIn(t *testing.T, f *adminFixture, email string) *browser {
	t.Helper()
	b := f.browser("192.0.2.10")
	if res, _ := b.login(t, email, "right password", "/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in %s: %d", email, res.StatusCode)
	}
	return b
}

var savedRE = regexp.MustCompile(`^/admin/articles/(\d+)/edit\?saved=(\w+)(?:&new_tags=[^&]+)?$`)

// post sends an editor form and wants a 303 to the edit page; it returns the
// article as stored.
func post(t *testing.T, f *adminFixture, b *browser, path string, form url.Values) *model.Article {
	t.Helper()
	res, body := b.do(t, "POST", path, form)
	m := savedRE.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil || m[2] != form.Get("action") {
		t.Fatalf("POST %s: %d → %q\n%s", path, res.StatusCode, res.Header.Get("Location"), body)
	}
	id, _ := idParam(m[1])
	a, err := f.st.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func wantStatus(t *testing.T, res *http.Response, body string, status int, contains ...string) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d\n%s", res.StatusCode, status, body)
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			t.Fatalf("page lacks %q\n%s", c, body)
		}
	}
}

func TestAdminArticleLifecycle(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ed := signIn(t, f, "ana@example.com")
		reader := f.browser("198.51.100.7")

		res, body := ed.do(t, "GET", "/admin/articles/new", nil)
		wantStatus(t, res, body, 200, `name="headline"`, "Publish now", "Ana Ruiz")

		draft := post(t, f, ed, "/admin/articles", n.form("Quiet draft about taxes"))
		if draft.Status != model.StatusDraft || draft.Slug != "quiet-draft-about-taxes" || !draft.PublishedAt.IsZero() {
			t.Fatalf("draft: %+v", draft)
		}
		res, body = reader.do(t, "GET", "/articles/"+draft.Slug, nil)
		wantStatus(t, res, body, 404)

		a := post(t, f, ed, "/admin/articles", n.form("Vote count begins", "action", "publish", "tags", "Elections, Vote 2024",
			"kicker", "Election night", "dateline", "Springfield"))
		if a.Status != model.StatusPublished || a.PublishedAt.IsZero() || len(a.Tags) != 2 || len(a.Bylines) != 1 ||
			a.Bylines[0].AuthorID != n.ana.ID || !store.CreatedBy(a, 1) || !strings.Contains(a.BodyHTML, "<h2") {
			t.Fatalf("published: %+v", a)
		}
		res, body = ed.do(t, "GET", "/admin/articles/"+itoa(a.ID)+"/edit?saved=publish", nil)
		wantStatus(t, res, body, 200, "Published. Readers can see it now.", `value="Vote count begins"`, "Elections, Vote 2024")
		res, body = reader.do(t, "GET", "/", nil)
		wantStatus(t, res, body, 200, "Vote count begins")
		if strings.Contains(body, "Quiet draft") {
			t.Fatal("a draft is on the front page")
		}
		res, body = reader.do(t, "GET", "/articles/vote-count-begins", nil)
		wantStatus(t, res, body, 200, "Vote count begins", "SPRINGFIELD —", "Ana Ruiz")

		res, body = ed.do(t, "GET", "/admin/articles", nil)
		wantStatus(t, res, body, 200, "Vote count begins", "Quiet draft about taxes", `href="/articles/vote-count-begins"`, "badge-published")

		// A new slug: the old address answers 301.
		a = post(t, f, ed, "/admin/articles/"+itoa(a.ID), n.form("Vote count begins", "action", "publish", "slug", "Count Begins"))
		if a.Slug != "count-begins" || a.Status != model.StatusPublished {
			t.Fatalf("slug change: %q %s", a.Slug, a.Status)
		}
		res, body = reader.do(t, "GET", "/articles/vote-count-begins", nil)
		wantRedirect(t, res, http.StatusMovedPermanently, "/articles/count-begins")

		a = post(t, f, ed, "/admin/articles/"+itoa(a.ID), n.form("Vote count begins", "action", "unpublish", "confirm", "yes", "slug", "count-begins"))
		if a.Status != model.StatusUnpublished {
			t.Fatalf("unpublish: %s", a.Status)
		}
		res, body = reader.do(t, "GET", "/articles/count-begins", nil)
		wantStatus(t, res, body, http.StatusGone)
	})
}

func TestAdminArticlePermissions(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ed := signIn(t, f, "ana@example.com")
		dora := signIn(t, f, "dora@example.com")
		carl := signIn(t, f, "carl@example.com")

		// The contributor writes a draft; publishing it is refused and changes nothing.
		d := post(t, f, dora, "/admin/articles", n.form("Freelance piece", "byline_author", itoa(n.dora.ID)))
		res, body := dora.do(t, "GET", "/admin/articles/"+itoa(d.ID)+"/edit", nil)
		wantStatus(t, res, body, 200, "Submit for review")
		if strings.Contains(body, "Publish now") {
			t.Fatal("a contributor is offered Publish")
		}
		res, body = dora.do(t, "POST", "/admin/articles/"+itoa(d.ID), n.form("Changed headline", "action", "publish", "byline_author", itoa(n.dora.ID)))
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = dora.do(t, "POST", "/admin/articles", n.form("Straight to print", "action", "publish"))
		wantStatus(t, res, body, http.StatusForbidden)
		got, _ := f.st.ArticleByID(ctx, d.ID)
		if got.Status != model.StatusDraft || got.Headline != "Freelance piece" {
			t.Fatalf("a refused publish changed the article: %s %q", got.Status, got.Headline)
		}
		if c, _ := f.st.CountArticles(ctx, model.KindArticle, ""); c != 1 {
			t.Fatalf("a refused create wrote an article (%d)", c)
		}
		d = post(t, f, dora, "/admin/articles/"+itoa(d.ID), n.form("Freelance piece", "action", "review", "byline_author", itoa(n.dora.ID)))
		if d.Status != model.StatusReview {
			t.Fatalf("review: %s", d.Status)
		}
		// The editor publishes it; now the contributor cannot change the live story.
		post(t, f, ed, "/admin/articles/"+itoa(d.ID), n.form("Freelance piece", "action", "publish", "byline_author", itoa(n.dora.ID)))
		res, body = dora.do(t, "POST", "/admin/articles/"+itoa(d.ID), n.form("Sneaky edit", "action", "save", "byline_author", itoa(n.dora.ID)))
		wantStatus(t, res, body, http.StatusForbidden)

		// The author edits and publishes his own story (bylined), not the editor's.
		own := post(t, f, ed, "/admin/articles", n.form("Carl's story", "byline_author", itoa(n.carl.ID)))
		theirs := post(t, f, ed, "/admin/articles", n.form("Ana's story"))
		res, body = carl.do(t, "GET", "/admin/articles/"+itoa(own.ID)+"/edit", nil)
		wantStatus(t, res, body, 200, "Publish now")
		if strings.Contains(body, `value="unpublish"`) {
			t.Fatal("an author is offered Unpublish")
		}
		post(t, f, carl, "/admin/articles/"+itoa(own.ID), n.form("Carl's story", "action", "publish", "byline_author", itoa(n.carl.ID)))
		res, body = carl.do(t, "POST", "/admin/articles/"+itoa(own.ID), n.form("Carl's story", "action", "unpublish", "confirm", "yes", "byline_author", itoa(n.carl.ID)))
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = carl.do(t, "GET", "/admin/articles/"+itoa(theirs.ID)+"/edit", nil)
		wantStatus(t, res, body, http.StatusForbidden)
		// Adding himself to the byline in the post does not make it his.
		res, body = carl.do(t, "POST", "/admin/articles/"+itoa(theirs.ID), n.form("Taken over", "byline_author", itoa(n.carl.ID)))
		wantStatus(t, res, body, http.StatusForbidden)
		if got, _ := f.st.ArticleByID(ctx, theirs.ID); got.Headline != "Ana's story" {
			t.Fatalf("a refused edit changed the article: %q", got.Headline)
		}
		res, body = carl.do(t, "GET", "/admin/articles", nil)
		wantStatus(t, res, body, 200, `<a href="/admin/articles/`+itoa(own.ID)+`/edit"`)
		if strings.Contains(body, `<a href="/admin/articles/`+itoa(theirs.ID)+`/edit"`) {
			t.Fatal("the list links an author to a colleague's story")
		}

		// An analyst cannot open the editor.
		ben := signIn(t, f, "ben@example.com")
		res, body = ben.do(t, "GET", "/admin/articles/new", nil)
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = ben.do(t, "POST", "/admin/articles/"+itoa(own.ID), n.form("Analyst edit"))
		wantStatus(t, res, body, http.StatusForbidden)
	})
}

func TestAdminArticleValidationAndCSRF(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ed := signIn(t, f, "ana@example.com")
		res, body := ed.do(t, "POST", "/admin/articles", n.form("Photo story", "lead", "https://images.example.com/a.jpg",
			"lead_caption", "A crowd", "action", "publish"))
		wantStatus(t, res, body, http.StatusUnprocessableEntity, "Nothing was saved", "alt text", `value="Photo story"`,
			`value="https://images.example.com/a.jpg"`, "A crowd")
		res, body = ed.do(t, "POST", "/admin/articles", n.form("  ", "pins", "no-such-story", "canonical_url", "javascript:alert(1)"))
		wantStatus(t, res, body, http.StatusUnprocessableEntity, "Write a headline", "no-such-story", "canonical URL")
		if c, _ := f.st.CountAll(ctx); c.Articles != 0 || c.Media != 0 || c.Tags != 0 {
			t.Fatalf("invalid forms wrote %+v", c)
		}
		a := post(t, f, ed, "/admin/articles", n.form("Photo story", "lead", "https://images.example.com/a.jpg",
			"lead_alt", "Voters queue outside a school", "lead_credit", "JANE DOE/AGENCY", "action", "publish"))
		if a.LeadMedia == nil || a.LeadMedia.URL != "https://images.example.com/a.jpg" || a.LeadAlt == "" || a.LeadCredit != "JANE DOE/AGENCY" {
			t.Fatalf("lead: %+v %+v", a, a.LeadMedia)
		}

		// A form posted from another site is refused and changes nothing.
		res, body = ed.do(t, "POST", "/admin/articles/"+itoa(a.ID), n.form("Hijacked", "action", "unpublish", "confirm", "yes"),
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		wantStatus(t, res, body, http.StatusForbidden)
		if got, _ := f.st.ArticleByID(ctx, a.ID); got.Headline != "Photo story" || got.Status != model.StatusPublished {
			t.Fatalf("cross-site post changed the article: %q %s", got.Headline, got.Status)
		}
	})
}

func TestAdminArticlePreview(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ed := signIn(t, f, "ana@example.com")
		post(t, f, ed, "/admin/articles", n.form("The other story", "action", "publish"))
		body := "Lead paragraph.\n\n[[READ NEXT: the-other-story]]\n\n<script>alert('x')</script>\n\n[[READ MORE: hidden-one]]\n\nEnd."
		res, page := ed.do(t, "POST", "/admin/articles", n.form("Preview me", "body", body, "action", "preview"))
		wantStatus(t, res, page, 200, "Preview", `READ NEXT:</span> <a href="/articles/the-other-story">The other story</a>`,
			"hidden-one", "this block will not appear", "Lead paragraph.")
		if strings.Contains(page, "<script>alert") {
			t.Fatal("preview let a script through")
		}
		if !strings.Contains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") {
			t.Fatal("the textarea lost the user's input")
		}
		if c, _ := f.st.CountArticles(context.Background(), model.KindArticle, ""); c != 1 {
			t.Fatalf("preview saved something (%d articles)", c)
		}
	})
}

func TestAdminArticleListFilters(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ed := signIn(t, f, "ana@example.com")
		post(t, f, ed, "/admin/articles", n.form("Budget talks stall"))
		post(t, f, ed, "/admin/articles", n.form("Harbour reopens", "action", "publish", "byline_author", itoa(n.other.ID)))
		list := func(q string) string {
			t.Helper()
			res, body := ed.do(t, "GET", "/admin/articles?"+q, nil)
			wantStatus(t, res, body, 200)
			return body
		}
		has := func(body string, yes, no string) {
			t.Helper()
			if !strings.Contains(body, yes) || strings.Contains(body, no) {
				t.Fatalf("want %q and not %q in\n%s", yes, no, body)
			}
		}
		has(list("status=draft"), "Budget talks stall", "Harbour reopens")
		has(list("status=published"), "Harbour reopens", "Budget talks stall")
		has(list("q=HARBOUR"), "Harbour reopens", "Budget talks stall")
		has(list("author="+itoa(n.other.ID)), "Harbour reopens", "Budget talks stall")
		has(list("from=2000-01-01&to=2100-01-01"), "Harbour reopens", "Budget talks stall")
		has(list("to=2000-01-01"), "No articles match", "Harbour reopens")
		res, body := ed.do(t, "GET", "/admin/articles?from=yesterday&status=bogus", nil)
		wantStatus(t, res, body, http.StatusBadRequest, "must be a date", "Unknown status")
		anon := f.browser("203.0.113.9")
		res, _ = anon.do(t, "GET", "/admin/articles", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin%2Farticles")
	})
}
