package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// The Admin API (/api/v1/admin/…): write access for newsroom tools. It is
// authenticated with tokens (`masthead token add`), each belonging to a
// newsroom user and acting with that user's role; every change goes through
// the editor's rules (package article) and is recorded in the audit log.

// TokenPrefix starts every Admin API token secret.
const TokenPrefix = "mht_"

// NewToken makes a random token secret ("mht_" + 32 random bytes, base64url)
// and returns it with its hash and display prefix.
func NewToken() (secret, hash, prefix string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", "", err
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashKey(secret), secret[:8], nil
}

// AddToken creates a token named name for the user with the given e-mail
// address and returns the secret (to show once) and the stored token.
func AddToken(ctx context.Context, st *store.Store, email, name string) (string, *store.APIToken, error) {
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		return "", nil, err
	}
	secret, hash, prefix, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	k, err := st.CreateAPIToken(ctx, u.ID, name, hash, prefix)
	if err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// adminHandler is an Admin API endpoint acting as user u.
type adminHandler func(w http.ResponseWriter, r *http.Request, u *store.User) error

// fieldErrors is a 422: the request was read but fields are wrong.
type fieldErrors map[string]string

func (e fieldErrors) Error() string { return "invalid fields" }

func forbiddenErr(msg string) *apiError { return &apiError{http.StatusForbidden, "forbidden", msg} }

func conflictErr(msg string) *apiError { return &apiError{http.StatusConflict, "conflict", msg} }

func badJSON(msg string) *apiError { return &apiError{http.StatusBadRequest, "invalid_json", msg} }

// serveAdmin adapts an admin handler: shared headers, token check, a
// deadline and error responses (field errors as
// {"error":{"code":"invalid_fields","message":…,"fields":{…}}}).
func (a *API) serveAdmin(h adminHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		r = r.WithContext(ctx)
		err := func() error {
			u, err := a.tokenUser(w, r)
			if err != nil {
				return err
			}
			return h(w, r, u)
		}()
		if err == nil {
			return
		}
		var fe fieldErrors
		if errors.As(err, &fe) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
				"code": "invalid_fields", "message": "some fields are invalid; see fields", "fields": map[string]string(fe)}})
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) {
			if auth.ClientGone(r, err) {
				a.log.Debug("admin api request: client gone", "path", r.URL.Path, "err", err)
				return
			}
			a.log.Error("admin api request failed", "path", r.URL.Path, "err", err)
			ae = &apiError{http.StatusInternalServerError, "internal", "something went wrong on our side; try again in a moment"}
		}
		writeError(w, ae)
	})
}

// tokenUser returns the user of the request's valid token (401 otherwise):
// the token must exist, be unrevoked and belong to an enabled user. Content
// API keys are not tokens and are refused.
func (a *API) tokenUser(w http.ResponseWriter, r *http.Request) (*store.User, error) {
	unauthorized := func(msg string) error {
		w.Header().Set("WWW-Authenticate", `Bearer realm="masthead-admin"`)
		return &apiError{http.StatusUnauthorized, "unauthorized", msg}
	}
	var secret string
	if scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		secret = strings.TrimSpace(tok)
	}
	if secret == "" {
		return nil, unauthorized("an Admin API token is required: send Authorization: Bearer mht_…")
	}
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, unauthorized("this is not an Admin API token (Content API keys do not work here)")
	}
	k, err := a.st.APITokenByHash(r.Context(), HashKey(secret))
	if errors.Is(err, store.ErrNotFound) {
		return nil, unauthorized("unknown token")
	}
	if err != nil {
		return nil, err
	}
	if !k.Revoked.IsZero() {
		return nil, unauthorized("this token has been revoked")
	}
	u, err := a.st.UserByID(r.Context(), k.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, unauthorized("the token's user no longer exists")
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, unauthorized("the token's user is disabled")
	}
	if now := a.now().UTC(); now.Sub(k.LastUsed) >= time.Minute {
		if err := a.st.TouchAPIToken(r.Context(), k.ID, now); err != nil {
			a.log.Warn("api token last use not recorded", "id", k.ID, "err", err)
		}
	}
	return u, nil
}
