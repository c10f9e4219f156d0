package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestAuditLogPage: editorial actions appear in /admin/audit with who and
// which story; filters work; only owners and editors may read it; bad
// filters are 400.
func TestAuditLogPage(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan"))
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Harbour plan approved", "action", "publish"))
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Harbour plan approved", "action", "unpublish", "confirm", "yes"))

		res, page := ana.do(t, "GET", "/admin/audit", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("audit: %d", res.StatusCode)
		}
		for _, want := range []string{`class="tag">create<`, `class="tag">publish<`, `class="tag">unpublish<`, "Ana Ruiz", `href="/admin/articles/` + itoa(a.ID) + `/edit"`, "3 entries"} {
			if !strings.Contains(page, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		_, page = ana.do(t, "GET", "/admin/audit?action=publish&article="+itoa(a.ID), nil)
		if !strings.Contains(page, "1 entry") || strings.Contains(page, `class="tag">unpublish<`) {
			t.Fatalf("filtered:\n%s", page)
		}
		for _, bad := range []string{"?article=x", "?action=drop", "?page=0"} {
			if res, _ := ana.do(t, "GET", "/admin/audit"+bad, nil); res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", bad, res.StatusCode)
			}
		}
		for _, who := range []string{"carl@example.com", "ben@example.com"} {
			if res, _ := signIn(t, f, who).do(t, "GET", "/admin/audit", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %d", who, res.StatusCode)
			}
		}
	})
}
