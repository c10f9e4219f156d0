// Package storetest opens fresh, migrated databases for tests: SQLite in a
// temporary folder always, and PostgreSQL too when MASTHEAD_TEST_POSTGRES holds
// a URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable). Each
// call creates its own database, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"masthead/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL server URL for tests.
const EnvPostgres = "MASTHEAD_TEST_POSTGRES"

// Dialects returns the dialects tests should run on: always SQLite, plus
// PostgreSQL when EnvPostgres is set.
func Dialects() []store.Dialect {
	d := []store.Dialect{store.SQLite}
	if os.Getenv(EnvPostgres) != "" {
		d = append(d, store.Postgres)
	}
	return d
}

// Each runs fn as a subtest named for each dialect, each with a fresh
// migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d, nil))
		})
	}
}

// Open returns a fresh migrated store of dialect d using clock now (nil for
// time.Now). It fails the test on any error and closes and drops the database
// in t.Cleanup.
func Open(t testing.TB, d store.Dialect, now func() time.Time) *store.Store {
	t.Helper()
	ctx := context.Background()
	opts := store.Options{Now: now}
	switch d {
	case store.Postgres:
		base := os.Getenv(EnvPostgres)
		if base == "" {
			t.Skip(EnvPostgres + " not set")
		}
		opts.DatabaseURL = freshPostgres(t, base)
	default:
		opts.DataDir = t.TempDir()
	}
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func freshPostgres(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "masthead_t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("postgres: create database: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	u.Path = "/" + name
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	return u.String()
}
