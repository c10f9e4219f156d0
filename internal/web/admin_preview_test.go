package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/article"
	"masthead/internal/store"
)

var previewRE = regexp.MustCompile(`https://news\.example\.com(/preview/[A-Za-z0-9_-]{64})`)

// TestPreviewLinks: an editor makes a signed link for a draft; the link
// shows the draft with a banner, noindex and no-store, outside the page
// cache (edits show at once); a forged, truncated or expired token is 404;
// making a link needs the edit permission and a same-origin POST.
func TestPreviewLinks(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Secret draft headline"))
		linkPath := "/admin/articles/" + itoa(a.ID) + "/preview-link"

		if res, _ := ana.do(t, "GET", linkPath, nil); res.StatusCode == http.StatusOK {
			t.Fatal("GET made a preview link")
		}
		if res, _ := ana.do(t, "POST", linkPath, url.Values{}, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site: %d", res.StatusCode)
		}
		ben := signIn(t, f, "ben@example.com")
		if res, _ := ben.do(t, "POST", linkPath, url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("analyst: %d", res.StatusCode)
		}
		res, page := ana.do(t, "POST", linkPath, url.Values{})
		m := previewRE.FindStringSubmatch(page)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("make link: %d\n%s", res.StatusCode, page)
		}
		path := m[1]

		reader := f.browser("198.51.100.20")
		if res, _ := reader.do(t, "GET", "/articles/"+a.Slug, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("draft public: %d", res.StatusCode)
		}
		res, page = reader.do(t, "GET", path, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "Secret draft headline") || !strings.Contains(page, "Preview — not published") ||
			res.Header.Get("X-Robots-Tag") != "noindex, nofollow" || res.Header.Get("Cache-Control") != "no-store" ||
			!strings.Contains(page, `<meta name="robots" content="noindex, nofollow">`) {
			t.Fatalf("preview: %d %v\n%s", res.StatusCode, res.Header, page)
		}
		if strings.Contains(page, "0001") || strings.Contains(page, "© 1 ") {
			t.Fatal("a never-published draft's preview shows the zero date")
		}
		// Not cached: an edit shows on the next request.
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Rewritten draft headline"))
		if _, page := reader.do(t, "GET", path, nil); !strings.Contains(page, "Rewritten draft headline") {
			t.Fatal("preview served a stale page")
		}

		tok := strings.TrimPrefix(path, "/preview/")
		key, _ := f.st.Secret(ctx, previewSecret)
		other := article.SignPreview([]byte("not the key"), a.ID, f.clk.now().Add(time.Hour))
		for _, bad := range []string{"/preview/" + tok[:60], "/preview/" + other, "/preview/nope",
			"/preview/" + article.SignPreview(key, 999999, f.clk.now().Add(time.Hour))} {
			if res, _ := reader.do(t, "GET", bad, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", bad, res.StatusCode)
			}
		}
		f.clk.add(article.PreviewTTL)
		if res, _ := reader.do(t, "GET", path, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("expired: %d", res.StatusCode)
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{Action: store.AuditPreview})
		if len(log) != 1 {
			t.Fatalf("audit: %+v", log)
		}
	})
}
