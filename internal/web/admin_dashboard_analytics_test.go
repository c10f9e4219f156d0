package web

import (
	"context"
	"strings"
	"testing"
)

// TestDashboardLinksAnalytics: the dashboard links the live analytics view
// and the reports for roles that may view analytics, and not for others.
// cce0689 put the live view on the dashboard; 8644e51's new dashboard
// dropped it without saying so.
func TestDashboardLinksAnalytics(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		if _, err := f.auth.AddUser(context.Background(), "cat@example.com", "Cat Moss", "author", "right password"); err != nil {
			t.Fatal(err)
		}
		links := []string{`href="/admin/analytics">Live view`, `href="/admin/analytics/reports">Reports`}
		for i, who := range []struct {
			email string
			sees  bool
		}{{"ben@example.com", true}, {"ana@example.com", true}, {"cat@example.com", false}} {
			b := f.browser("192.0.2." + itoa(int64(40+i)))
			b.login(t, who.email, "right password", "/admin")
			res, page := b.do(t, "GET", "/admin", nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: dashboard %d", who.email, res.StatusCode)
			}
			for _, l := range links {
				if strings.Contains(page, l) != who.sees {
					t.Errorf("%s: dashboard has %s = %v, want %v", who.email, l, !who.sees, who.sees)
				}
			}
		}
	})
}
