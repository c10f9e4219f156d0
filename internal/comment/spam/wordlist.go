package spam

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxWordListEntries and MaxEntryBytes bound a word list (entries, and bytes
// per entry) so that matching stays cheap on every post.
const (
	MaxWordListEntries = 5000
	MaxEntryBytes      = 200
)

// WordList is a list of words and phrases matched against comments after
// Normalize, word by word, so that "ba<b></b>dword", "ｂａｄｗｏｒｄ",
// "bad\u200bword" and "bаdword" (Cyrillic а) all match the entry "badword".
// Each token is compared twice: as normalised, and as a skeleton in which
// leetspeak symbols read as letters and repeated letters collapse ("b4dw0rd",
// "baaadword"), the entry being reduced the same way. Matching is on whole
// words, so an entry does not fire inside a longer, innocent word (the
// "Scunthorpe problem"); an entry ending in "*" matches any word starting
// with it ("spam*" matches "spammer"). A phrase of several words matches those
// words in a row.
//
// A second pass compares single-word entries (not phrases, not "word*"
// prefixes) with neighbouring words joined across one separator character
// (Joined), so "bad-word", "bad/word", "bad word", "bad_word" and
// "bad.word" match "badword" too. The price, accepted: an innocent pair of
// words that spells a banned word exactly ("Dick Head" for "dickhead")
// matches; a banned word inside a longer word ("Scunthorpe") or spelt over
// a sentence break ("bad. Word") still does not, nor do prefix entries
// over joined words ("spa mornings" for "spam*"). The zero value matches
// nothing.
type WordList struct {
	entries []wordEntry
	source  []string
	// Entries by their first word and by its skeleton, and the entries that
	// are a single prefix word (checked against every word).
	byWord, bySkel map[string][]int
	prefixes       []int
	singles        int // single-word, non-prefix entries (the joined pass's)
	maxSingle      int // the longest of them, in bytes (skeletons are no longer)
}

type wordEntry struct {
	text   string   // the line as written, for reports
	words  []string // normalised words
	skels  []string // their skeletons
	runes  []int    // the words' lengths in runes
	prefix bool     // last word is a prefix ("spam*")
}

// skelMatch reports whether word w (skeleton sk) matches entry word j by
// skeleton. A skeleton only collapses and substitutes, never adds, so a
// disguised word is at least as long as the entry: a shorter word that
// shares the skeleton is another word ("as" is not "ass").
func (e *wordEntry) skelMatch(w, sk string, j int) bool {
	if utf8.RuneCountInString(w) < e.runes[j] {
		return false
	}
	if e.prefix && j == len(e.words)-1 {
		return strings.HasPrefix(sk, e.skels[j])
	}
	return sk == e.skels[j]
}

// ParseWordList reads a word list: one word or phrase per line; blank lines
// and lines starting with "#" are ignored; surrounding space is trimmed. It
// returns an error naming the line for a line that is not valid UTF-8, is
// longer than MaxEntryBytes, has no letters or digits after normalising, or
// is a lone "*", and when there are more than MaxWordListEntries entries.
// Duplicate entries (after normalising) are kept once.
func ParseWordList(text string) (*WordList, error) {
	l := &WordList{}
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n := i + 1
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("line %d: not valid UTF-8", n)
		}
		if len(line) > MaxEntryBytes {
			return nil, fmt.Errorf("line %d: longer than %d bytes", n, MaxEntryBytes)
		}
		prefix := strings.HasSuffix(line, "*")
		words := Words(Normalize(strings.TrimSuffix(line, "*")))
		if len(words) == 0 {
			return nil, fmt.Errorf("line %d: %q has no letters or digits to match", n, line)
		}
		key := strings.Join(words, " ")
		if prefix {
			key += "*"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(l.entries) >= MaxWordListEntries {
			return nil, fmt.Errorf("line %d: more than %d entries", n, MaxWordListEntries)
		}
		e := wordEntry{text: line, words: words, prefix: prefix}
		for _, w := range words {
			e.skels = append(e.skels, skeleton(w))
			e.runes = append(e.runes, utf8.RuneCountInString(w))
		}
		l.entries = append(l.entries, e)
		l.source = append(l.source, line)
	}
	l.byWord, l.bySkel = map[string][]int{}, map[string][]int{}
	for i, e := range l.entries {
		if len(e.words) == 1 && !e.prefix {
			l.singles++
			l.maxSingle = max(l.maxSingle, len(e.words[0]))
		}
		if e.prefix && len(e.words) == 1 {
			l.prefixes = append(l.prefixes, i)
			continue
		}
		l.byWord[e.words[0]] = append(l.byWord[e.words[0]], i)
		if e.skels[0] != e.words[0] {
			l.bySkel[e.skels[0]] = append(l.bySkel[e.skels[0]], i)
		}
	}
	return l, nil
}

// Len returns the number of entries.
func (l *WordList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.entries)
}

// String returns the list one entry per line, as written.
func (l *WordList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.source, "\n")
}

// Match reports the entry (as written in the list) that occurs earliest in
// text, which may be raw comment source (Markdown or HTML); ok is false
// when none does. The cost is proportional to the length of text, not of
// the list (entries are indexed by their first word).
func (l *WordList) Match(text string) (entry string, ok bool) {
	if l.Len() == 0 {
		return "", false
	}
	n := Normalize(text)
	if e, ok := l.MatchWords(Words(n)); ok {
		return e, true
	}
	return l.MatchJoined(n)
}

// MatchJoined is the second pass of Match, on text already normalised
// (Normalize): neighbouring words of two or more letters split by exactly
// one separator character ("bad-word", "bad/word", "bad word", "bad.word")
// are joined, two and up to MaxJoin in a row, and compared with the list's
// single-word entries (not phrases, not "word*" prefixes), as they are and
// as skeletons. Words split by more than one character ("bad. Word", "bad -
// word") are not joined, which keeps sentences apart. It reports the first
// entry that matches.
func (l *WordList) MatchJoined(normalised string) (entry string, ok bool) {
	if l.singles == 0 {
		return "", false
	}
	var spanBuf [64]joinSpan
	spans := joinSpans(normalised, spanBuf[:0])
	var wBuf, sBuf [64]byte
	for i := range spans {
		if spans[i].w == "" {
			continue
		}
		w := append(wBuf[:0], spans[i].w...)
		sk := append(sBuf[:0], spans[i].sk...)
		for j := i + 1; j < len(spans) && j-i < MaxJoin && spans[j].gapBefore == 1 && spans[j].w != ""; j++ {
			w = append(w, spans[j].w...)
			// skeleton(a+b) is skeleton(a)+skeleton(b) with a repeated
			// letter at the seam collapsed.
			next := spans[j].sk
			last, _ := utf8.DecodeLastRune(sk)
			if first, size := utf8.DecodeRuneInString(next); first == last {
				next = next[size:]
			}
			sk = append(sk, next...)
			if len(sk) > l.maxSingle {
				break // joining more only makes it longer than any entry
			}
			cands := [4][]int{l.byWord[string(w)], l.bySkel[string(w)]}
			if string(sk) != string(w) {
				cands[2], cands[3] = l.bySkel[string(sk)], l.byWord[string(sk)]
			}
			for _, cands := range cands {
				for _, k := range cands {
					e := &l.entries[k]
					if len(e.words) != 1 || e.prefix {
						continue
					}
					if string(w) == e.words[0] || (string(sk) == e.skels[0] && utf8.RuneCount(w) >= e.runes[0]) {
						return e.text, true
					}
				}
			}
		}
	}
	return "", false
}

// MatchWords is Match on text already split by Words(Normalize(…)), so one
// split can serve several lists. It is the first pass only (MatchJoined is
// the second).
func (l *WordList) MatchWords(words []string) (entry string, ok bool) {
	if l.Len() == 0 || len(words) == 0 {
		return "", false
	}
	return l.match(words, skeletons(words))
}

func skeletons(words []string) []string {
	skels := make([]string, len(words))
	for i, w := range words {
		skels[i] = skeleton(w)
	}
	return skels
}

func (l *WordList) match(words, skels []string) (string, bool) {
	if l.Len() == 0 {
		return "", false
	}
	for i := range words {
		for _, cands := range [][]int{l.byWord[words[i]], l.bySkel[skels[i]], l.bySkel[words[i]], l.byWord[skels[i]], l.prefixes} {
			for _, k := range cands {
				e := &l.entries[k]
				if i+len(e.words) <= len(words) && e.matchAt(words, skels, i) {
					return e.text, true
				}
			}
		}
	}
	return "", false
}

func (e *wordEntry) matchAt(words, skels []string, i int) bool {
	last := len(e.words) - 1
	for j := range e.words {
		w, s := words[i+j], skels[i+j]
		if j == last && e.prefix {
			if !strings.HasPrefix(w, e.words[j]) && !e.skelMatch(w, s, j) {
				return false
			}
			continue
		}
		if w != e.words[j] && !e.skelMatch(w, s, j) {
			return false
		}
	}
	return true
}
