package spam

import (
	"fmt"
	"strings"
	"testing"
)

// benchComment is a 120-word comment with markup, a link and a few
// look-alike letters, typical of what the rules see.
var benchComment = strings.Repeat("The council's <em>bypass</em> decision ignored the survey, and residents were not consulted. ", 10) +
	"See https://example.org/report for the numbers. Cheap wаtches are not the point."

// benchList is a word list of n entries (single words and two-word phrases).
func benchList(b *testing.B, n int) *WordList {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i%5 == 0 {
			fmt.Fprintf(&sb, "phrase%d word%d\n", i, i)
		} else {
			fmt.Fprintf(&sb, "banned%dword\n", i)
		}
	}
	l, err := ParseWordList(sb.String())
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func BenchmarkNormalize(b *testing.B) {
	b.SetBytes(int64(len(benchComment)))
	for b.Loop() {
		Words(Normalize(benchComment))
	}
}

func BenchmarkWordListMatch(b *testing.B) {
	for _, n := range []int{100, 5000} {
		l := benchList(b, n)
		words := Words(Normalize(benchComment))
		b.Run(fmt.Sprint(n, "-entries"), func(b *testing.B) {
			for b.Loop() {
				if _, ok := l.MatchWords(words); ok {
					b.Fatal("matched")
				}
			}
		})
	}
}

// BenchmarkWordListJoined is the second, joined-words pass (MatchJoined,
// for "bad-word" and the like) beside the first, for a ratio within one
// run.
func BenchmarkWordListJoined(b *testing.B) {
	l := benchList(b, 5000)
	n := Normalize(benchComment)
	words := Words(n)
	b.Run("words-pass", func(b *testing.B) {
		for b.Loop() {
			if _, ok := l.MatchWords(words); ok {
				b.Fatal("matched")
			}
		}
	})
	b.Run("joined-pass", func(b *testing.B) {
		for b.Loop() {
			if _, ok := l.MatchJoined(n); ok {
				b.Fatal("matched")
			}
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	toks := Tokens(Features{Body: benchComment, LinkURLs: []string{"https://example.org/report"}, Guest: true})
	c := Corpus{SpamDocs: 5000, HamDocs: 20000, Counts: map[string]TokenCount{}}
	for i, t := range toks {
		c.Counts[t] = TokenCount{Spam: i * 7 % 300, Ham: i * 13 % 900}
	}
	for b.Loop() {
		Classify(toks, c)
	}
}
