// Package web serves the reader site: fronts, article pages, section, author
// and tag pages, search, feeds, sitemaps, media and static assets. Handlers
// are grouped one file per group and registered in routes.go; each calls the
// store (or a domain package) and then one response helper. Rendered pages are
// kept in an in-memory cache that is dropped whenever content changes (see
// cache.go).
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/comment"
	"masthead/internal/config"
	"masthead/internal/mail"
	"masthead/internal/model"
	"masthead/internal/realtime"
	"masthead/internal/sitepath"
	"masthead/internal/store"
)

// Site is the reader site. Create it with New and mount Handler.
type Site struct {
	st     *store.Store
	cfg    *config.Config
	log    *slog.Logger
	now    func() time.Time
	tmpl   map[string]*template.Template
	static *staticFiles
	cache  *pageCache
	base   *url.URL
	auth   *auth.Service   // newsroom sign-in and sessions (admin_*.go)
	mailer mail.Sender     // password reset links (admin_reset.go)
	resets *resetState     // rate limits and in-flight mail of password resets
	broker realtime.Broker // live updates to browsers (comments, analytics)
	// decider decides new comments' status and records moderators'
	// decisions, bans and word lists (admin_comments*.go).
	decider *comment.Decider
	stats   *liveAnalytics // collector, live state and most-read cache (analytics_collect.go)
	ckeys   *commentKeys   // comment cookie key, sign-in limits, mail in flight (comments_identity.go)
	// requestTimeout bounds one request's work (Options.RequestTimeout).
	requestTimeout time.Duration
}

// Options configure New.
type Options struct {
	// Now is the clock (UTC); nil means time.Now. Tests inject fixed clocks.
	Now func() time.Time
	// RequestTimeout bounds the work of one reader or admin request
	// (default DefaultRequestTimeout, 10 s); live streams are not bounded
	// by it. Tests shorten it.
	RequestTimeout time.Duration
	// DisableCache turns off the rendered-page cache (benchmarks of cold renders).
	DisableCache bool
	// PollInterval is how often the page cache asks the database whether
	// another process changed content; 0 means DefaultPollInterval, and a
	// negative value polls on every request (tests).
	PollInterval time.Duration
	// Auth signs newsroom users in to /admin; nil means a service with
	// default settings over the same store (Secure cookies when the base URL
	// is https, no trusted proxies).
	Auth *auth.Service
	// Mailer sends password reset links; nil means a mail.FileSender
	// writing to DataDir/mail.
	Mailer mail.Sender
	// Broker fans live updates out to browsers (and, with NATS, to the other
	// instances); nil means an in-process realtime.Local.
	Broker realtime.Broker
	// Comments decides the status of new comments and carries out
	// moderators' decisions (one per process: it holds the rate limits and
	// the cached word lists); nil means a comment.Decider over the same
	// store with default rate limits.
	Comments *comment.Decider
	// Analytics tunes the readership analytics (collector and live view);
	// the zero value means the defaults.
	Analytics AnalyticsOptions
}

// DefaultPollInterval bounds how long a change written by another process
// (e.g. `masthead import` beside a running server) takes to reach readers.
const DefaultPollInterval = time.Second

// New builds the reader site over st with settings cfg (cfg.Validate must
// have been called). It returns an error when templates fail to parse.
func New(st *store.Store, cfg *config.Config, log *slog.Logger, opts Options) (*Site, error) {
	s := &Site{st: st, cfg: cfg, log: log, now: opts.Now, broker: opts.Broker, requestTimeout: opts.RequestTimeout}
	if s.requestTimeout <= 0 {
		s.requestTimeout = DefaultRequestTimeout
	}
	if s.broker == nil {
		s.broker = realtime.NewLocal()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	var err error
	if s.base, err = url.Parse(cfg.BaseURL); err != nil {
		return nil, err
	}
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(s.funcs()); err != nil {
		return nil, err
	}
	poll := opts.PollInterval
	if poll == 0 {
		poll = DefaultPollInterval
	}
	if poll < 0 {
		poll = 0
	}
	if s.auth = opts.Auth; s.auth == nil {
		s.auth = auth.New(st, auth.Options{Secure: s.base.Scheme == "https", Log: s.log})
	}
	if s.mailer = opts.Mailer; s.mailer == nil {
		s.mailer = mail.NewFileSender(filepath.Join(cfg.DataDir, "mail"), s.log)
	}
	s.resets = newResetState()
	if s.decider = opts.Comments; s.decider == nil {
		s.decider = &comment.Decider{Store: st}
	}
	if s.stats, err = s.newLiveAnalytics(opts.Analytics); err != nil {
		return nil, err
	}
	s.cache = newPageCache(st, s.clock, !opts.DisableCache, poll)
	s.cache.bypass = personal
	s.ckeys = newCommentKeys()
	s.watchCommentPages()
	return s, nil
}

func (s *Site) clock() time.Time { return s.now().UTC() }

// DefaultRequestTimeout bounds the database work of one reader or admin
// request, so a slow query can neither pile up under load nor hold up a
// graceful shutdown.
const DefaultRequestTimeout = 10 * time.Second

// httpError is an error with the HTTP status and the message readers see.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func notFound(msg string) error { return &httpError{http.StatusNotFound, msg} }
func gone(msg string) error     { return &httpError{http.StatusGone, msg} }
func badRequest(msg string) error {
	return &httpError{http.StatusBadRequest, msg}
}

// storeErr maps store.ErrNotFound to a 404 with msg and passes others on.
func storeErr(err error, msg string) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound(msg)
	}
	return err
}

// handler adapts a handler that returns an error: httpErrors render the
// error page with their status; anything else is logged once and shown as 500.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Site) h(fn handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		if auth.ClientGone(r, err) {
			s.log.Debug("request: client gone", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		if errors.Is(err, context.DeadlineExceeded) {
			s.log.Warn("request timed out", "path", r.URL.Path)
			s.renderError(w, r, http.StatusServiceUnavailable, "This page took too long to prepare. Please try again in a moment.")
			return
		}
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		he = &httpError{http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment."}
	}
	s.renderError(w, r, he.status, he.msg)
}

// absURL makes an absolute URL on the public base for a site path.
func (s *Site) absURL(path string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + path
}

// Paths of the reader site (shapes defined in package sitepath), in the
// forms the templates call.

func articlePath(a *model.Article) string   { return sitepath.Article(a) }
func sectionPath(sec *model.Section) string { return sitepath.Section(sec.Slug) }
func authorPath(au *model.Author) string    { return sitepath.Author(au.Slug) }
func tagPath(t *model.Tag) string           { return sitepath.Tag(t.Slug) }
func mediaPath(m *model.Media) string       { return sitepath.Media(m) }

func (s *Site) mediaURL(m *model.Media) string {
	p := mediaPath(m)
	if strings.HasPrefix(p, "/") {
		return s.absURL(p)
	}
	return p
}
