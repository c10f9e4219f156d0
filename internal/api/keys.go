package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"masthead/internal/store"
)

// KeyPrefix starts every API key secret.
const KeyPrefix = "mh_"

// NewKey makes a random API key secret ("mh_" + 32 random bytes, base64url)
// and returns it with its hash (what the database stores) and display prefix.
func NewKey() (secret, hash, prefix string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", "", err
	}
	secret = KeyPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashKey(secret), secret[:8], nil
}

// HashKey returns the hex SHA-256 of a key secret. Keys are looked up by
// hash, so no secret is ever compared byte by byte.
func HashKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// AddKey creates a key named name in st and returns the secret (to show
// once) and the stored key.
func AddKey(ctx context.Context, st *store.Store, name string) (string, *store.APIKey, error) {
	secret, hash, prefix, err := NewKey()
	if err != nil {
		return "", nil, err
	}
	k, err := st.CreateAPIKey(ctx, name, hash, prefix)
	if err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// keyFrom returns the key a request carries in "Authorization: Bearer" or
// "X-API-Key", or "".
func keyFrom(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, tok, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

// authenticate refuses requests without a valid, unrevoked key (401) and
// records the key's use at most once a minute.
func (a *API) authenticate(next handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		unauthorized := func(msg string) error {
			w.Header().Set("WWW-Authenticate", `Bearer realm="masthead"`)
			return &apiError{http.StatusUnauthorized, "unauthorized", msg}
		}
		secret := keyFrom(r)
		if secret == "" {
			return unauthorized("an API key is required: send Authorization: Bearer <key> or X-API-Key")
		}
		k, err := a.st.APIKeyByHash(r.Context(), HashKey(secret))
		if errors.Is(err, store.ErrNotFound) {
			return unauthorized("unknown API key")
		}
		if err != nil {
			return err
		}
		if !k.Revoked.IsZero() {
			return unauthorized("this API key has been revoked")
		}
		if now := a.now().UTC(); now.Sub(k.LastUsed) >= time.Minute {
			if err := a.st.TouchAPIKey(r.Context(), k.ID, now); err != nil {
				a.log.Warn("api key last use not recorded", "id", k.ID, "err", err)
			}
		}
		return next(w, r)
	}
}
