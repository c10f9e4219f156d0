package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"masthead/internal/auth"
	"masthead/internal/mail"
	"masthead/internal/store"
)

// Password reset by e-mail link (issue 3).
//
// /admin/forgot takes an e-mail address and always answers the same way
// ("If an account exists for that address, we sent a link"), doing the same
// request-time work whether or not the account exists: the message itself
// is sent in the background, so the answer's timing does not tell either.
// Requests are rate-limited per client IP and per address. For an enabled
// account, the SHA-256 of a random 32-byte token is stored in
// password_resets with a one-hour expiry, and BASE_URL/admin/reset/{token}
// is mailed (OWASP Forgot Password Cheat Sheet).
//
// /admin/reset/{token} asks for the new password twice; success sets it
// through the auth service (which ends every session of the account), marks
// the link and any other open links of the account used, and redirects to
// the sign-in page. A used, expired or unknown link gets a 400 page.

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/forgot", s.ah(s.adminForgotForm))
		am.Handle("POST /admin/forgot", s.ah(s.adminForgot))
		am.Handle("GET /admin/reset/{token}", s.ah(s.adminResetForm))
		am.Handle("POST /admin/reset/{token}", s.ah(s.adminReset))
	})
}

const (
	// resetTTL is how long a reset link works.
	resetTTL = time.Hour
	// resetMailTimeout bounds sending one reset message.
	resetMailTimeout = time.Minute
)

// Reset request limits: per client IP a burst of 10, then one every 6
// minutes; per address a burst of 3, then one every 20 minutes. Every
// request spends a token, whether or not the account exists.
var (
	resetIPBurst, resetIPEvery     = 10, 6 * time.Minute
	resetAddrBurst, resetAddrEvery = 3, 20 * time.Minute
)

// resetState holds the in-memory rate limits of reset requests and tracks
// messages still being sent.
type resetState struct {
	ip, addr *keyedLimiter
	sending  sync.WaitGroup
}

func newResetState() *resetState {
	return &resetState{ip: newKeyedLimiter(resetIPBurst, resetIPEvery), addr: newKeyedLimiter(resetAddrBurst, resetAddrEvery)}
}

// keyedLimiter is a bounded set of token buckets keyed by string.
type keyedLimiter struct {
	burst int
	every time.Duration
	mu    sync.Mutex
	keys  map[string]*rate.Limiter
}

func newKeyedLimiter(burst int, every time.Duration) *keyedLimiter {
	return &keyedLimiter{burst: burst, every: every, keys: map[string]*rate.Limiter{}}
}

// allow spends one token of key's bucket at now and reports whether there was one.
func (l *keyedLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.keys[key]
	if lim == nil {
		if len(l.keys) >= 100_000 {
			for k, v := range l.keys {
				if v.TokensAt(now) >= float64(l.burst) {
					delete(l.keys, k)
				}
			}
			if len(l.keys) >= 100_000 {
				l.keys = map[string]*rate.Limiter{}
			}
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.keys[key] = lim
	}
	return lim.AllowN(now, 1)
}

// forgotPage is the view of admin_forgot.html.
type forgotPage struct {
	Email string
	Error string
	Sent  bool
}

// resetPage is the view of admin_reset.html.
type resetPage struct {
	Token  string
	Errs   map[string]string
	Errors []string
}

func (p *resetPage) bad(field, msg string) {
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	p.Errs[field] = msg
	p.Errors = append(p.Errors, msg)
}

// errResetLink is the answer for a used, expired or unknown link.
var errResetLink = badRequest("This password reset link cannot be used: it was already used, it has expired " +
	"(links work for one hour), or it is not a link we sent. Ask for a new link at /admin/forgot.")

// adminForgotForm shows the form (GET /admin/forgot).
func (s *Site) adminForgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdmin(w, http.StatusOK, "admin_forgot", "Reset your password", nil, &forgotPage{Sent: r.URL.Query().Get("sent") == "1"})
}

// adminForgot handles a reset request (POST /admin/forgot).
func (s *Site) adminForgot(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	p := &forgotPage{Email: strings.TrimSpace(r.PostForm.Get("email"))}
	email, err := auth.ValidateEmail(p.Email)
	if err != nil {
		p.Error = "Enter the e-mail address of your account, such as name@example.com."
		return s.renderAdmin(w, http.StatusBadRequest, "admin_forgot", "Reset your password", nil, p)
	}
	now := s.clock()
	ipOK := s.resets.ip.allow(s.auth.ClientIP(r), now)
	addrOK := s.resets.addr.allow(email, now)
	if !ipOK || !addrOK {
		w.Header().Set("Retry-After", "600")
		p.Error = "Too many password reset requests. Please wait a few minutes before trying again."
		return s.renderAdmin(w, http.StatusTooManyRequests, "admin_forgot", "Reset your password", nil, p)
	}
	ctx := r.Context()
	// The same work for every address: clean up, make a token, look the
	// account up. Only the insert differs; sending happens in the background.
	if err := s.st.DeleteOldPasswordResets(ctx, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	token, hash := newResetToken()
	u, err := s.st.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.log.Info("password reset requested for an unknown address", "ip", s.auth.ClientIP(r))
	case err != nil:
		return err
	case u.Disabled:
		s.log.Info("password reset requested for a disabled account", "email", u.Email)
	default:
		if err := s.st.CreatePasswordReset(ctx, hash, u.ID, now, now.Add(resetTTL)); err != nil {
			return err
		}
		s.sendResetMail(ctx, u, token)
	}
	// Post/Redirect/Get: a refresh must not send another mail. The answer
	// is the same for every address.
	http.Redirect(w, r, "/admin/forgot?sent=1", http.StatusSeeOther)
	return nil
}

// sendResetMail mails the link in the background; failures are logged.
func (s *Site) sendResetMail(ctx context.Context, u *store.User, token string) {
	to, err := mail.Address(u.Name, u.Email)
	if err != nil { // a name that may not go into a header: use the bare address
		to = u.Email
	}
	link := s.absURL("/admin/reset/" + token)
	msg := mail.Message{
		To:      to,
		Subject: "Reset your password for " + s.cfg.SiteName,
		Text: "Someone (hopefully you) asked to reset the password of your newsroom account at " + s.cfg.SiteName + ".\n\n" +
			"To choose a new password, open this link within one hour:\n\n" + link + "\n\n" +
			"The link works once. If you did not ask for this, ignore this message: your password stays as it is.\n",
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), resetMailTimeout)
	s.resets.sending.Add(1)
	go func() {
		defer s.resets.sending.Done()
		defer cancel()
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.log.Error("password reset mail not sent", "email", u.Email, "err", err)
		}
	}()
}

// newResetToken returns a random 32-byte token (base64url, 43 characters)
// and the hex SHA-256 stored for it.
func newResetToken() (token, hash string) {
	var b [32]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashResetToken(token)
}

func hashResetToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// resetUser returns the enabled account of the request's reset link, or
// errResetLink.
func (s *Site) resetUser(w http.ResponseWriter, r *http.Request) (*store.User, string, error) {
	w.Header().Set("Referrer-Policy", "no-referrer") // the link is a secret
	token := r.PathValue("token")
	if len(token) != 43 {
		return nil, "", errResetLink
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return nil, "", errResetLink
	}
	id, err := s.st.PasswordResetUser(r.Context(), hashResetToken(token), s.clock())
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", errResetLink
	}
	if err != nil {
		return nil, "", err
	}
	u, err := s.st.UserByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return nil, "", errResetLink
	}
	return u, token, err
}

// adminResetForm shows the new-password form (GET /admin/reset/{token}).
func (s *Site) adminResetForm(w http.ResponseWriter, r *http.Request) error {
	_, token, err := s.resetUser(w, r)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_reset", "Choose a new password", nil, &resetPage{Token: token})
}

// adminReset sets the new password (POST /admin/reset/{token}).
func (s *Site) adminReset(w http.ResponseWriter, r *http.Request) error {
	u, token, err := s.resetUser(w, r)
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	pw, again := r.PostForm.Get("password"), r.PostForm.Get("password2")
	p := &resetPage{Token: token}
	if err := auth.CheckPassword(pw); err != nil {
		p.bad("password", "The new password: "+err.Error()+".")
	} else if pw != again {
		p.bad("password2", "The two passwords differ. Type the same password twice.")
	}
	if p.Errors != nil {
		return s.renderAdmin(w, http.StatusBadRequest, "admin_reset", "Choose a new password", nil, p)
	}
	ctx := r.Context()
	id, err := s.st.UsePasswordReset(ctx, hashResetToken(token), s.clock())
	if errors.Is(err, store.ErrNotFound) || (err == nil && id != u.ID) {
		return errResetLink
	}
	if err != nil {
		return err
	}
	if err := s.auth.SetPassword(ctx, u.Email, pw); err != nil {
		return err
	}
	s.log.Info("password reset by e-mail link", "email", u.Email, "ip", s.auth.ClientIP(r))
	http.Redirect(w, r, "/admin/login?reset=1", http.StatusSeeOther)
	return nil
}
