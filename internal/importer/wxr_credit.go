package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// "(Photo: X)", "[Credit: X]", "(AP Photo/Evan Vucci)", "(© X)" at the end.
	wxrCreditParen = regexp.MustCompile(`\s*[(\[]([^()\[\]]+)[)\]]\s*\.?$`)
	// "Photo: X", "Photo by X", "Photograph: X", "Credit: X", "Courtesy of X",
	// "Photo courtesy of X", "Image: X" … before the credit.
	wxrCreditLabel = regexp.MustCompile(`(?i)(?:^|[\s.;,!?|—–-])((?:photo(?:graph)?s?|pictures?|images?|foto)\s+courtesy(?:\s+of\b)?\s*:?|(?:photo(?:graph)?s?|pictures?|images?|foto)\s*(?::|\s+by\b)|(?:photo\s+)?credits?\s*:|courtesy(?:\s+of\b|\s*:))\s*`)
	// "© X", "(c) X", "Copyright X".
	wxrCreditCopy = regexp.MustCompile(`(?i)(?:^|[\s.;,!?|—–-])(©|\(c\)|copyright\b)\s*`)
	// "… / AP", "… / Reuters".
	wxrCreditSlash = regexp.MustCompile(`\s+/\s+(\p{L}[^/]{0,60})$`)
	// the last sentence or separated segment of a caption
	wxrCreditSegment = regexp.MustCompile(`(?:^|[.!?]["”’)]?\s+|\s+[—–|-]\s+)([^.!?]*?)$`)
)

// SplitCaptionCredit splits a photo credit from the end of a plain-text
// caption, as newsrooms and WordPress users write them, and returns the
// caption without it and the credit ("" when the caption carries none).
// Labels are dropped from the credit ("Photo: Jane Doe" → "Jane Doe"); a
// copyright sign is kept ("© Jane Doe"). Recognised tails:
//
//	"… (Photo: X)", "… (Photo by X)", "… (Credit: X)", "… (AP Photo/X)"
//	"… Photo: X", "… Photo by X", "… Credit: X", "… Courtesy of X"
//	"… © X", "… (c) X", "… Copyright X"
//	"… / AP"
//	"… X/Getty Images", "… X/Pool/AFP via Getty Images"
//
// A credit is at most 12 words; a slash credit needs a capitalised word on
// each side ("Either/or" is not a credit).
func SplitCaptionCredit(caption string) (rest, credit string) {
	s := strings.TrimSpace(caption)
	if s == "" {
		return "", ""
	}
	if m := wxrCreditParen.FindStringSubmatchIndex(s); m != nil {
		inner := strings.TrimSpace(s[m[2]:m[3]])
		if c := wxrCreditFrom(inner); c != "" {
			return wxrCreditRest(s[:m[0]]), c
		}
	}
	if loc := wxrLastMatch(wxrCreditLabel, s); loc != nil {
		c := wxrCleanCredit(s[loc[1]:])
		if wxrCreditLike(c) {
			return wxrCreditRest(s[:loc[0]]), c
		}
	}
	if loc := wxrLastMatch(wxrCreditCopy, s); loc != nil {
		c := wxrCleanCredit(s[loc[1]:])
		if wxrCreditLike(c) {
			return wxrCreditRest(s[:loc[0]]), "© " + c
		}
	}
	if m := wxrCreditSlash.FindStringSubmatchIndex(s); m != nil {
		c := wxrCleanCredit(s[m[2]:m[3]])
		if wxrCreditLike(c) && len(strings.Fields(c)) <= 6 {
			return wxrCreditRest(s[:m[0]]), c
		}
	}
	if m := wxrCreditSegment.FindStringSubmatchIndex(s); m != nil {
		seg := strings.TrimSpace(s[m[2]:m[3]])
		if wxrAgencyCredit(seg) {
			return wxrCreditRest(s[:m[2]]), wxrCleanCredit(seg)
		}
	}
	return s, ""
}

// wxrCreditFrom reads a parenthesised tail: a labelled credit, a copyright
// or an agency credit; "" when it is ordinary text.
func wxrCreditFrom(inner string) string {
	if loc := wxrCreditLabel.FindStringIndex(inner); loc != nil && strings.TrimSpace(inner[:loc[0]]) == "" {
		if c := wxrCleanCredit(inner[loc[1]:]); wxrCreditLike(c) {
			return c
		}
	}
	if loc := wxrCreditCopy.FindStringIndex(inner); loc != nil && strings.TrimSpace(inner[:loc[0]]) == "" {
		if c := wxrCleanCredit(inner[loc[1]:]); wxrCreditLike(c) {
			return "© " + c
		}
	}
	if wxrAgencyCredit(inner) {
		return wxrCleanCredit(inner)
	}
	return ""
}

// wxrLastMatch returns the last match of re in s (as FindStringIndex).
func wxrLastMatch(re *regexp.Regexp, s string) []int {
	all := re.FindAllStringSubmatchIndex(s, -1)
	if len(all) == 0 {
		return nil
	}
	m := all[len(all)-1]
	return []int{m[2], m[1]} // from the label (not the separator before it) to the credit
}

// wxrAgencyCredit reports whether seg looks like "Name/Agency[ via X]":
// every slash-separated part (and the distributor after "via") is a short
// run of capitalised words ("Jane Doe/The New York Times").
func wxrAgencyCredit(seg string) bool {
	if !strings.Contains(seg, "/") || !wxrCreditLike(seg) || strings.Contains(seg, "://") {
		return false
	}
	main, via, hasVia := strings.Cut(seg, " via ")
	parts := strings.Split(main, "/")
	if hasVia {
		parts = append(parts, via)
	}
	for _, part := range parts {
		if !wxrProperName(part) {
			return false
		}
	}
	return true
}

// wxrCreditConnectors may appear uncapitalised inside a name.
var wxrCreditConnectors = map[string]bool{"of": true, "the": true, "and": true, "&": true, "de": true, "la": true,
	"le": true, "van": true, "der": true, "von": true, "da": true, "di": true, "du": true, "del": true, "y": true, "for": true}

// wxrProperName: one to five words, the first capitalised, the others
// capitalised or connectors ("Agence France-Presse", "Museum of London").
func wxrProperName(part string) bool {
	words := strings.Fields(part)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || (i > 0 && wxrCreditConnectors[strings.ToLower(w)]) {
			continue
		}
		return false
	}
	return true
}

// wxrCreditLike: non-empty, at most 12 words and 120 bytes, has a letter.
func wxrCreditLike(c string) bool {
	if c == "" || len(c) > 120 || len(strings.Fields(c)) > 12 {
		return false
	}
	return strings.IndexFunc(c, unicode.IsLetter) >= 0
}

func wxrCleanCredit(c string) string {
	c = strings.TrimSpace(c)
	c = strings.TrimRight(c, " .;,")
	c = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(c, "("), ")"))
	return strings.Join(strings.Fields(c), " ")
}

func wxrCreditRest(r string) string {
	r = strings.TrimSpace(r)
	for {
		t := strings.TrimSpace(strings.TrimRight(r, "—–-|;,:/"))
		if t == r {
			return r
		}
		r = t
	}
}
