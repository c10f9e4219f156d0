package web

import (
	"strings"
	"testing"
)

// TestDashboardAtAGlance: the start page offers "Write a new article",
// counts stories by state with links to the filtered list, and shows an
// editor what waits for review; an analyst gets neither button nor counts.
func TestDashboardAtAGlance(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		post(t, f, ana, "/admin/articles", n.form("A draft"))
		dora := signIn(t, f, "dora@example.com")
		post(t, f, dora, "/admin/articles", n.form("Stringer copy", "byline_author", itoa(n.dora.ID), "action", "review"))
		res, page := ana.do(t, "GET", "/admin", nil)
		wantStatus(t, res, page, 200, `href="/admin/articles/new"`, `href="/admin/articles?status=review">Waiting for review: 1</a>`,
			`>Drafts: 1</a>`, "Waiting for review", ">Stringer copy</a>")
		_, page = signIn(t, f, "ben@example.com").do(t, "GET", "/admin", nil)
		if strings.Contains(page, `href="/admin/articles/new"`) || strings.Contains(page, "At a glance") {
			t.Error("analyst's dashboard offers writing or article counts")
		}
	})
}
