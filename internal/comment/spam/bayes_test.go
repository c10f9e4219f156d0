package spam

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	toks := Tokens(Features{
		Body:     "Cheap <b>PILLS</b> at https://shop.example.com 2024 a",
		LinkURLs: []string{"https://shop.example.com/x", "not a url", "/relative"},
		Guest:    true, FirstTime: true, NameHasLink: true,
	})
	for _, want := range []string{"cheap", "pills", "host:shop.example.com", "host:example.com",
		"sig:guest", "sig:first-time", "sig:name-link", "sig:links-1", "sig:len-lt80"} {
		if !slices.Contains(toks, want) {
			t.Errorf("Tokens lacks %q: %v", want, toks)
		}
	}
	for _, bad := range []string{"2024", "a", "sig:verified", "https", "shop", "example", "com"} {
		if slices.Contains(toks, bad) {
			t.Errorf("Tokens has %q: %v", bad, toks)
		}
	}
}

// trainer counts tokens the way the store does, for the test.
type trainer struct{ c Corpus }

func (tr *trainer) train(f Features, spam bool) {
	if tr.c.Counts == nil {
		tr.c.Counts = map[string]TokenCount{}
	}
	for _, t := range Tokens(f) {
		c := tr.c.Counts[t]
		if spam {
			c.Spam++
		} else {
			c.Ham++
		}
		tr.c.Counts[t] = c
	}
	if spam {
		tr.c.SpamDocs++
	} else {
		tr.c.HamDocs++
	}
}

func TestClassifyLearns(t *testing.T) {
	var tr trainer
	probe := Features{Body: "Great deals on cheap watches, visit https://cheapwatch.example now", LinkURLs: []string{"https://cheapwatch.example"}, Guest: true}
	ham := Features{Body: "I think the council's decision on the bypass was wrong, the survey said otherwise."}
	if s := Classify(Tokens(probe), tr.c); s.Spam != 0.5 || s.Trained {
		t.Fatalf("untrained score = %+v, want 0.5 and not trained", s)
	}
	spams := []string{
		"Cheap watches for sale, best deals https://cheapwatch.example",
		"Buy cheap watches now, visit https://cheapwatch.example",
		"Best deals on replica watches https://cheapwatch.example",
		"Cheap deals: earn money from home now",
		"Visit now for cheap loans and deals",
	}
	hams := []string{
		"The council vote on the bypass was a surprise to residents.",
		"I disagree with the survey, the traffic numbers look wrong.",
		"Thanks for the reporting on the school closures.",
		"My street was flooded last winter too; the council did nothing.",
		"Good article. The decision deserves more scrutiny.",
	}
	for round := 0; round < 2; round++ {
		for _, s := range spams {
			tr.train(Features{Body: s, LinkURLs: extractURLs(s), Guest: true}, true)
		}
		for _, h := range hams {
			tr.train(Features{Body: h}, false)
		}
	}
	ps := Classify(Tokens(probe), tr.c)
	ph := Classify(Tokens(ham), tr.c)
	if !ps.Trained || ps.Spam < 0.95 {
		t.Errorf("spam probe scored %+v, want trained and ≥ 0.95", ps)
	}
	if ph.Spam > 0.1 {
		t.Errorf("ham probe scored %+v, want ≤ 0.1", ph)
	}
	if len(ps.Top) == 0 || ps.Top[0].LogRatio <= 0 {
		t.Errorf("top tokens of spam probe: %+v", ps.Top)
	}
	if !slices.ContainsFunc(ps.Top, func(s TokenScore) bool { return s.Token == "host:cheapwatch.example" }) {
		t.Errorf("the spam link host is not among the top tokens: %+v", ps.Top)
	}
}

func extractURLs(s string) []string {
	var out []string
	for _, w := range splitSpace(s) {
		if len(w) > 8 && w[:8] == "https://" {
			out = append(out, w)
		}
	}
	return out
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// TestLinkNotDecisive is the tester's case (issue 4 findings, 1): a dozen
// link spams marked spam and many link-free comments approved must not
// make one honest link decisive — the URL's own words are not tokens, no
// single token passes MaxTokenLogRatio, and tokens seen once are ignored.
func TestLinkNotDecisive(t *testing.T) {
	var tr trainer
	for i := 0; i < 14; i++ {
		body := fmt.Sprintf("Best casino and crypto deals, visit https://spam%d.example/offer/%d", i, i)
		tr.train(Features{Body: body, LinkURLs: extractURLs(body), Guest: true, HasEmail: i%2 == 0}, true)
	}
	for i := 0; i < 160; i++ {
		tr.train(Features{Body: hamText(i), Guest: true}, false)
	}
	for _, body := range []string{
		"The full council report is here: https://council.example.gov/report.pdf and worth reading.",
		"Source for the figures: https://www.ons.gov.uk/economy",
		"Great piece, free to read at https://news.example.org/article",
	} {
		f := Features{Body: body, LinkURLs: extractURLs(body), Guest: true}
		for _, tok := range Tokens(f) {
			if tok == "https" || tok == "www" || tok == "example" || tok == "pdf" {
				t.Errorf("%q: URL part %q is a token", body, tok)
			}
		}
		s := Classify(Tokens(f), tr.c)
		if s.Spam >= 0.9 || s.Confident {
			t.Errorf("%q scored %.3f (confident %v), top %+v; want below the hold score and not confident", body, s.Spam, s.Confident, s.Top)
		}
		for _, ts := range s.Top {
			if math.Abs(ts.LogRatio) > MaxTokenLogRatio {
				t.Errorf("token %q weighs %.2f, over the cap", ts.Token, ts.LogRatio)
			}
		}
	}
	// The spam itself is still recognised (a hold, at this training).
	body := "Best casino and crypto deals, visit https://spam99.example/offer"
	if s := Classify(Tokens(Features{Body: body, LinkURLs: extractURLs(body), Guest: true}), tr.c); s.Spam < 0.99 {
		t.Errorf("spam scored %.3f, top %+v", s.Spam, s.Top)
	}
}

// hamText makes varied, link-free reader comments.
func hamText(i int) string {
	subjects := []string{"The council", "This story", "The new bypass", "Our school", "The harbour plan", "My street", "The budget", "The mayor"}
	verbs := []string{"deserves more scrutiny", "surprised residents", "was handled badly", "looks better than expected",
		"raises questions about funding", "needs a public meeting", "will cost more than planned"}
	tails := []string{"", " in my view.", " Thanks for reporting it.", " I was at the meeting.", " Numbers please?", " Good work."}
	return subjects[i%len(subjects)] + " " + verbs[(i/3)%len(verbs)] + tails[(i/7)%len(tails)]
}
