package auth

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"masthead/internal/store"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "masthead_session"

// Session keys.
const (
	keyUser = "uid" // int64 users.id
	keyGen  = "gen" // int64 users.session_gen at sign-in
)

// cleanupEvery is how often (at most) committing a session also deletes
// expired sessions from the database.
const cleanupEvery = 10 * time.Minute

func newSessionManager(st *store.Store, opts Options) *scs.SessionManager {
	m := scs.New()
	m.Store = &dbStore{st: st, codec: m.Codec}
	m.IdleTimeout, m.Lifetime = DefaultIdleTimeout, DefaultLifetime
	if opts.IdleTimeout > 0 {
		m.IdleTimeout = opts.IdleTimeout
	}
	if opts.Lifetime > 0 {
		m.Lifetime = opts.Lifetime
	}
	m.HashTokenInStore = true // a copy of the database holds no usable cookie
	m.Cookie.Name = SessionCookie
	m.Cookie.Path = opts.CookiePath
	if m.Cookie.Path == "" {
		m.Cookie.Path = "/admin"
	}
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = opts.Secure
	m.Cookie.Persist = true
	log := opts.Log
	m.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		if ClientGone(r, err) {
			// The client went away (a closed tab, a live stream ended):
			// nothing is wrong and nobody reads the answer.
			if log != nil {
				log.Debug("session store: client gone", "path", r.URL.Path, "err", err)
			}
			return
		}
		if log != nil {
			log.Error("session store", "path", r.URL.Path, "err", err)
		}
		http.Error(w, "Sessions are unavailable right now. Please try again in a moment.", http.StatusInternalServerError)
	}
	return m
}

// dbStore is the scs session store over the database (tables sessions,
// see store.SaveSession). It works on SQLite and PostgreSQL alike. It keeps
// the signed-in user's id in a column of its own so that all of a user's
// sessions can be deleted at once, and deletes expired sessions at most every
// cleanupEvery while committing.
type dbStore struct {
	st        *store.Store
	codec     scs.Codec
	lastClean atomic.Int64 // unix seconds
}

var _ scs.CtxStore = (*dbStore)(nil)

func (d *dbStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return d.st.FindSession(ctx, token)
}

func (d *dbStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var uid int64
	if _, values, err := d.codec.Decode(b); err == nil {
		uid, _ = values[keyUser].(int64)
	}
	if err := d.st.SaveSession(ctx, token, b, expiry, uid); err != nil {
		return err
	}
	now := d.st.Now().Unix()
	if last := d.lastClean.Load(); now-last >= int64(cleanupEvery/time.Second) && d.lastClean.CompareAndSwap(last, now) {
		d.st.DeleteExpiredSessions(ctx)
	}
	return nil
}

func (d *dbStore) DeleteCtx(ctx context.Context, token string) error {
	return d.st.DeleteSession(ctx, token)
}

func (d *dbStore) Find(token string) ([]byte, bool, error) {
	return d.FindCtx(context.Background(), token)
}

func (d *dbStore) Commit(token string, b []byte, expiry time.Time) error {
	return d.CommitCtx(context.Background(), token, b, expiry)
}

func (d *dbStore) Delete(token string) error { return d.DeleteCtx(context.Background(), token) }

// StartSession signs u in on the request context ctx (which must come
// through Sessions.LoadAndSave): the session token is renewed first, so a
// token planted before sign-in is worthless (session fixation; OWASP Session
// Management Cheat Sheet, "Renew the Session ID After Any Privilege Level
// Change").
func (s *Service) StartSession(ctx context.Context, u *store.User) error {
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, keyUser, u.ID)
	s.Sessions.Put(ctx, keyGen, u.SessionGen)
	return nil
}

// CurrentUser returns the signed-in account of the session in ctx, or nil
// when nobody is signed in. A session whose account has since been disabled,
// deleted or logged out everywhere is destroyed and yields nil.
func (s *Service) CurrentUser(ctx context.Context) (*store.User, error) {
	uid := s.Sessions.GetInt64(ctx, keyUser)
	if uid == 0 {
		return nil, nil
	}
	u, err := s.st.UserByID(ctx, uid)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if u == nil || u.Disabled || u.SessionGen != s.Sessions.GetInt64(ctx, keyGen) {
		return nil, s.Sessions.Destroy(ctx)
	}
	return u, nil
}

// Logout ends the session in ctx.
func (s *Service) Logout(ctx context.Context) error { return s.Sessions.Destroy(ctx) }

// LogoutEverywhere ends every session of u, on every device, including the
// one in ctx.
func (s *Service) LogoutEverywhere(ctx context.Context, u *store.User) error {
	if err := s.st.EndUserSessions(ctx, u.ID); err != nil {
		return err
	}
	s.log.Info("logged out everywhere", "email", u.Email)
	return s.Sessions.Destroy(ctx)
}

// ClientGone reports whether err only means that r's client went away: r's
// context was cancelled (a closed connection, not a server deadline) and
// err comes from that cancellation (store.Canceled). Such errors are
// routine and logged at debug level; every other error stays an error.
func ClientGone(r *http.Request, err error) bool {
	return errors.Is(r.Context().Err(), context.Canceled) && store.Canceled(err)
}
