package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/analytics/geoiptest"
	"masthead/internal/config"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestGeoIPDatabaseAtStart: a --geoip-db that is missing or is not a
// MaxMind database stops the server at start with an error naming the
// file; a real one (written by MaxMind's writer) is accepted.
func TestGeoIPDatabaseAtStart(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	text := filepath.Join(dir, "country.txt")
	if err := os.WriteFile(text, []byte("DE 203.0.113.0/24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "GeoLite2-Country.mmdb"), text} {
		cfg := config.Defaults()
		cfg.Demo = false
		cfg.GeoIPDB = file
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		_, err := New(context.Background(), &cfg, st, log)
		if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "--geoip-db") {
			t.Errorf("--geoip-db %s: error %v, want one naming the flag and the file", file, err)
		}
	}
	cfg := config.Defaults()
	cfg.Demo = false
	cfg.GeoIPDB = geoiptest.Write(t, map[string]string{"203.0.113.0/24": "DE"})
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	srv, err := New(context.Background(), &cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.site.Close()
	srv.geo.Close()
}
