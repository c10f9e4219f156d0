// Package server wires Masthead together: it opens the store, writes the demo
// edition into an empty database, builds the HTTP handlers and runs an
// http.Server with timeouts and graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"masthead/internal/comment"
	"masthead/internal/comment/spam"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/analytics/history"
	"masthead/internal/api"
	"masthead/internal/article"
	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/demo"
	"masthead/internal/mail"
	"masthead/internal/realtime"
	"masthead/internal/store"
	"masthead/internal/web"
	"masthead/internal/webhook"
)

// Server is a running Masthead instance.
type Server struct {
	cfg  *config.Config
	st   *store.Store
	log  *slog.Logger
	http *http.Server
	// sched publishes scheduled articles on time (started by Run).
	sched *article.Scheduler
	// hooks sends queued webhook deliveries (started by Run).
	hooks *webhook.Dispatcher
	// broker fans live updates out (in-process, or across instances via NATS).
	broker realtime.Broker
	// stopStreams closes the channel every request carries (realtime.WithShutdown),
	// ending open live streams when shutdown begins.
	stopStreams func()
	// roller keeps the hourly analytics rollups up to date and applies the
	// analytics retention (started by Run).
	roller *history.Roller
	// site is the reader site and admin; Close flushes its analytics.
	site *web.Site
	// geo is the operator's GeoIP database (--geoip-db); nil without one.
	geo *analytics.GeoIP
}

// New builds the server over an opened, migrated store. When cfg.Demo is set
// and the database has no content, it writes the demo edition first.
func New(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) (*Server, error) {
	if err := st.CheckSchema(ctx); err != nil {
		return nil, err
	}
	if cfg.Demo {
		wrote, err := demo.Seed(ctx, st, time.Now().UTC())
		if err != nil {
			return nil, fmt.Errorf("demo edition: %w", err)
		}
		if wrote {
			log.Info("wrote the demo edition into the empty database (turn off with --demo=false)")
		}
	}
	accounts := auth.New(st, auth.Options{Secure: strings.HasPrefix(cfg.BaseURL, "https://"),
		TrustedProxies: cfg.TrustedProxies, Log: log})
	var mailer mail.Sender // nil: web writes DATA/mail/*.eml
	if cfg.SMTPURL != "" {
		smtp, err := mail.NewSMTPSender(cfg.SMTPURL)
		if err != nil {
			return nil, err
		}
		mailer = smtp
	}
	var broker realtime.Broker = realtime.NewLocal()
	if cfg.NATSURL != "" {
		nb, err := realtime.NewNATS(cfg.NATSURL, log)
		if err != nil {
			return nil, err
		}
		broker = nb
		log.Info("live updates shared between instances through NATS")
	}
	comments := &comment.Decider{Store: st, Limiter: spam.NewLimiter(spam.RateLimits{
		IdentityBurst: cfg.CommentIdentityBurst, IdentityEvery: cfg.CommentIdentityEvery,
		IPBurst: cfg.CommentIPBurst, IPEvery: cfg.CommentIPEvery})}
	aopts := web.AnalyticsOptions{LiveWindow: cfg.AnalyticsLiveWindow,
		VisitorPageviewsPerMinute: cfg.AnalyticsVisitorPageviews, AddressPageviewsPerMinute: cfg.AnalyticsAddressPageviews}
	var geo *analytics.GeoIP
	if cfg.GeoIPDB != "" {
		g, err := analytics.OpenGeoIP(cfg.GeoIPDB)
		if err != nil {
			broker.Close()
			return nil, fmt.Errorf("--geoip-db: %w", err)
		}
		geo, aopts.Countries = g, g
		log.Info("analytics countries from a GeoIP database", "file", cfg.GeoIPDB)
	}
	site, err := web.New(st, cfg, log, web.Options{Auth: accounts, Mailer: mailer, Broker: broker, Comments: comments,
		Analytics: aopts})
	if err != nil {
		geo.Close()
		broker.Close()
		return nil, err
	}
	content, err := api.New(st, cfg, api.Options{Log: log})
	if err != nil {
		site.Close()
		geo.Close()
		broker.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", content.Handler()) // JSON Content API (internal/api)
	mux.Handle("/", site.Handler())
	s := &Server{cfg: cfg, st: st, log: log, sched: article.NewScheduler(st, article.Options{Log: log}),
		hooks:  webhook.New(st, webhook.Options{BaseURL: cfg.BaseURL, AllowPrivate: cfg.WebhooksAllowPrivate, Log: log}),
		broker: broker,
		roller: history.NewRoller(st, cfg.Location, log), site: site, geo: geo}
	s.http = &http.Server{
		Addr:              cfg.Addr,
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	streamsDone := make(chan struct{})
	var once sync.Once
	s.stopStreams = func() { once.Do(func() { close(streamsDone) }) }
	s.http.BaseContext = func(net.Listener) context.Context {
		return realtime.WithShutdown(context.Background(), streamsDone)
	}
	return s, nil
}

// Handler returns the server's HTTP handler (for tests).
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Run listens on cfg.Addr and serves until ctx is cancelled, then shuts down
// gracefully, giving in-flight requests up to 10 seconds. ready, when not
// nil, receives the bound address once listening.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "url", s.cfg.BaseURL, "database", string(s.st.Dialect()))
	// Record the address readers and staff use, so that `masthead user add`
	// prints a sign-in link that works (the bound port when --addr had :0
	// and no --base-url was given).
	served := s.cfg.BaseURL
	if served == "http://"+s.cfg.Addr {
		served = "http://" + ln.Addr().String()
	}
	if err := s.st.SetServedBaseURL(ctx, served); err != nil {
		s.log.Warn("base URL not recorded", "err", err)
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	// The scheduler publishes due stories with no traffic needed; it stops
	// with the server (before the store is closed by the caller).
	schedCtx, stopSched := context.WithCancel(context.Background())
	schedDone := make(chan struct{})
	go func() { defer close(schedDone); s.sched.Run(schedCtx) }()
	defer func() { stopSched(); <-schedDone }()
	// The webhook dispatcher sends the outbox the same way, and stops with it.
	hooksDone := make(chan struct{})
	go func() { defer close(hooksDone); s.hooks.Run(schedCtx) }()
	defer func() { stopSched(); <-hooksDone }()
	// Analytics history: rollups every minute, retention every hour.
	histDone := make(chan struct{})
	ret := history.Retention{RawDays: s.cfg.AnalyticsRawDays, RollupDays: s.cfg.AnalyticsRollupDays}
	go func() { defer close(histDone); history.Maintain(schedCtx, s.roller, ret, 0, nil) }()
	defer func() { stopSched(); <-histDone }()
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Live streams (SSE) never end by themselves: closing the broker when
	// shutdown starts ends them, so Shutdown does not wait out its deadline
	// for readers who keep a page open.
	s.http.RegisterOnShutdown(func() { s.broker.Close(); s.stopStreams() })
	serr := s.http.Shutdown(sctx)
	s.site.Close()   // writes queued analytics events, stops the live view
	s.geo.Close()    // after the collector's last lookup
	s.broker.Close() // ends live streams' subscriptions
	if serr != nil {
		return serr
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
