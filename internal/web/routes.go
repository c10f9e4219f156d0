package web

import "net/http"

// readerGroups lets reader-side handler groups (one file each) register
// their routes from an init function; they are not wrapped by the page
// cache.
var readerGroups []func(s *Site, mux *http.ServeMux)

// Handler returns the reader site's route table wrapped in the site's
// middleware (gzip-aware page cache for GET pages, security headers).
func (s *Site) Handler() http.Handler {
	mux, _ := s.routeTable()
	return securityHeaders(mux)
}

// routeTable builds the site's router: mux routes every request, and the
// newsroom admin's own router am (behind sessions and cross-origin
// protection, see adminRoutes) routes what mux hands to /admin. Tests ask
// both which pattern a documented path reaches (docs_routes_test.go).
func (s *Site) routeTable() (mux, am *http.ServeMux) {
	mux = http.NewServeMux()
	s.static.notFound = s.h(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("No such file.")
	})
	page := func(pattern string, fn handler) { mux.Handle(pattern, s.cache.wrap(s.h(fn))) }

	page("GET /{$}", s.front)
	page("GET /sections/{slug}", s.sectionFront)
	page("GET /authors/{slug}", s.authorPage)
	page("GET /tags/{slug}", s.tagPage)
	page("GET /articles/{slug}", s.articlePage)
	page("GET /pages/{slug}", s.staticPage)
	page("GET /search", s.search)

	page("GET /rss.xml", s.feedRSS)
	page("GET /atom.xml", s.feedAtom)
	page("GET /feed.json", s.feedJSON)
	for _, kind := range []string{"sections", "authors", "tags"} {
		page("GET /"+kind+"/{slug}/rss.xml", s.feedRSS)
		page("GET /"+kind+"/{slug}/atom.xml", s.feedAtom)
		page("GET /"+kind+"/{slug}/feed.json", s.feedJSON)
	}
	page("GET /sitemap.xml", s.sitemapIndex)
	page("GET /sitemaps/{name}", s.sitemap)
	page("GET /news-sitemap.xml", s.newsSitemap)
	page("GET /robots.txt", s.robots)

	mux.Handle("GET /preview/{token}", s.h(s.previewPage)) // signed draft previews, never cached (admin_preview.go)
	mux.Handle("GET /media/{id}/{file}", s.h(s.media))
	mux.Handle("GET /static/{file}", s.static)
	mux.HandleFunc("GET /healthz", s.healthz)
	for _, group := range readerGroups {
		group(s, mux)
	}
	am = s.adminRoutes(mux)
	s.commentRoutes(mux) // comments.go
	mux.Handle("/", s.cache.wrap(s.h(s.fallback)))
	return mux, am
}

// securityHeaders sets headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrerPolicy
		h["X-Frame-Options"] = frameOptions
		next.ServeHTTP(w, r)
	})
}

// Shared header values (never modified; set by map assignment to avoid
// canonicalising the keys on every response).
var (
	nosniff        = []string{"nosniff"}
	referrerPolicy = []string{"strict-origin-when-cross-origin"}
	frameOptions   = []string{"SAMEORIGIN"}
)
