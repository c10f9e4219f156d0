// Package api serves the read-only JSON Content API under /api/: articles,
// sections, authors and tags as readers may see them, authenticated with API
// keys (`masthead apikey add`), plus its OpenAPI document at
// /api/openapi.json. Routes live in one table (routes.go) that both the mux
// and the OpenAPI agreement test read.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/store"
	"masthead/internal/webhook"
)

// Options tune an API; the zero value is fine.
type Options struct {
	// Now is the clock (time.Now when nil); tests fix it.
	Now func() time.Time
	Log *slog.Logger
}

// API is the Content API handler set.
type API struct {
	st   *store.Store
	cfg  *config.Config
	log  *slog.Logger
	now  func() time.Time
	base string // public base URL without a trailing slash
	// fetchClient fetches remote lead images (webhook.SafeClient).
	fetchClient *http.Client
}

// New returns the Content API over st, making absolute URLs on cfg.BaseURL.
func New(st *store.Store, cfg *config.Config, opts Options) (*API, error) {
	if _, err := url.Parse(cfg.BaseURL); err != nil {
		return nil, err
	}
	a := &API{st: st, cfg: cfg, log: opts.Log, now: opts.Now, base: strings.TrimRight(cfg.BaseURL, "/")}
	if a.now == nil {
		a.now = time.Now
	}
	a.fetchClient = webhook.SafeClient(cfg.WebhooksAllowPrivate)
	if a.log == nil {
		a.log = slog.Default()
	}
	return a, nil
}

// handler is an API endpoint: it writes a success itself or returns an error
// (an *apiError for client errors; anything else becomes a 500).
type handler func(w http.ResponseWriter, r *http.Request) error

// apiError is an error response with a status and a machine-readable code.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func badParam(name, msg string) *apiError {
	return &apiError{http.StatusBadRequest, "invalid_parameter", name + ": " + msg}
}

func notFound(msg string) *apiError { return &apiError{http.StatusNotFound, "not_found", msg} }

// Handler returns the API's routes: every entry of the route table (GET and
// HEAD only; other methods get 405 with Allow), and a JSON 404 for any other
// path under /api/.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		h := rt.handler(a)
		if rt.auth {
			h = a.authenticate(h)
		}
		mux.Handle(rt.pattern, a.serve(h))
	}
	for _, rt := range adminRoutes {
		mux.Handle(rt.method+" "+rt.pattern, a.serveAdmin(rt.handler(a)))
	}
	mux.Handle("/api/", a.serve(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("no such API path: " + r.URL.Path)
	}))
	return mux
}

// serve adapts a handler: method check, shared headers, a deadline and
// error responses.
func (a *API) serve(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hd.Set("Allow", "GET, HEAD")
			writeError(w, &apiError{http.StatusMethodNotAllowed, "method_not_allowed", r.Method + " is not allowed; the Content API is read-only (GET)"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		err := h(w, r.WithContext(ctx))
		if err == nil {
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) {
			if auth.ClientGone(r, err) {
				a.log.Debug("api request: client gone", "path", r.URL.Path, "err", err)
				return
			}
			a.log.Error("api request failed", "path", r.URL.Path, "err", err)
			ae = &apiError{http.StatusInternalServerError, "internal", "something went wrong on our side; try again in a moment"}
		}
		writeError(w, ae)
	})
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError writes {"error":{"code":…,"message":…}}.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, map[string]any{"error": map[string]string{"code": e.code, "message": e.message}})
}
