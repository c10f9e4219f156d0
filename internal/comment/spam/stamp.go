package spam

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"
)

// Links returns the href of every <a> element in sanitised comment HTML,
// in order.
func Links(html string) []string {
	if !strings.Contains(html, "<a") {
		return nil
	}
	var out []string
	z := xhtml.NewTokenizer(strings.NewReader(html))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return out
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "a" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "href" {
					out = append(out, string(v))
				}
			}
		}
	}
}

// Stamp returns a token for a comment form's hidden "ts" field recording when
// the form was served (Unix milliseconds, UTC) and for which article (its
// id), signed with HMAC-SHA256 under key so that a bot can neither claim it
// loaded the form earlier than it did nor reuse one story's stamp on
// another. The token is URL-safe base64 of 8 bytes of time and the first 16
// bytes of the MAC over the time and the article id.
func Stamp(key []byte, served time.Time, article int64) string {
	var b [8 + 16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(served.UnixMilli()))
	copy(b[8:], stampMAC(key, b[:8], article))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ErrBadStamp is returned by ParseStamp for a token that was not made by
// Stamp with the same key for the same article.
var ErrBadStamp = errors.New("spam: form time stamp is missing, forged or for another article")

// ParseStamp returns the time a Stamp token for article records, or
// ErrBadStamp. It does not judge the age; callers do.
func ParseStamp(key []byte, token string, article int64) (time.Time, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil || len(raw) != 24 {
		return time.Time{}, ErrBadStamp
	}
	if !hmac.Equal(raw[8:], stampMAC(key, raw[:8], article)) {
		return time.Time{}, ErrBadStamp
	}
	return time.UnixMilli(int64(binary.BigEndian.Uint64(raw[:8]))).UTC(), nil
}

func stampMAC(key, msg []byte, article int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("masthead comment form\x00"))
	m.Write(msg)
	var a [8]byte
	binary.BigEndian.PutUint64(a[:], uint64(article))
	m.Write(a[:])
	return m.Sum(nil)[:16]
}

// Fingerprint identifies a comment's text for duplicate detection: the hex
// SHA-256 (first 16 bytes) of its normalised words joined by single spaces,
// so that changes of markup, case, spacing, punctuation or look-alike
// letters do not make a copy look new. Text with no words has the
// fingerprint "".
func Fingerprint(body string) string {
	return FingerprintWords(Words(Normalize(body)))
}

// FingerprintWords is Fingerprint of text already split by
// Words(Normalize(…)).
func FingerprintWords(words []string) string {
	if len(words) == 0 {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.Join(words, " ")))
	const hexd = "0123456789abcdef"
	out := make([]byte, 64)
	for i, c := range sum {
		out[2*i], out[2*i+1] = hexd[c>>4], hexd[c&15]
	}
	return string(out)
}
