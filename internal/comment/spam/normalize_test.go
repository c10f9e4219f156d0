package spam

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ba<b></b>dword", "badword"},
		{"ba<!-- x -->dword", "badword"},
		{"<p>bad</p><p>word</p>", " bad  word "},
		{"ba**d**word", "badword"},
		{"BadWord", "badword"},
		{"ｂａｄｗｏｒｄ", "badword"},                   // fullwidth
		{"bad\u200bword", "badword"},             // zero-width space
		{"bad\u200dwo\u00adrd\ufeff", "badword"}, // ZWJ, soft hyphen, BOM
		{"b\u0430dw\u043erd", "badword"},         // Cyrillic а, о
		{"\u0392\u0391\u0394", "baδ"},            // Greek capitals fold to lower, then Latin where alike
		{"bádwörd", "badword"},                   // accents
		{"𝐛𝐚𝐝𝐰𝐨𝐫𝐝", "badword"},                   // mathematical bold
		{"ba&#100;word", "badword"},              // character reference
		{"STRASSE straße", "strasse strasse"},    // full case folding
	}
	for _, c := range cases {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Normalize(Normalize(c.in)); got != Normalize(c.in) {
			t.Errorf("Normalize not idempotent on %q: %q", c.in, got)
		}
	}
}

func TestWords(t *testing.T) {
	got := strings.Join(Words(Normalize("Hello, b a d w o r d! and b.a.d... sh!t |x|")), ",")
	want := "hello,b,a,d,w,o,r,d,badword,and,b,a,d,bad,sh!t,x"
	if got != want {
		t.Errorf("Words = %s\nwant    %s", got, want)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ba<b></b>dword", "<p>x", "ｂａｄ\u200b", "&amp;&#x0;", "<<<>>>", "**_~`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) && utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q: %q", s, n)
		}
		for _, r := range n {
			if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune("*_~`", r) {
				t.Fatalf("%q survived in %q (from %q)", r, n, s)
			}
		}
		for _, w := range Words(n) {
			if w == "" {
				t.Fatalf("empty word from %q", s)
			}
		}
		_ = Fingerprint(s)
	})
}
