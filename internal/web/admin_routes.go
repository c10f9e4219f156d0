package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// The newsroom admin lives under /admin. Every admin response passes
// through, outermost first:
//
//  1. adminHeaders: Cache-Control: no-store, a strict Content-Security-Policy
//     and noindex — admin pages are per user and never enter the page cache
//     (they are not wrapped by it);
//  2. net/http.CrossOriginProtection: a state-changing request (POST …)
//     sent by a browser from another origin is refused with 403 (Go 1.25+,
//     Sec-Fetch-Site / Origin checks); GET handlers never change state;
//  3. the session middleware of package auth (scs), which loads and saves
//     the server-side session.
//
// The admin mux then routes to one handler per action (admin_login.go,
// admin_dashboard.go, admin_articles.go, admin_article_edit.go).
// adminGroups lets each admin handler group (one file each) register its
// routes from an init function, so groups can be added without touching this
// file. Every route registered here sits behind sessions, cross-origin
// protection and the admin headers.
var adminGroups []func(s *Site, am *http.ServeMux)

// adminRoutes mounts the newsroom admin on mux under /admin and returns the
// admin's own router.
func (s *Site) adminRoutes(mux *http.ServeMux) *http.ServeMux {
	am := http.NewServeMux()
	am.Handle("GET /admin/login", s.ah(s.adminLoginForm))
	am.Handle("POST /admin/login", s.ah(s.adminLogin))
	am.Handle("POST /admin/logout", s.ah(s.adminLogout))
	am.Handle("POST /admin/logout-everywhere", s.signedIn(s.adminLogoutEverywhere))
	am.Handle("GET /admin", s.signedIn(s.adminDashboard))
	am.Handle("GET /admin/{$}", http.RedirectHandler("/admin", http.StatusMovedPermanently))
	am.Handle("GET /admin/articles", s.signedIn(s.adminArticles))
	am.Handle("GET /admin/articles/new", s.signedIn(s.adminArticleNew))
	am.Handle("POST /admin/articles", s.signedIn(s.adminArticleCreate))
	am.Handle("GET /admin/articles/{id}/edit", s.signedIn(s.adminArticleEdit))
	am.Handle("POST /admin/articles/{id}", s.signedIn(s.adminArticleUpdate))
	for _, group := range adminGroups {
		group(s, am)
	}
	am.Handle("/admin/", s.ah(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("There is no such page in the newsroom admin.")
	}))

	cop := http.NewCrossOriginProtection()
	if s.base != nil && s.base.Host != "" {
		// Behind a proxy that rewrites Host, the public origin still counts as ours.
		if err := cop.AddTrustedOrigin(s.base.Scheme + "://" + s.base.Host); err != nil {
			s.log.Warn("admin: base URL is not a usable origin for cross-origin checks", "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("admin: cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		s.adminFail(w, r, &httpError{http.StatusForbidden,
			"This form was sent from another site, so it was refused. Open the newsroom admin at " +
				s.absURL("/admin") + " and try again."})
	}))
	h := adminHeaders(cop.Handler(s.auth.Sessions.LoadAndSave(am)))
	mux.Handle("/admin", h)
	mux.Handle("/admin/", h)
	return am
}

// adminCSP allows the admin's own stylesheet and forms, nothing else: no
// scripts, no framing, no form posts to other origins.
const adminCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func adminHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", adminCSP)
		h.Set("X-Robots-Tag", "noindex, nofollow")
		next.ServeHTTP(w, r)
	})
}

// ah adapts an admin handler: errors render the admin error page (never
// cached) with their status; anything not an httpError is logged once and
// shown as 500.
func (s *Site) ah(fn handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		if err := fn(w, r); err != nil {
			s.adminFail(w, r, err)
		}
	})
}

// signedIn wraps a handler that needs a signed-in user. Without one, a GET
// is redirected to the sign-in page with next set to the page asked for;
// anything else to the bare sign-in page.
func (s *Site) signedIn(fn func(w http.ResponseWriter, r *http.Request, u *store.User) error) http.Handler {
	return s.ah(func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.auth.CurrentUser(r.Context())
		if err != nil {
			return err
		}
		if u == nil {
			to := "/admin/login"
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				to += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return nil
		}
		return fn(w, r, u)
	})
}

func (s *Site) adminFail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		if auth.ClientGone(r, err) {
			s.log.Debug("admin request: client gone", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		s.log.Error("admin request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		he = &httpError{http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment."}
	}
	title := http.StatusText(he.status)
	if he.status == http.StatusNotFound {
		title = "Page not found"
	}
	page := map[string]any{"Status": he.status, "Title": title, "Message": he.msg}
	// A signed-in user keeps the admin menu on error pages (403, 404, 409 …),
	// so they can go on from there.
	var u *store.User
	if r.URL.Path != "/admin/login" {
		u = s.userIfLoaded(r)
	}
	if err := s.renderAdmin(w, he.status, "admin_error", title, u, page); err != nil {
		s.log.Error("render admin error page", "err", err)
		http.Error(w, he.msg, he.status)
	}
}

// adminLayout is what admin_base.html needs besides the page's own data.
type adminLayout struct {
	Title string // <title> and h1, without the site name
	Site  siteInfo
	User  *store.User // nil on the sign-in page
	Page  any
	// Pending is the number of comments waiting in the moderation queue,
	// shown on the menu's "Comments" item for those who moderate (0: none,
	// or not counted).
	Pending int
}

// renderAdmin writes admin template name with status. Admin pages are
// never cached (Cache-Control: no-store, set again here for handlers
// mounted elsewhere).
func (s *Site) renderAdmin(w http.ResponseWriter, status int, name, title string, u *store.User, page any) error {
	t := s.tmpl[name]
	if t == nil {
		return fmt.Errorf("web: no template %q", name)
	}
	now := s.clock().In(s.cfg.Location)
	l := &adminLayout{Title: title, User: u, Page: page,
		Site: siteInfo{Name: s.cfg.SiteName, BaseURL: s.cfg.BaseURL, CSS: s.static.url("admin.css"), Year: now.Year()}}
	l.Pending = s.pendingComments(u)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", l); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// userIfLoaded returns the signed-in user of r, or nil when there is none
// or the session was never loaded (a request refused before the session
// middleware, such as a cross-origin POST).
func (s *Site) userIfLoaded(r *http.Request) (u *store.User) {
	defer func() {
		if recover() != nil { // scs panics when no session is in the context
			u = nil
		}
	}()
	if cu, err := s.auth.CurrentUser(r.Context()); err == nil {
		return cu
	}
	return nil
}
