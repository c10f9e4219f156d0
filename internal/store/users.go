package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a newsroom account (table users). Role holds one of the role
// names defined by package auth ("owner", "editor", …); the database refuses
// any other value.
type User struct {
	ID    int64
	Email string // lower-cased, unique
	Name  string
	Role  string
	// PasswordHash is a PHC-format argon2id string made by package auth.
	PasswordHash string
	Created      time.Time // UTC
	LastLogin    time.Time // UTC; zero when the user never signed in
	Disabled     bool
	// SessionGen is bumped to end every session of the user at once; a
	// session remembers the generation it was created in.
	SessionGen int64
}

// ErrDuplicateEmail is returned by CreateUser when another account already
// uses the e-mail address (compared lower-cased).
var ErrDuplicateEmail = errors.New("an account with this e-mail address already exists")

// NormalizeEmail returns the form e-mail addresses are stored and looked up
// in: surrounding spaces removed and lower-cased. Both the local part and the
// domain are folded, so Ana@Example.com and ana@example.com are one account.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

const userCols = "id, email, name, role, password_hash, created, last_login, disabled, session_gen"

func scanUser(sc interface{ Scan(...any) error }) (*User, error) {
	u := new(User)
	var created, last int64
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &created, &last, &u.Disabled, &u.SessionGen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: user: %w", err)
	}
	u.Created, u.LastLogin = fromUnix(created), fromUnix(last)
	return u, nil
}

// execQuiet runs a write statement without marking content as changed:
// accounts and sessions are not shown to readers, so writing them must not
// empty the page cache (see ContentVersion). Inside a transaction it joins it.
func (s *Store) execQuiet(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.writer().ExecContext(ctx, s.rebind(q), args...)
}

// CreateUser inserts u (Email normalised with NormalizeEmail, Created set to
// the store clock when zero) and sets u.ID. It returns ErrDuplicateEmail when
// the address is taken.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	u.Email = NormalizeEmail(u.Email)
	if u.Email == "" {
		return errors.New("store: user has no e-mail address")
	}
	if u.Created.IsZero() {
		u.Created = s.Now()
	}
	var n int
	if err := s.writer().QueryRowContext(ctx, s.rebind("SELECT count(*) FROM users WHERE email = ?"), u.Email).Scan(&n); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	if n > 0 {
		return ErrDuplicateEmail
	}
	err := s.writer().QueryRowContext(ctx, s.rebind(`INSERT INTO users (email, name, role, password_hash, created, last_login, disabled, session_gen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Email, u.Name, u.Role, u.PasswordHash, unix(u.Created), unix(u.LastLogin), u.Disabled, u.SessionGen).Scan(&u.ID)
	if err != nil {
		if isUniqueViolation(err) { // lost a race with another writer
			return ErrDuplicateEmail
		}
		return fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	return nil
}

// isUniqueViolation reports whether err is a UNIQUE constraint failure
// (SQLite "UNIQUE constraint failed", PostgreSQL SQLSTATE 23505).
func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "23505")
}

// UserByEmail returns the account with the e-mail address (normalised with
// NormalizeEmail) or ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(s.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", NormalizeEmail(email)))
}

// UserByID returns the account with the id or ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
}

// Users returns every account ordered by e-mail address.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.query(ctx, "SELECT "+userCols+" FROM users ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPasswordHash replaces the account's password hash. With endSessions it
// also ends every session of the account (bumps SessionGen and deletes its
// session rows), as OWASP's Session Management Cheat Sheet asks after a
// password change. It returns ErrNotFound for an unknown id.
func (s *Store) SetPasswordHash(ctx context.Context, id int64, hash string, endSessions bool) error {
	return s.InTx(ctx, func(tx *Store) error {
		res, err := tx.execQuiet(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if endSessions {
			return tx.EndUserSessions(ctx, id)
		}
		return nil
	})
}

// RecordLogin sets the account's last sign-in time (stored as UTC seconds).
func (s *Store) RecordLogin(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.execQuiet(ctx, "UPDATE users SET last_login = ? WHERE id = ?", unix(at), id); err != nil {
		return fmt.Errorf("store: record login: %w", err)
	}
	return nil
}

// SetUserDisabled turns sign-in off (or back on) for the account; disabling
// also ends its sessions. It returns ErrNotFound for an unknown id.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.InTx(ctx, func(tx *Store) error {
		res, err := tx.execQuiet(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id)
		if err != nil {
			return fmt.Errorf("store: disable user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if disabled {
			return tx.EndUserSessions(ctx, id)
		}
		return nil
	})
}

// EndUserSessions ends every session of the account ("log out
// everywhere"): it bumps users.session_gen, so sessions still held in memory
// by in-flight requests fail their next check, and deletes the account's
// rows from sessions.
func (s *Store) EndUserSessions(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.execQuiet(ctx, "UPDATE users SET session_gen = session_gen + 1 WHERE id = ?", id); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
		if _, err := tx.execQuiet(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
		return nil
	})
}
