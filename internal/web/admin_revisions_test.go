package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/store"
)

// TestRevisionsHistoryDiffRestore: every save is a revision with its author;
// a revision page compares it field by field and line by line with the
// current version; restore brings the old content back as a new revision.
func TestRevisionsHistoryDiffRestore(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Bridge reopens", "body", "Line one.\n\nLine two.\n\nLine three."))
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Bridge reopens after repairs", "body", "Line one.\n\nLine 2, rewritten.\n\nLine three.", "tags", "Transport"))
		revs, _ := f.st.Revisions(ctx, a.ID, 0)
		if len(revs) != 2 {
			t.Fatalf("revisions: %d", len(revs))
		}
		base := "/admin/articles/" + itoa(a.ID) + "/revisions"

		res, page := ana.do(t, "GET", base, nil)
		if res.StatusCode != http.StatusOK || strings.Count(page, "Ana Ruiz") < 2 || !strings.Contains(page, base+"/"+"1") {
			t.Fatalf("list: %d\n%s", res.StatusCode, page)
		}
		res, page = ana.do(t, "GET", base+"/"+"1", nil)
		for _, want := range []string{"<del>Bridge reopens</del>", "<ins>Bridge reopens after repairs</ins>", "<ins>Transport</ins>",
			"<del>Line two.</del>", "<ins>Line 2, rewritten.</ins>", "Restore this revision"} {
			if !strings.Contains(page, want) {
				t.Errorf("diff page lacks %q", want)
			}
		}
		if res.StatusCode != http.StatusOK || strings.Contains(page, "<del>Line one.</del>") {
			t.Fatalf("diff: %d\n%s", res.StatusCode, page)
		}

		// Not found, not allowed, cross-site.
		other := post(t, f, ana, "/admin/articles", n.form("Other story"))
		if res, _ := ana.do(t, "GET", "/admin/articles/"+itoa(other.ID)+"/revisions/2", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("another article's revision: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "GET", base+"/abc", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("bad id: %d", res.StatusCode)
		}
		ben := signIn(t, f, "ben@example.com")
		if res, _ := ben.do(t, "GET", base, nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("analyst: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "POST", base+"/"+"1"+"/restore", url.Values{}, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site restore: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "GET", base+"/"+"1"+"/restore", nil); res.StatusCode == http.StatusSeeOther {
			t.Fatal("GET restored")
		}

		// Revision times show seconds; numbers count within the article.
		if _, page := ana.do(t, "GET", base, nil); !strings.Contains(page, ">Revision 2</a>") || !regexp.MustCompile(`\d:\d\d:\d\d [AP]M`).MatchString(page) {
			t.Errorf("list lacks per-article numbers or seconds:\n%s", page)
		}
		// A slug changed since the revision stays: restoring must not move the story.
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Bridge reopens after repairs", "slug", "bridge-new-address",
			"body", "Line one.\n\nLine 2, rewritten.\n\nLine three.", "tags", "Transport"))
		res, _ = ana.do(t, "POST", base+"/"+"1"+"/restore", url.Values{})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/articles/"+itoa(a.ID)+"/edit?saved=restore")
		got, _ := f.st.ArticleByID(ctx, a.ID)
		if got.Headline != "Bridge reopens" || !strings.Contains(got.BodySource, "Line two.") || len(got.Tags) != 0 || got.Status != a.Status ||
			got.Slug != "bridge-new-address" {
			t.Fatalf("restored: %+v", got)
		}
		if revs, _ := f.st.Revisions(ctx, a.ID, 0); len(revs) != 4 {
			t.Fatalf("restore made %d revisions, want 4", len(revs))
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{ArticleID: a.ID, Action: store.AuditRestore})
		if len(log) != 1 || !strings.Contains(log[0].Detail, "restored revision") {
			t.Fatalf("audit: %+v", log)
		}

		// A contributor may not restore a published story, even their own.
		dora := signIn(t, f, "dora@example.com")
		d := post(t, f, dora, "/admin/articles", n.form("Dora's piece", "byline_author", itoa(n.dora.ID)))
		post(t, f, ana, "/admin/articles/"+itoa(d.ID), n.form("Dora's piece, edited", "byline_author", itoa(n.dora.ID), "action", "publish"))

		if res, _ := dora.do(t, "POST", "/admin/articles/"+itoa(d.ID)+"/revisions/"+"1"+"/restore", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("contributor restore of a live story: %d", res.StatusCode)
		}
	})
}
