// Package store is Masthead's persistence layer: hand-written SQL over
// database/sql on SQLite (modernc.org/sqlite, the embedded default) and
// PostgreSQL (pgx stdlib adapter). Queries are written once in the subset both
// dialects share with "?" placeholders; rebind turns them into "$n" for
// PostgreSQL. Dialect-specific code lives in files named for the dialect.
//
// Times are stored as INTEGER/BIGINT seconds since the Unix epoch (UTC), with 0
// meaning unset, so that both dialects compare and sort them the same way.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	_ "modernc.org/sqlite"             // registers driver "sqlite"
)

// Dialect names the SQL database behind a Store.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned by lookups that match no row.
var ErrNotFound = errors.New("not found")

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is a handle on the database. Reads go to a pool of connections; on
// SQLite all writes go through a single-connection pool (SQLite allows one
// writer at a time, and queuing in Go is kinder than SQLITE_BUSY). Inside
// InTx, a Store value bound to the transaction is passed to the callback.
// A Store is safe for concurrent use.
type Store struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB
	q       querier // set inside a transaction
	gen     *atomic.Int64
	changes *changes // Changes subscribers and the shared version poll
	now     func() time.Time
	owner   bool // closes the pools
	stmts   *stmtCache
	wrote   bool      // inside a transaction: something was written
	secrets *sync.Map // name → []byte, see Secret
}

// Options configure Open.
type Options struct {
	// DatabaseURL selects PostgreSQL when it starts with postgres:// or
	// postgresql://; empty means SQLite in DataDir.
	DatabaseURL string
	// DataDir holds masthead.db for SQLite; created with mode 0750 if absent.
	DataDir string
	// Now is the clock; nil means time.Now. Tests inject fixed clocks.
	Now func() time.Time
}

// Open connects to the database named by opts. It does not run migrations;
// call Migrate (or CheckSchema) next. Errors name the file or URL at fault
// (without its password).
func Open(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{gen: new(atomic.Int64), changes: newChanges(), now: opts.Now, owner: true, stmts: &stmtCache{m: map[string]*sql.Stmt{}},
		secrets: new(sync.Map)}
	if s.now == nil {
		s.now = time.Now
	}
	u := opts.DatabaseURL
	switch {
	case strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://"):
		db, err := sql.Open("pgx", u)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: connect to postgres %s: %w", redact(u), err)
		}
		s.dialect, s.read, s.write = Postgres, db, db
	case u == "" || strings.HasPrefix(u, "sqlite:") || strings.HasPrefix(u, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "file:")
		if path == "" {
			dir := opts.DataDir
			if dir == "" {
				dir = "masthead-data"
			}
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create data folder: %w", err)
			}
			path = filepath.Join(dir, "masthead.db")
		}
		if err := s.openSQLite(ctx, path); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("store: unsupported database URL %q (want postgres://… or empty for SQLite)", redact(u))
	}
	return s, nil
}

func (s *Store) openSQLite(ctx context.Context, path string) error {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	s.dialect, s.read, s.write = SQLite, read, write
	return nil
}

func redact(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}

// Dialect reports which database the store talks to.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the connection pools. Closing a transaction-bound Store is a no-op.
func (s *Store) Close() error {
	if !s.owner {
		return nil
	}
	s.stmts.close()
	err := s.write.Close()
	if s.read != s.write {
		if e := s.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Generation is a counter bumped after every committed content write in this
// process. Page caches key on it to drop stale renders.
func (s *Store) Generation() int64 { return s.gen.Load() }

// Touch bumps Generation, e.g. when time alone makes content visible.
func (s *Store) Touch() { s.bump() }

// Now returns the store's clock reading in UTC.
func (s *Store) Now() time.Time { return s.now().UTC() }

// reader returns the querier for reads.
func (s *Store) reader() querier {
	if s.q != nil {
		return s.q
	}
	return s.read
}

// writer returns the querier for writes.
func (s *Store) writer() querier {
	if s.q != nil {
		return s.q
	}
	return s.write
}

// InTx runs fn in one transaction on the writer: all of fn's writes commit
// together or, when fn returns an error or panics, none do. The Store passed to
// fn is bound to the transaction; nested InTx calls join it.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) (err error) {
	if s.q != nil {
		return fn(s)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	txs := *s
	txs.q = tx
	txs.owner = false
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err == nil && txs.wrote {
			_, err = tx.ExecContext(ctx, bumpVersion)
		}
		if err != nil {
			tx.Rollback()
			return
		}
		if err = tx.Commit(); err != nil {
			err = fmt.Errorf("store: commit: %w", err)
			return
		}
		if txs.wrote { // quiet writes (accounts, comments) keep page caches
			s.bump()
		}
	}()
	return fn(&txs)
}

// bumpVersion marks a committed content write for every process that
// serves this database (see ContentVersion).
const bumpVersion = "UPDATE site_state SET version = version + 1 WHERE id = 1"

// exec runs a write statement written with ? placeholders. Outside a
// transaction it runs in one of its own, so the version bump commits with it.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s.q == nil {
		var res sql.Result
		err := s.InTx(ctx, func(tx *Store) error {
			var err error
			res, err = tx.exec(ctx, q, args...)
			return err
		})
		return res, err
	}
	s.wrote = true
	return s.q.ExecContext(ctx, s.rebind(q), args...)
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (s *Store) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	if s.q == nil {
		var id int64
		err := s.InTx(ctx, func(tx *Store) error {
			var err error
			id, err = tx.insertID(ctx, q, args...)
			return err
		})
		return id, err
	}
	s.wrote = true
	var id int64
	err := s.q.QueryRowContext(ctx, s.rebind(q), args...).Scan(&id)
	return id, err
}

// ContentVersion returns the database-wide write counter: it changes after
// every committed content write by any process using this database.
func (s *Store) ContentVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.queryRow(ctx, "SELECT version FROM site_state WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: content version: %w", err)
	}
	return v, nil
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s.q == nil {
		if st := s.stmts.get(ctx, s.read, s.rebind(q)); st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return s.reader().QueryContext(ctx, s.rebind(q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s.q == nil {
		if st := s.stmts.get(ctx, s.read, s.rebind(q)); st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return s.reader().QueryRowContext(ctx, s.rebind(q), args...)
}

// inTx returns st (a statement prepared on the write pool, see stmtCache)
// bound to the transaction s runs in, closed with it; nil when st is nil or
// s is not in a transaction.
func (s *Store) inTx(ctx context.Context, st *sql.Stmt) *sql.Stmt {
	tx, ok := s.q.(*sql.Tx)
	if !ok || st == nil {
		return nil
	}
	return tx.StmtContext(ctx, st)
}

// stmtCache keeps prepared statements (reads, the analytics INSERT and the comment INSERT) by
// SQL text: parsing and planning a statement costs more than running most of Masthead's queries on SQLite.
// It holds at most stmtCacheMax statements; past that, queries run unprepared.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

const stmtCacheMax = 256

func (c *stmtCache) get(ctx context.Context, db *sql.DB, q string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[q]
	n := len(c.m)
	c.mu.RUnlock()
	if ok || n >= stmtCacheMax {
		return st
	}
	st, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the unprepared path reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[q]; ok {
		st.Close()
		return old
	}
	c.m[q] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// rebind rewrites ? placeholders to $1, $2 … for PostgreSQL. Question marks
// inside single-quoted literals are left alone.
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unix converts t to stored seconds; the zero time is 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix converts stored seconds back to a UTC time; 0 is the zero time.
func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
