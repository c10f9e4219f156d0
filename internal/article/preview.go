package article

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// PreviewTTL is how long a preview link works: 7 days from its creation.
const PreviewTTL = 7 * 24 * time.Hour

// ErrBadPreview is returned for a preview token that is malformed, forged
// or expired; callers answer 404 without saying which.
var ErrBadPreview = errors.New("article: invalid or expired preview token")

const previewDomain = "masthead preview v1\x00"

// SignPreview returns a URL-safe token naming article id until expires
// (UTC, whole seconds): base64url (no padding) of 8 bytes id, 8 bytes
// expiry in Unix seconds (both big-endian) and HMAC-SHA256 (RFC 2104) of
// both under secret, prefixed with a fixed domain string. 64 characters.
func SignPreview(secret []byte, id int64, expires time.Time) string {
	b := make([]byte, 16, 16+sha256.Size)
	binary.BigEndian.PutUint64(b[:8], uint64(id))
	binary.BigEndian.PutUint64(b[8:], uint64(expires.Unix()))
	b = append(b, previewMAC(secret, b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// VerifyPreview checks token against secret at now and returns the article
// id and expiry it names; ErrBadPreview when it is malformed, its MAC does
// not match (compared in constant time) or now is past its expiry.
func VerifyPreview(secret []byte, token string, now time.Time) (int64, time.Time, error) {
	if len(token) != 64 {
		return 0, time.Time{}, ErrBadPreview
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 16+sha256.Size {
		return 0, time.Time{}, ErrBadPreview
	}
	if !hmac.Equal(b[16:], previewMAC(secret, b[:16])) {
		return 0, time.Time{}, ErrBadPreview
	}
	id := int64(binary.BigEndian.Uint64(b[:8]))
	exp := time.Unix(int64(binary.BigEndian.Uint64(b[8:16])), 0).UTC()
	if id <= 0 || !now.Before(exp) {
		return 0, time.Time{}, ErrBadPreview
	}
	return id, exp, nil
}

func previewMAC(secret, msg []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(previewDomain))
	m.Write(msg)
	return m.Sum(nil)
}
