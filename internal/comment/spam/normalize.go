// Package spam holds the comment defences that need no database: text
// normalisation and word lists, the learning (naive Bayes) filter's
// arithmetic, rate limits, and the decision rules that turn a submitted
// comment and what is known about its author into a status. Package comment
// feeds it from the store; nothing here does I/O.
package spam

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns text in the form word lists and the learning filter see
// it, so that markup, compatibility characters, invisible characters and
// look-alike letters cannot split or disguise a word:
//
//  1. markup is stripped: HTML tags (inline ones such as <b> vanish, so
//     "ba<b></b>dword" reads "badword"; block ones such as <p> and <br> become
//     a space), character references are decoded, and the Markdown emphasis
//     markers * _ ~ ` are removed;
//  2. Unicode NFKC (UAX #15) folds fullwidth, mathematical and other
//     compatibility forms to their plain letters ("ｂａｄ" → "bad");
//  3. format characters (general category Cf: zero-width space and joiners,
//     soft hyphen, bidi controls, BOM) and combining marks are removed, so
//     accents and variation selectors cannot split a word ("bádword" →
//     "badword");
//  4. the text is case-folded (Unicode full case folding);
//  5. Cyrillic and Greek letters that look like Latin ones are replaced by the
//     Latin letter (a table after Unicode's confusables.txt, limited to
//     lower-case letters that are visually identical in common fonts).
//
// Digits and punctuation are kept; leetspeak is handled by the word list's
// skeleton form (see WordList). The result is for matching only, never for
// display.
func Normalize(s string) string {
	// NFKC before stripping too, so fullwidth "＜b＞" is seen as a tag.
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	s = stripMarkup(s)
	if isASCII(s) {
		// Nothing to fold but case: no compatibility forms, format
		// characters, marks or homoglyphs in ASCII.
		return strings.ToLower(s)
	}
	s = norm.NFKC.String(s)
	s = dropInvisible(s)
	s = cases.Fold().String(s)
	// Folding can produce new compatibility forms; NFKC again is cheap.
	s = stripEmphasis(norm.NFKC.String(s))
	return foldHomoglyphs(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// blockTags are the elements that separate words when markup is stripped.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "td": true,
	"th": true, "pre": true, "hr": true, "section": true, "article": true, "table": true,
}

// stripMarkup keeps only the text of s, read as an HTML fragment.
func stripMarkup(s string) string {
	if !strings.ContainsAny(s, "<&*_~`") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return stripEmphasis(b.String())
		case xhtml.TextToken:
			b.Write(z.Text())
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// stripEmphasis removes the Markdown emphasis and code markers.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~`") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '*', '_', '~', '`':
			return -1
		}
		return r
	}, s)
}

// dropInvisible removes format characters and, after canonical
// decomposition, combining marks, then recomposes.
func dropInvisible(s string) string {
	if norm.NFD.IsNormalString(s) && !strings.ContainsFunc(s, invisible) {
		return s
	}
	s = norm.NFD.String(s)
	s = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// invisible reports format characters, combining marks and the Hangul
// fillers some spammers put between letters.
func invisible(r rune) bool {
	if r < 0x80 {
		return false
	}
	switch r {
	case '\u115f', '\u1160', '\u3164', '\uffa0', '\u034f':
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me)
}

// homoglyphs maps Cyrillic and Greek lower-case letters (the text is
// case-folded first) to the Latin letter they are drawn like.
var homoglyphs = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i',
	'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'ѕ': 's', 'т': 't',
	'у': 'y', 'ү': 'y', 'х': 'x', 'ԝ': 'w', 'ɡ': 'g', 'ӏ': 'l', 'ь': 'b', 'п': 'n', 'г': 'r',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c', 'ϳ': 'j', 'γ': 'y', 'μ': 'u',
	// Latin look-alikes that NFKC keeps
	'ı': 'i', 'ȷ': 'j', 'ɑ': 'a', 'ɩ': 'i', 'ʀ': 'r', 'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd',
	'ᴇ': 'e', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n',
	'ᴏ': 'o', 'ᴘ': 'p', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z',
}

func foldHomoglyphs(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		if l, ok := homoglyphs[r]; ok {
			return l
		}
		return r
	}, s)
}

// leet maps the digits and symbols used in leetspeak to the letter they
// stand for, for the skeleton form. 'l' and '1' and '|' all become 'i' so
// that either reading matches.
var leet = map[rune]rune{
	'0': 'o', '1': 'i', 'l': 'i', '|': 'i', '!': 'i', '3': 'e', '4': 'a', '@': 'a',
	'5': 's', '$': 's', '7': 't', '+': 't', '8': 'b', '9': 'g',
}

// skeleton is the looser form of a normalised token used as a second
// comparison: leetspeak symbols become letters and runs of one repeated
// character collapse to one ("b4aaad" → "bad").
func skeleton(tok string) string {
	var b strings.Builder
	b.Grow(len(tok))
	var last rune = -1
	for _, r := range tok {
		if l, ok := leet[r]; ok {
			r = l
		}
		if r == last {
			continue
		}
		last = r
		b.WriteRune(r)
	}
	return b.String()
}

// tokenRune reports whether r may be part of a word for matching: letters,
// digits and the symbols leetspeak uses inside words.
func tokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' || r == '$' || r == '!' || r == '|' || r == '+'
}

// Words splits normalised text into word tokens. Leading and trailing "!",
// "|" and "+" are trimmed (they end sentences more often than they spell
// letters). Runs of three or more single-character tokens, as in
// "b a d w o r d" or "b.a.d", are also given joined, after the run. Since a
// spaced-out word next to a one-letter word ("a s c u m b a g", "I s c u m b a
// g", "s c u m b a g a friend") makes a longer run, the run is also given
// with up to two of those one-letter words (edgeWord) dropped at each end,
// as long as three characters remain.
func Words(normalised string) []string {
	fields := strings.FieldsFunc(normalised, func(r rune) bool { return !tokenRune(r) })
	out := make([]string, 0, len(fields)+1)
	var run []string
	flush := func() {
		if len(run) >= 3 {
			whole := strings.Join(run, "")
			out = append(out, whole)
			seen := map[string]bool{whole: true}
			for d1 := 0; d1 <= 2 && d1 < len(run) && (d1 == 0 || edgeWord(run[d1-1])); d1++ {
				for d2 := 0; d2 <= 2 && d2 < len(run) && (d2 == 0 || edgeWord(run[len(run)-d2])); d2++ {
					if len(run)-d1-d2 < 3 {
						break
					}
					if v := strings.Join(run[d1:len(run)-d2], ""); !seen[v] {
						seen[v] = true
						out = append(out, v)
					}
				}
			}
		}
		run = run[:0]
	}
	for _, f := range fields {
		f = strings.Trim(f, "!|+")
		if f == "" {
			continue
		}
		if utf8.RuneCountInString(f) == 1 {
			run = append(run, f)
		} else {
			flush()
		}
		out = append(out, f)
	}
	flush()
	return out
}

// edgeWord reports whether a single-character token is a common one-letter
// word (English "a", "I", "O"; "e", "o", "y", "u" in other Latin-script
// languages), which may stand next to a spaced-out word without being part
// of it.
func edgeWord(s string) bool {
	switch s {
	case "a", "i", "o", "e", "y", "u":
		return true
	}
	return false
}

// MaxJoin is how many neighbouring words the joined pass of a word list
// (WordList.MatchJoined) puts together.
const MaxJoin = 3

// joinSpan is one word of normalised text for the joined pass: the word,
// its skeleton, and how many separator runes stand before it. A one-letter
// word has w == "" and joins nothing (Words' spaced-letter runs cover it).
type joinSpan struct {
	w, sk     string
	gapBefore int
}

// joinSpans splits normalised text as Words does (leading and trailing
// "!", "|" and "+" trimmed), keeping the separator widths.
func joinSpans(normalised string, spans []joinSpan) []joinSpan {
	gap, start := 0, -1
	for i, r := range normalised + " " {
		if i < len(normalised) && tokenRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			sp := joinSpan{w: strings.Trim(normalised[start:i], "!|+"), gapBefore: gap}
			if utf8.RuneCountInString(sp.w) < 2 {
				sp.w = ""
			} else {
				sp.sk = skeleton(sp.w)
			}
			spans = append(spans, sp)
			start, gap = -1, 0
		}
		gap++
	}
	return spans
}
