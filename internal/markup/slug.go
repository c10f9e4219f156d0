package markup

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes a URL slug from a title: Latin letters lose their accents
// (Unicode NFKD, marks dropped: "Über café" → "uber-cafe"), other scripts are
// kept whole in NFC with their combining marks (Devanagari vowel signs,
// Japanese voicing marks), everything is lower-cased, apostrophes vanish, and
// any other run of characters becomes one hyphen; at most 80 bytes, cut at a
// hyphen. An input with no letters or digits gives "".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	keptMark := false // the last rune written takes combining marks
	for _, r := range norm.NFC.String(title) {
		switch {
		case r == '\'' || r == '’':
			continue
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			if keptMark {
				b.WriteRune(r)
			}
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash, keptMark = false, false
		case unicode.In(r, unicode.Latin) && unicode.IsLetter(r):
			for _, d := range norm.NFKD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
			dash, keptMark = false, false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			dash, keptMark = false, true
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
			keptMark = false
		}
	}
	s := norm.NFC.String(strings.Trim(b.String(), "-"))
	if len(s) > 80 {
		s = s[:80]
		for !validUTF8End(s) {
			s = s[:len(s)-1]
		}
		if i := strings.LastIndexByte(s, '-'); i > 40 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}

func validUTF8End(s string) bool {
	for i := len(s) - 1; i >= 0 && i >= len(s)-4; i-- {
		c := s[i]
		if c < 0x80 {
			return true
		}
		if c >= 0xC0 {
			n := 2
			if c >= 0xF0 {
				n = 4
			} else if c >= 0xE0 {
				n = 3
			}
			return len(s)-i == n
		}
	}
	return false
}
