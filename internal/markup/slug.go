package markup

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes a URL slug from a title: Unicode NFKD, marks dropped,
// lower-cased, letters and digits kept (non-Latin letters too, as WordPress
// does with percent-encoded slugs), everything else collapsed to single
// hyphens, at most 80 bytes, cut at a hyphen. An input with no letters or
// digits gives "".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.Trim(b.String(), "-")
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
