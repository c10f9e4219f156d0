package spam

import (
	"strings"
	"testing"
	"time"
)

func TestStamp(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := Stamp(key, t0, 7)
	got, err := ParseStamp(key, tok, 7)
	if err != nil || !got.Equal(t0) {
		t.Fatalf("ParseStamp = %v, %v", got, err)
	}
	if _, err := ParseStamp([]byte("another key"), tok, 7); err != ErrBadStamp {
		t.Errorf("other key: %v", err)
	}
	// A stamp is bound to the article whose form carried it.
	if _, err := ParseStamp(key, tok, 8); err != ErrBadStamp {
		t.Errorf("stamp of article 7 accepted for article 8: %v", err)
	}
	forged := Stamp(key, t0.Add(-time.Hour), 7)
	b := []byte(forged)
	b[3] ^= 1
	for _, bad := range []string{"", "x", string(b), tok + "A"} {
		if _, err := ParseStamp(key, bad, 7); err != ErrBadStamp {
			t.Errorf("ParseStamp(%q) = %v, want ErrBadStamp", bad, err)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("Buy <b>CHEAP</b> watches!!")
	for _, same := range []string{"buy cheap watches", "BUY  cheap\nwatches.", "Вuy сheap watches"} {
		if Fingerprint(same) != a {
			t.Errorf("Fingerprint(%q) differs", same)
		}
	}
	if Fingerprint("buy cheap clocks") == a || Fingerprint("...") != "" {
		t.Error("fingerprint too loose")
	}
}

func FuzzParseStamp(f *testing.F) {
	key := []byte("k")
	f.Add(Stamp(key, t0, 1))
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		if at, err := ParseStamp(key, s, 1); err == nil && Stamp(key, at, 1) != strings.TrimSpace(s) {
			t.Fatalf("stamp %q parsed to %v, which stamps differently", s, at)
		}
		if _, err := ParseStamp(key, s, 1); err == nil && Stamp(key, mustParse(key, s), 1) == "" {
			t.Fatal("empty stamp")
		}
	})
}

func mustParse(key []byte, s string) time.Time {
	t, _ := ParseStamp(key, s, 1)
	return t
}

func TestLinks(t *testing.T) {
	got := Links(`<p>a <a href="https://x.example/a?b=1&amp;c=2" rel="nofollow ugc noopener">x</a> <A HREF="http://y.example">y</A></p>`)
	if len(got) != 2 || got[0] != "https://x.example/a?b=1&c=2" || got[1] != "http://y.example" {
		t.Errorf("Links = %q", got)
	}
	if Links("<p>none</p>") != nil {
		t.Error("links in text without any")
	}
}
