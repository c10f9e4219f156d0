// Package auth is Masthead's newsroom accounts layer: the six roles and the
// permission matrix (roles.go, documented in docs/PERMISSIONS.md), argon2id
// password hashing (password.go), sign-in with rate limits and equal timing
// for unknown accounts (login.go), and server-side sessions kept in the
// database through github.com/alexedwards/scs/v2 (session.go).
//
// Cross-origin protection of state-changing requests is the job of
// net/http.CrossOriginProtection, applied by the admin handlers in package
// web; this package only decides who is signed in and what they may do.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/alexedwards/scs/v2"

	"masthead/internal/store"
)

// Session timeouts (OWASP Session Management Cheat Sheet, "Session
// Expiration"): a session ends after DefaultIdleTimeout without a request,
// and in any case DefaultLifetime after sign-in.
const (
	DefaultIdleTimeout = 12 * time.Hour
	DefaultLifetime    = 7 * 24 * time.Hour
)

// Options configure New. The zero value is usable.
type Options struct {
	// Now is the clock; nil means time.Now. Rate limits use it; session
	// expiry is checked with the store's clock.
	Now func() time.Time
	// Secure marks the session cookie Secure; set it when the site's base
	// URL is https.
	Secure bool
	// CookiePath is the session cookie's Path; empty means "/admin", so the
	// reader site never receives the cookie.
	CookiePath string
	// IdleTimeout and Lifetime override DefaultIdleTimeout and
	// DefaultLifetime when positive.
	IdleTimeout, Lifetime time.Duration
	// Params are the argon2id parameters for new hashes; nil means
	// DefaultParams. Tests use cheaper ones.
	Params *Params
	// Limits override DefaultLimits when AccountBurst is positive.
	Limits Limits
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (see ClientIP); empty trusts none.
	TrustedProxies []netip.Prefix
	// Log receives security-relevant events; nil means slog.Default().
	Log *slog.Logger
}

// Service signs newsroom users in and out and manages their accounts. Create
// it with New; it is safe for concurrent use.
type Service struct {
	st      *store.Store
	now     func() time.Time
	log     *slog.Logger
	hasher  *Hasher
	trusted []netip.Prefix

	// Sessions is the session manager; wrap handlers that need the
	// signed-in user with Sessions.LoadAndSave.
	Sessions *scs.SessionManager

	acct, ip *limiter

	dummyOnce sync.Once
	dummy     string       // hash checked for unknown accounts (equal timing)
	verifies  atomic.Int64 // password verifications run (tests)
}

// New returns a Service over st.
func New(st *store.Store, opts Options) *Service {
	s := &Service{st: st, now: opts.Now, log: opts.Log, trusted: opts.TrustedProxies}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	p := DefaultParams
	if opts.Params != nil {
		p = *opts.Params
	}
	s.hasher = NewHasher(p)
	lim := DefaultLimits
	if opts.Limits.AccountBurst > 0 {
		lim = opts.Limits
	}
	s.acct = newLimiter(lim.AccountBurst, lim.AccountEvery)
	s.ip = newLimiter(lim.IPBurst, lim.IPEvery)
	s.Sessions = newSessionManager(st, opts)
	return s
}

// FieldError is a validation error about one input field ("email", "name",
// "role" or "password"), so that callers can name the flag or form field at
// fault.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// ValidateEmail checks that email is a bare address (local@domain, no
// display name, no spaces) of at most 254 bytes (RFC 5321 §4.5.3.1.3) and
// returns it normalised with store.NormalizeEmail.
func ValidateEmail(email string) (string, error) {
	e := store.NormalizeEmail(email)
	if e == "" {
		return "", errors.New("e-mail address is empty")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" || !strings.Contains(e, "@") || len(e) > 254 {
		return "", fmt.Errorf("%q is not an e-mail address such as name@example.com", email)
	}
	return e, nil
}

// ValidateName checks a display name: not empty, at most 200 characters, no
// control characters (DESIGN.md §7: no CR/LF in names that may reach mail).
// It returns the name with surrounding spaces removed.
func ValidateName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return "", errors.New("name is empty")
	}
	if len([]rune(n)) > 200 {
		return "", errors.New("name is longer than 200 characters")
	}
	for _, c := range n {
		if unicode.IsControl(c) {
			return "", errors.New("name contains a control character (such as a line break)")
		}
	}
	return n, nil
}

// AddUser creates an account after validating every field; errors about
// input are *FieldError, a taken address is store.ErrDuplicateEmail (wrapped
// in a *FieldError for "email").
func (s *Service) AddUser(ctx context.Context, email, name, role, password string) (*store.User, error) {
	e, err := ValidateEmail(email)
	if err != nil {
		return nil, &FieldError{"email", err}
	}
	n, err := ValidateName(name)
	if err != nil {
		return nil, &FieldError{"name", err}
	}
	r, err := ParseRole(role)
	if err != nil {
		return nil, &FieldError{"role", err}
	}
	if err := CheckPassword(password); err != nil {
		return nil, &FieldError{"password", err}
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	u := &store.User{Email: e, Name: n, Role: string(r), PasswordHash: hash}
	if err := s.st.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrDuplicateEmail) {
			return nil, &FieldError{"email", fmt.Errorf("%s: %w", e, err)}
		}
		return nil, err
	}
	s.log.Info("account created", "email", e, "role", r)
	return u, nil
}

// SetPassword replaces the password of the account with email and ends all
// of its sessions. Errors: *FieldError for a bad password or an unknown
// address.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	if err := CheckPassword(password); err != nil {
		return &FieldError{"password", err}
	}
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return &FieldError{"email", fmt.Errorf("no account has the e-mail address %q", store.NormalizeEmail(email))}
	}
	if err != nil {
		return err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	if err := s.st.SetPasswordHash(ctx, u.ID, hash, true); err != nil {
		return err
	}
	s.log.Info("password changed; sessions ended", "email", u.Email)
	return nil
}

// Users lists every account, ordered by e-mail address.
func (s *Service) Users(ctx context.Context) ([]*store.User, error) { return s.st.Users(ctx) }
