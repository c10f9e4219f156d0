package web

import (
	"errors"
	"net/http"
	"strings"

	"masthead/internal/sitepath"
	"masthead/internal/store"
)

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
	// Old WordPress permalinks (sitepath.WordPressSlug), so links into an
	// imported archive keep working.
	if slug, ok := sitepath.WordPressSlug(p); ok {
		a, err := s.st.ArticleBySlug(r.Context(), slug)
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
