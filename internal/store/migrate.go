package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// ErrSchemaTooNew is returned when the database was migrated by a newer
// Masthead than this binary; serving it could corrupt data.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

func (s *Store) migrationFS() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations/"+string(s.dialect))
	return sub
}

// LatestVersion returns the highest migration version embedded in the binary.
func (s *Store) LatestVersion() int64 {
	entries, _ := fs.ReadDir(s.migrationFS(), ".")
	var vs []int64
	for _, e := range entries {
		name := e.Name()
		if i := strings.IndexByte(name, '_'); i > 0 {
			if v, err := strconv.ParseInt(name[:i], 10, 64); err == nil {
				vs = append(vs, v)
			}
		}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)-1]
}

// SchemaVersion returns the version recorded in the database (0 when no
// migration has run).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var exists bool
	switch s.dialect {
	case Postgres:
		err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'goose_db_version')`).Scan(&exists)
		if err != nil {
			return 0, fmt.Errorf("store: read schema version: %w", err)
		}
	default:
		var n int
		err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("store: read schema version: %w", err)
		}
		exists = n > 0
	}
	if !exists {
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.write.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	return v.Int64, nil
}

// CheckSchema returns ErrSchemaTooNew (wrapped, with both versions) when the
// database is ahead of the binary.
func (s *Store) CheckSchema(ctx context.Context) error {
	have, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := s.LatestVersion(); have > latest {
		return fmt.Errorf("%w: database is at version %d, this binary knows up to %d; upgrade Masthead", ErrSchemaTooNew, have, latest)
	}
	return nil
}

// Migrate applies every embedded migration not yet applied, in order, and
// returns the version reached. It refuses (ErrSchemaTooNew) to touch a
// database migrated by a newer binary.
func (s *Store) Migrate(ctx context.Context, log *slog.Logger) (int64, error) {
	if err := s.CheckSchema(ctx); err != nil {
		return 0, err
	}
	d := goose.DialectSQLite3
	if s.dialect == Postgres {
		d = goose.DialectPostgres
	}
	// Out-of-order application is allowed: migrations written in parallel
	// branches may land with a lower number after a higher one was applied.
	p, err := goose.NewProvider(d, s.write, s.migrationFS(), goose.WithAllowOutofOrder(true))
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		if log != nil {
			log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
		}
	}
	s.bump()
	return s.SchemaVersion(ctx)
}
