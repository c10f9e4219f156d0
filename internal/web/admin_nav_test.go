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
