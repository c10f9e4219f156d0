package web

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"masthead/internal/store"
)

// wpPermalink matches the permalink shapes WordPress sites commonly use
// (/2013/01/12/slug/, /2013/01/slug/, /category/name/slug/, /?p= is not
// covered), so links into an imported archive keep working.
var wpPermalink = regexp.MustCompile(`^/(?:\d{4}/\d{2}/(?:\d{2}/)?|[a-z0-9-]+/)?([^/]+)/?$`)

// fallback answers every path no route matched: a path with a trailing
// slash is sent (301) to the same path without it when that is a page; an
// old WordPress-style permalink whose last segment is the slug of a visible
// article is sent (301) to its page; anything else is a 404.
func (s *Site) fallback(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return &httpError{http.StatusMethodNotAllowed, "This address only answers GET requests."}
	}
	p := r.URL.Path
	if len(p) > 1 && strings.HasSuffix(p, "/") && !strings.HasPrefix(p, "//") {
		trimmed := strings.TrimRight(p, "/")
		for _, prefix := range []string{"/articles/", "/pages/", "/sections/", "/authors/", "/tags/", "/search"} {
			if strings.HasPrefix(trimmed, prefix) {
				target := trimmed
				if r.URL.RawQuery != "" {
					target += "?" + r.URL.RawQuery
				}
				w.Header().Set("Location", target)
				w.WriteHeader(http.StatusMovedPermanently)
				return nil
			}
		}
	}
	if m := wpPermalink.FindStringSubmatch(p); m != nil && len(m[1]) <= 200 {
		a, err := s.st.ArticleBySlug(r.Context(), m[1])
		if err == nil && a.VisibleAt(s.clock()) {
			w.Header().Set("Location", articlePath(a))
			w.Header().Set("Cache-Control", "public, max-age=3600")
			w.WriteHeader(http.StatusMovedPermanently)
			return nil
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return notFound("We could not find that page. It may have moved, or the address may be mistyped.")
}
