package web

import (
	"strings"
	"testing"
)

// TestAdminNavFollowsRole: the newsroom navigation lists only what the
// signed-in role may use (the pages themselves also refuse with 403).
func TestAdminNavFollowsRole(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		editor := f.browser("192.0.2.20")
		editor.login(t, "ana@example.com", "right password", "/admin")
		_, page := editor.do(t, "GET", "/admin", nil)
		for _, want := range []string{`href="/admin/articles"`, `href="/admin/audit"`, `href="/admin/media"`, `href="/admin/fronts"`, `href="/admin/sections"`, `href="/admin/account/password"`} {
			if !strings.Contains(page, want) {
				t.Errorf("editor's nav lacks %s", want)
			}
		}
		if strings.Contains(page, `href="/admin/users"`) {
			t.Error("editor's nav offers account management")
		}
		analyst := f.browser("192.0.2.21")
		analyst.login(t, "ben@example.com", "right password", "/admin")
		_, page = analyst.do(t, "GET", "/admin", nil)
		for _, bad := range []string{`href="/admin/media"`, `href="/admin/fronts"`, `href="/admin/sections"`, `href="/admin/users"`} {
			if strings.Contains(page, bad) {
				t.Errorf("analyst's nav offers %s", bad)
			}
		}
		// Error pages keep the menu and the account box for a signed-in user.
		for _, path := range []string{"/admin/users", "/admin/articles/999999/edit"} {
			res, page := analyst.do(t, "GET", path, nil)
			if res.StatusCode < 400 || !strings.Contains(page, `href="/admin/articles"`) || !strings.Contains(page, "Sign out") {
				t.Errorf("%s: %d without the admin menu", path, res.StatusCode)
			}
		}
	})
}

// TestAdminReportLinksFollowRole: roles that may view analytics (editor,
// analyst) have Reports in the navigation and a Report link on every
// published story in the article list (none on a draft); an author and a
// contributor have neither (docs/ANALYTICS.md "Reports").
func TestAdminReportLinksFollowRole(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		pub := post(t, f, ana, "/admin/articles", n.form("Harbour plan", "action", "publish"))
		draft := post(t, f, ana, "/admin/articles", n.form("Ferry strike"))
		nav := `<a href="/admin/analytics/reports">Reports</a>`
		report := func(id int64) string { return `href="/admin/analytics/reports/articles/` + itoa(id) + `"` }
		for _, c := range []struct {
			email string
			may   bool
		}{{"ana@example.com", true}, {"ben@example.com", true}, {"carl@example.com", false}, {"dora@example.com", false}} {
			b := signIn(t, f, c.email)
			res, page := b.do(t, "GET", "/admin/articles", nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: article list %d", c.email, res.StatusCode)
			}
			if strings.Contains(page, nav) != c.may {
				t.Errorf("%s: Reports in the navigation = %v, want %v", c.email, !c.may, c.may)
			}
			if c.may && !strings.Contains(page, "Harbour plan") {
				t.Fatalf("%s: published story not in the list", c.email)
			}
			if strings.Contains(page, report(pub.ID)) != c.may {
				t.Errorf("%s: report link of the published story = %v, want %v", c.email, !c.may, c.may)
			}
			if strings.Contains(page, report(draft.ID)) {
				t.Errorf("%s: a draft links to a report", c.email)
			}
		}
	})
}
