package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"masthead/internal/store"
)

// Sign-in errors returned by Login.
var (
	// ErrBadCredentials means the e-mail address and password do not match
	// an account. It does not say which was wrong (OWASP Authentication
	// Cheat Sheet, "Authentication and Error Messages").
	ErrBadCredentials = errors.New("that e-mail address and password do not match an account")
	// ErrDisabled means the password was right but the account is disabled.
	ErrDisabled = errors.New("this account is disabled; ask an owner to enable it")
)

// RateLimitError is returned by Login when too many sign-ins failed for the
// account or the client address; RetryAfter says when to try again.
type RateLimitError struct {
	RetryAfter time.Duration // whole seconds
	PerAccount bool          // the account's limit (false: the client IP's)
}

func (e *RateLimitError) Error() string {
	return "too many failed sign-in attempts; try again in " + e.Wait()
}

// Wait says how long to wait in words ("45 seconds", "1 minute", "3 minutes").
func (e *RateLimitError) Wait() string { return humanWait(e.RetryAfter) }

func humanWait(d time.Duration) string {
	switch s := int(d / time.Second); {
	case s <= 1:
		return "1 second"
	case s < 60:
		return fmt.Sprintf("%d seconds", s)
	case s <= 60:
		return "1 minute"
	case s < 120:
		return fmt.Sprintf("%d seconds", s)
	default:
		return fmt.Sprintf("%d minutes", (s+59)/60)
	}
}

// ClientIP returns r's client address under the Service's trusted proxies
// (see the package function ClientIP).
func (s *Service) ClientIP(r *http.Request) string { return ClientIP(r, s.trusted) }

// Login checks email and password for a sign-in from client address ip.
// It returns the account, or *RateLimitError (checked first, by IP then by
// account), ErrBadCredentials, or ErrDisabled. An unknown address costs the
// same argon2id computation as a known one (a dummy hash is verified), so
// response time does not tell whether an account exists. On success the
// account's last sign-in time is recorded, its failure count cleared, and a
// hash made with outdated parameters replaced.
func (s *Service) Login(ctx context.Context, ip, email, password string) (*store.User, error) {
	now := s.now()
	email = store.NormalizeEmail(email)
	if wait, ok := s.ip.blocked(ip, now); ok {
		s.log.Warn("sign-in refused: rate limit for client address", "ip", ip)
		return nil, &RateLimitError{RetryAfter: wait}
	}
	if wait, ok := s.acct.blocked(email, now); ok {
		s.log.Warn("sign-in refused: rate limit for account", "email", email, "ip", ip)
		return nil, &RateLimitError{RetryAfter: wait, PerAccount: true}
	}
	// Made on the first sign-in of any kind, so that first one is equally
	// slow whether or not the account exists.
	dummy := s.dummyHash()
	fail := func() (*store.User, error) {
		s.ip.fail(ip, now)
		s.acct.fail(email, now)
		s.log.Info("sign-in failed", "email", email, "ip", ip)
		return nil, ErrBadCredentials
	}
	if len(password) > MaxPasswordBytes || email == "" || password == "" {
		return fail()
	}
	u, err := s.st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		s.verify(dummy, password)
		return fail()
	}
	if err != nil {
		return nil, err
	}
	ok, rehash, err := s.verify(u.PasswordHash, password)
	if err != nil {
		s.log.Error("stored password hash cannot be read", "email", email, "err", err)
		return fail()
	}
	if !ok {
		return fail()
	}
	if u.Disabled {
		s.log.Info("sign-in refused: account disabled", "email", email, "ip", ip)
		return nil, ErrDisabled
	}
	s.acct.reset(email)
	u.LastLogin = now.UTC()
	if err := s.st.RecordLogin(ctx, u.ID, u.LastLogin); err != nil {
		return nil, err
	}
	if rehash {
		if h, err := s.hasher.Hash(password); err == nil {
			if err := s.st.SetPasswordHash(ctx, u.ID, h, false); err == nil {
				u.PasswordHash = h
			}
		}
	}
	s.log.Info("signed in", "email", email, "ip", ip)
	return u, nil
}

func (s *Service) verify(hash, password string) (ok, rehash bool, err error) {
	s.verifies.Add(1)
	return s.hasher.Verify(hash, password)
}

// dummyHash returns a hash of a random password made with the current
// parameters, computed once on first use.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		b := make([]byte, 16)
		rand.Read(b)
		s.dummy, _ = s.hasher.Hash(hex.EncodeToString(b))
	})
	return s.dummy
}
