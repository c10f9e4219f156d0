package article

import (
	"strings"
	"testing"
	"time"
)

func TestPreviewToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
	tok := SignPreview(key, 42, now.Add(PreviewTTL))
	if len(tok) != 64 || strings.ContainsAny(tok, "+/=") {
		t.Fatalf("token %q", tok)
	}
	id, exp, err := VerifyPreview(key, tok, now.Add(PreviewTTL-time.Second))
	if err != nil || id != 42 || !exp.Equal(now.Add(PreviewTTL)) {
		t.Fatalf("verify: %d %v %v", id, exp, err)
	}
	if _, _, err := VerifyPreview(key, tok, now.Add(PreviewTTL)); err != ErrBadPreview {
		t.Fatal("expired token accepted")
	}
	if _, _, err := VerifyPreview([]byte("another key"), tok, now); err != ErrBadPreview {
		t.Fatal("token accepted under another key")
	}
	// Changing the id or the expiry breaks the MAC.
	forged := SignPreview([]byte("x"), 43, now.Add(time.Hour))
	for _, bad := range []string{"", "abc", tok[:63], tok + "A", forged[:22] + tok[22:], flip(tok, 11), flip(tok, 40)} {
		if _, _, err := VerifyPreview(key, bad, now); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func FuzzVerifyPreview(f *testing.F) {
	key := []byte("k")
	f.Add(SignPreview(key, 1, time.Unix(2e9, 0)))
	f.Fuzz(func(t *testing.T, tok string) {
		VerifyPreview(key, tok, time.Unix(1e9, 0))
	})
}

// flip changes the character at i to another valid base64url character.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}
