package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// feedPerson is one name found in a feed's free-text byline, with the place
// the byline says the person filed from ("" when none).
type feedPerson struct {
	Name  string
	Place string
}

var (
	feedParenRE = regexp.MustCompile(`\s*\([^()]*\)`)
	feedByRE    = regexp.MustCompile(`^(?i:by)\s+`)
	feedAndRE   = regexp.MustCompile(`\s+(?:and|&)\s+|\s*;\s*`)
)

// feedNameParticles are lower-case words that may appear inside personal
// names ("Ludwig van Beethoven") without making the phrase look like prose.
var feedNameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "da": true, "di": true, "du": true,
	"del": true, "della": true, "la": true, "le": true, "bin": true, "bint": true, "al": true, "el": true,
	"ter": true, "ten": true, "zu": true, "y": true, "dos": true, "das": true, "do": true,
}

// feedPlaceParticles are lower-case words that may appear inside place names
// ("Frankfurt am Main", "Stratford upon Avon", "Bay of Plenty").
var feedPlaceParticles = map[string]bool{
	"am": true, "an": true, "upon": true, "on": true, "of": true, "the": true, "de": true, "del": true,
	"da": true, "do": true, "dos": true, "la": true, "le": true, "les": true, "sur": true, "en": true,
	"im": true, "al": true, "el": true, "y": true,
}

// feedJobWords end a job title that some publishers (the Guardian among
// them) append to a name without punctuation: "Jane Doe Environment editor".
var feedJobWords = map[string]bool{
	"editor": true, "correspondent": true, "reporter": true, "writer": true, "critic": true,
	"columnist": true, "commentator": true, "analyst": true, "producer": true, "photographer": true,
	"journalist": true, "contributor": true, "presenter": true, "economist": true,
}

// feedSplitByline splits a free-text feed byline (RSS author, dc:creator,
// Atom author name) into people, following the conventions of English-
// language news feeds such as the Guardian's:
//
//	"David Smith in Washington"                 → David Smith (Washington)
//	"Ashifa Kassam in Stanstead, Quebec"        → Ashifa Kassam (Stanstead, Quebec)
//	"Sam Jones in Madrid and Jo Roe in Rome"    → Sam Jones (Madrid), Jo Roe (Rome)
//	"Nick Ames (now), Ed Aarons and Ben Fisher" → three people
//	"Jason Burke Africa correspondent"          → Jason Burke
//	"Staff and agencies"                        → one name, unchanged
//
// A split is made only when every resulting part clearly looks like a name
// (and a place) — capitalised words, at most a few of them — otherwise the
// whole byline is kept as one name. Scripts without letter case are never
// split.
func feedSplitByline(s string) []feedPerson {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil
	}
	whole := []feedPerson{{Name: s}}
	clean := feedByRE.ReplaceAllString(feedParenRE.ReplaceAllString(s, ""), "")
	clean = strings.Trim(strings.Join(strings.Fields(clean), " "), " ,;")
	if clean == "" {
		return whole
	}
	var out []feedPerson
	for _, piece := range feedAndRE.Split(clean, -1) {
		people, ok := feedSplitPiece(piece)
		if !ok {
			return []feedPerson{{Name: clean}}
		}
		out = append(out, people...)
	}
	if len(out) == 0 {
		return whole
	}
	return out
}

// feedSplitPiece handles one "and"-separated part: comma-separated names,
// each optionally "NAME in PLACE" (a comma may continue the last place).
func feedSplitPiece(piece string) ([]feedPerson, bool) {
	segs := strings.Split(piece, ",")
	var out []feedPerson
	for i, seg := range segs {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		if name, place, ok := feedSplitPlace(seg); ok {
			out = append(out, feedPerson{Name: name, Place: place})
			continue
		}
		last := len(out) - 1
		if last >= 0 && out[last].Place != "" && i == len(segs)-1 && feedLooksLikePlace(seg, 3) {
			out[last].Place += ", " + seg // "in Palm Beach, Florida"
			continue
		}
		name := feedStripJob(seg)
		if !feedLooksLikeName(name) {
			if len(out) > 0 && !feedStartsUpper(seg) {
				continue // a trailing job title after a comma: "Jane Doe, political editor"
			}
			return nil, false
		}
		out = append(out, feedPerson{Name: name})
	}
	return out, true
}

// feedSplitPlace splits "NAME in PLACE" when both halves clearly are a name
// and a place.
func feedSplitPlace(s string) (name, place string, ok bool) {
	i := strings.LastIndex(s, " in ")
	if i <= 0 {
		return "", "", false
	}
	name, place = feedStripJob(strings.TrimSpace(s[:i])), strings.TrimSpace(s[i+4:])
	if !feedLooksLikeName(name) || !feedLooksLikePlace(place, 5) {
		return "", "", false
	}
	return name, place, true
}

// feedStripJob removes a trailing job title written without punctuation
// ("Patrick Wintour Diplomatic editor" → "Patrick Wintour"), keeping at
// least two words of name.
func feedStripJob(s string) string {
	w := strings.Fields(s)
	if len(w) < 3 || !feedJobWords[strings.ToLower(w[len(w)-1])] {
		return s
	}
	end := len(w) - 1
	for end > 2 && feedIsLowerWord(w[end-1]) {
		end--
	}
	if end > 2 && feedStartsUpper(w[end-1]) {
		end--
	}
	return strings.Join(w[:end], " ")
}

func feedLooksLikeName(s string) bool {
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 5 || !feedStartsUpper(w[0]) {
		return false
	}
	for _, x := range w {
		if !feedStartsUpper(x) && !feedNameParticles[x] {
			return false
		}
		if strings.ContainsAny(x, "0123456789:/@") {
			return false
		}
	}
	return true
}

func feedLooksLikePlace(s string, maxWords int) bool {
	n := 0
	for _, part := range strings.Split(s, ",") {
		w := strings.Fields(part)
		if len(w) == 0 || !feedStartsUpper(w[0]) {
			return false
		}
		for _, x := range w {
			if !feedStartsUpper(x) && !feedPlaceParticles[x] {
				return false
			}
			if strings.ContainsAny(x, "0123456789:/@") {
				return false
			}
		}
		n += len(w)
	}
	return n > 0 && n <= maxWords
}

func feedStartsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func feedIsLowerWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}
