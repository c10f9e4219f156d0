package api

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// apiPathRe finds a path (one that starts a word or follows a URL's host) in
// the docs' text: /api/v1/articles,
// /articles/{id}/publish|schedule|unpublish|review (relative to the Admin
// API's /api/v1/admin/ on the lines that name it).
var apiPathRe = regexp.MustCompile("(?:^|[\\s`('\"]|https?://[A-Za-z0-9.:-]+)(/[A-Za-z0-9_{}./|-]+)")

// docAPIPaths returns the API paths README.md (readme) and docs/*.md
// (others) name, "a|b" alternatives expanded, with the file and line of each.
func docAPIPaths(t *testing.T) (readme, others map[string]string) {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, others = map[string]string{}, map[string]string{}
	for _, f := range append([]string{"../../README.md"}, files...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		into := others
		if filepath.Base(f) == "README.md" {
			into = readme
		}
		for i, line := range strings.Split(string(b), "\n") {
			admin := strings.Contains(line, "/api/v1/admin/")
			for _, m := range apiPathRe.FindAllStringSubmatch(line, -1) {
				p := strings.TrimRight(m[1], ".")
				if !strings.HasPrefix(p, "/api/") {
					if !admin || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
						continue
					}
					p = "/api/v1/admin" + p
				}
				if strings.HasSuffix(p, "/") {
					continue // a prefix: /api/v1/, /api/v1/admin/
				}
				dir, last := p[:strings.LastIndexByte(p, '/')+1], p[strings.LastIndexByte(p, '/')+1:]
				for _, alt := range strings.Split(last, "|") {
					into[dir+alt] = filepath.Base(f) + ":" + strconv.Itoa(i+1)
				}
			}
		}
	}
	return readme, others
}

// matchesPattern reports whether the concrete or templated path p fits the
// route pattern ({name} stands for one segment).
func matchesPattern(pattern, p string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(p, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if ps[i] != qs[i] && !strings.HasPrefix(ps[i], "{") {
			return false
		}
	}
	return true
}

// TestDocsNameEveryAPIRoute fails when the docs and the API's route tables
// disagree: README.md names every route of the Content API and the Admin API
// (so an operator finds it), and every API path README.md or docs/*.md name
// is served. It would have caught the analytics stats API dropped by merge
// 9832ba5 while docs/ANALYTICS.md kept describing it, and README's Admin API
// list losing those two routes in the same merge.
func TestDocsNameEveryAPIRoute(t *testing.T) {
	readme, others := docAPIPaths(t)
	var patterns []string
	for _, rt := range routes {
		patterns = append(patterns, rt.pattern)
	}
	for _, rt := range adminRoutes {
		patterns = append(patterns, rt.pattern)
	}
	for _, pat := range patterns {
		if _, ok := readme[pat]; !ok {
			t.Errorf("README.md does not name the route %s", pat)
		}
	}
	for _, docs := range []map[string]string{readme, others} {
		for p, where := range docs {
			served := false
			for _, pat := range patterns {
				served = served || matchesPattern(pat, p)
			}
			if !served {
				t.Errorf("%s names %s, which no API route serves", where, p)
			}
		}
	}
}
