//go:build e2e

package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"masthead/internal/config"
	"masthead/internal/server"
	"masthead/internal/store"
)

// site is a running Masthead instance under test.
type site struct {
	URL   string       // http://127.0.0.1:PORT, also the configured base URL
	Store *store.Store // the instance's database, for lookups the test needs
	Cfg   config.Config
}

// siteOptions choose what startSite puts in the database.
type siteOptions struct {
	// Demo writes the demo edition (as `masthead serve` does on first run).
	Demo bool
	// Prepare, when set, runs on the migrated, empty store before the
	// server is built (e.g. to import a corpus file).
	Prepare func(ctx context.Context, st *store.Store) error
}

// startSite opens a fresh SQLite store in a temporary folder, migrates it,
// builds the server exactly as `masthead serve` does (server.New, which
// writes the demo edition when asked) and serves it on a loopback port. The
// base URL is the server's own address, so canonical links point at it.
// Everything is closed when the test ends.
func startSite(t *testing.T, opts siteOptions) *site {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))

	st, err := store.Open(ctx, store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx, log); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if opts.Prepare != nil {
		if err := opts.Prepare(ctx, st); err != nil {
			t.Fatalf("prepare store: %v", err)
		}
	}

	// Listen first so that the base URL is known before the server is built.
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	t.Cleanup(ts.Close)
	cfg := config.Defaults()
	cfg.Addr = "127.0.0.1:0"
	cfg.Demo = opts.Demo
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	srv, err := server.New(ctx, &cfg, st, log)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	return &site{URL: ts.URL, Store: st, Cfg: cfg}
}
