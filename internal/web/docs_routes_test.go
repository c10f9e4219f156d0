package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// docPathRe finds a path the docs name in backticks, with an optional method:
// `/admin/comments`, `POST /hit`, `/comments/ID/reply`.
var docPathRe = regexp.MustCompile("`((GET|POST|PUT|PATCH|DELETE) )?(/[^`\\s]*)`")

// siteRoots are the first path segments the web package serves; other paths
// in the docs are examples of old permalinks, the JSON APIs (package api,
// checked by its own docs test) or relative suffixes such as `/edit`.
var siteRoots = map[string]bool{
	"admin": true, "articles": true, "pages": true, "sections": true, "authors": true, "tags": true,
	"search": true, "comments": true, "reader": true, "live": true, "hit": true, "media": true,
	"static": true, "preview": true, "healthz": true, "rss.xml": true, "atom.xml": true,
	"feed.json": true, "sitemap.xml": true, "sitemaps": true, "news-sitemap.xml": true,
	"robots.txt": true, "comments.atom": true, "comments.rss": true,
}

// docSamples fills the placeholders the docs write in paths.
var docSamples = strings.NewReplacer(
	"{slug}", "some-story", "SLUG", "some-story", "{name}", "articles-1.xml",
	"{id}", "7", "ID", "7", "{rev}", "2", "{key}", "home", "{token}", "t0ken", "{file}", "f.jpg",
	"/media/…", "/media/7/f.jpg", "…", "x",
)

// documentedPaths returns the site paths named in README.md and docs/*.md,
// each with the method the docs give (empty: any) and where it was found.
func documentedPaths(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../../README.md"}, files...)
	out := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "/api/") {
				continue // the API's paths, relative to /api/v1/admin/ too (package api's docs test)
			}
			for _, m := range docPathRe.FindAllStringSubmatch(line, -1) {
				p := m[3]
				if q := strings.IndexByte(p, '?'); q >= 0 {
					p = p[:q]
				}
				root, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
				if p != "/" && (strings.HasSuffix(p, "/") || !siteRoots[root]) {
					continue // a prefix ("also under /sections/{slug}/"), an example or not ours
				}
				key := m[2] + " " + p
				out[key] = append(out[key], filepath.Base(f)+":"+itoa(int64(i+1)))
			}
		}
	}
	return out
}

// TestDocumentedPathsAreRouted fails when README.md or docs/*.md name a path
// of the site that the router does not serve — the docs describing a page or
// endpoint that a merge dropped (as 9832ba5 dropped the analytics stats API
// while docs/ANALYTICS.md kept it). Each path, with sample values for its
// placeholders, must reach a route of its own in the real route table, not
// the reader site's or the admin's catch-all, for the documented method (for
// a path given without one: GET or POST).
func TestDocumentedPathsAreRouted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mux, am := newFixture(t, st).site.routeTable()
		docs := documentedPaths(t)
		if len(docs) < 40 {
			t.Fatalf("found only %d documented paths; is the pattern still right?", len(docs))
		}
		keys := make([]string, 0, len(docs))
		for k := range docs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			method, path, _ := strings.Cut(k, " ")
			methods := []string{method}
			if method == "" {
				methods = []string{http.MethodGet, http.MethodPost}
			}
			var reached []string
			for _, m := range methods {
				if p := routedPattern(mux, am, m, docSamples.Replace(path)); p != "" {
					reached = append(reached, p)
				}
			}
			if len(reached) == 0 {
				t.Errorf("%s (named in %s) reaches no route of its own", strings.TrimSpace(k), strings.Join(docs[k], ", "))
			}
		}
	})
}

// routedPattern returns the pattern of mux (or, under /admin, of the admin's
// router am) that a request reaches, or "" for a catch-all, a 404 or a 405.
func routedPattern(mux, am *http.ServeMux, method, path string) string {
	r := httptest.NewRequest(method, path, nil)
	_, pattern := mux.Handler(r)
	if pattern == "/admin" || pattern == "/admin/" {
		_, pattern = am.Handler(r)
	}
	switch pattern {
	case "", "/", "/admin/":
		return ""
	}
	return pattern
}
