package spam

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Features are what the learning filter knows about one comment.
type Features struct {
	Body        string   // comment source as submitted (Markdown or HTML)
	LinkURLs    []string // URLs of links in the body (absolute; others are ignored)
	Guest       bool     // posted without a verified identity
	FirstTime   bool     // the identity has no approved comment yet
	HasEmail    bool     // an e-mail address was given
	HasWebsite  bool     // a website was given with the name
	NameHasLink bool     // the display name looks like a URL or domain
	// Words is Words(Normalize(Body)) when the caller has it already; nil
	// means Tokens computes it.
	Words []string
}

// MaxTokens bounds the distinct tokens taken from one comment.
const MaxTokens = 400

// Tokens returns the filter's distinct tokens for f, in a stable order:
// normalised words of 2–30 characters (see Normalize and Words) of the body
// with its web addresses taken out (see StripURLs: a link is evidence
// through its host and the link-count signal only, never through "https",
// "www" or the words of its path), "host:NAME"
// for every link's host and each parent domain down to two labels
// ("host:shop.example.com", "host:example.com"), and author and shape signals
// prefixed "sig:" (guest or verified, first-time, e-mail and website given,
// a link-like name, link-count and length buckets). Pure digits are skipped
// except as part of words. At most MaxTokens are returned.
func Tokens(f Features) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if len(out) < MaxTokens && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	words := f.Words
	if words == nil || hasURL(f.Body) {
		words = Words(Normalize(StripURLs(f.Body)))
	}
	for _, w := range words {
		n := len([]rune(w))
		if n < 2 || n > 30 || isDigits(w) {
			continue
		}
		add(w)
	}
	links := 0
	for _, raw := range f.LinkURLs {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Hostname() == "" {
			continue
		}
		links++
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		for {
			add("host:" + host)
			i := strings.IndexByte(host, '.')
			if i < 0 || strings.Count(host, ".") < 2 {
				break
			}
			host = host[i+1:]
		}
	}
	if f.Guest {
		add("sig:guest")
	} else {
		add("sig:verified")
	}
	if f.FirstTime {
		add("sig:first-time")
	}
	if f.HasEmail {
		add("sig:email")
	}
	if f.HasWebsite {
		add("sig:website")
	}
	if f.NameHasLink {
		add("sig:name-link")
	}
	switch {
	case links == 0:
		add("sig:links-0")
	case links == 1:
		add("sig:links-1")
	case links <= 3:
		add("sig:links-2-3")
	default:
		add("sig:links-4+")
	}
	add("sig:len-" + lengthBucket(len(f.Body)))
	return out
}

// urlRe matches a web address written in text: a scheme or "www." and
// everything up to white space, a quote, an angle bracket or a closing
// bracket (Markdown's "[text](URL)" keeps its text).
var urlRe = regexp.MustCompile(`(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]"']*`)

func hasURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "www.") || strings.Contains(s, "WWW.")
}

// StripURLs returns s with every web address (http, https or ftp URL, or
// a "www." name) replaced by a space. The learning filter reads links
// through Features.LinkURLs instead, so the parts every link shares
// ("https", "www", "com") and one-off path words carry no weight.
func StripURLs(s string) string {
	if !hasURL(s) {
		return s
	}
	return urlRe.ReplaceAllString(s, " ")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func lengthBucket(n int) string {
	for _, b := range []int{20, 80, 300, 1000, 3000} {
		if n < b {
			return "lt" + strconv.Itoa(b)
		}
	}
	return "3000+"
}

// TokenCount is how many trained spam and ham (approved) comments contained
// a token.
type TokenCount struct {
	Spam, Ham int
}

// Corpus is the state of the filter for scoring: the number of comments
// trained as spam and as ham, and the counts of the tokens asked about
// (tokens never seen are absent).
type Corpus struct {
	SpamDocs, HamDocs int
	Counts            map[string]TokenCount
}

// MinTrained is how many comments of each class the filter must have been
// trained on before its score is used by the rules at all (it is still
// computed and shown before that, marked as not yet trained). From here to
// MinConfident a high score only holds a comment for review.
const MinTrained = 10

// MinConfident is how many comments of each class the filter must have been
// trained on before a score at or above the spam threshold marks a comment
// spam by itself; below it such a comment is held for review (pending), so
// that a few moderator decisions cannot send readers' comments to spam
// unseen.
const MinConfident = 100

// MinTokenDocs is in how many trained comments (spam and ham together) a
// token must occur before it counts as evidence; rarer tokens are ignored,
// as Graham ignores words seen fewer than five times ("A Plan for Spam").
const MinTokenDocs = 3

// Strength and Assumed are Robinson's s and x ("A Statistical Approach to
// the Spam Problem", Linux Journal 2003): a token seen in n trained
// comments with raw spam probability p counts as (s·x + n·p)/(s + n), so
// evidence from few comments stays near the neutral 0.5.
const (
	Strength = 1.0
	Assumed  = 0.5
)

// MaxTokenLogRatio caps the evidence of any one token, as log odds (2.0 ≈
// a probability of 0.88): no single word, host or signal — "has one link",
// say — can reach the hold score on its own.
const MaxTokenLogRatio = 2.0

// Trained reports whether the filter has seen at least MinTrained comments
// of each class.
func (c Corpus) Trained() bool { return c.SpamDocs >= MinTrained && c.HamDocs >= MinTrained }

// Confident reports whether the filter has seen at least MinConfident
// comments of each class, so that its score alone may mark a comment spam.
func (c Corpus) Confident() bool { return c.SpamDocs >= MinConfident && c.HamDocs >= MinConfident }

// TokenScore is one token's contribution to a score: LogRatio is the natural
// log of the odds that a comment with the token is spam (Robinson's f(w),
// capped at ±MaxTokenLogRatio); positive means spammy.
type TokenScore struct {
	Token    string
	LogRatio float64
}

// Score is the filter's verdict on one comment.
type Score struct {
	Spam    float64 // probability of spam, 0–1; 0.5 when nothing is known
	Trained bool    // the corpus had MinTrained comments of each class
	// Confident is true when the corpus had MinConfident comments of each
	// class: only then may the score mark a comment spam by itself.
	Confident bool
	// SpamDocs and HamDocs are the numbers of comments the filter was
	// trained on, for the reason shown in the queue.
	SpamDocs, HamDocs int
	Top               []TokenScore // the most telling tokens, strongest first (at most TopTokens)
}

// Training describes how much the filter has learnt, for reasons shown to
// moderators ("learnt from 14 spam and 160 approved comments").
func (s Score) Training() string {
	return fmt.Sprintf("learnt from %d spam and %d approved comments", s.SpamDocs, s.HamDocs)
}

// TopTokens is how many tokens a Score lists.
const TopTokens = 8

// Classify scores tokens against corpus, after Graham ("A Plan for Spam")
// with Robinson's corrections: each token is a piece of evidence whose
// spam probability p is its frequency among trained spam over the sum of
// its frequencies among spam and ham (so the classes get equal prior odds
// and a site that sees little spam does not discount the evidence), pulled
// towards 0.5 by Robinson's degree of belief (Strength, Assumed) and capped
// at ±MaxTokenLogRatio log odds. Tokens seen in fewer than MinTokenDocs
// trained comments are not evidence, nor are tokens never seen. Among the
// rest only the 30 strongest count, which keeps long comments from drowning
// the score in weak words; their log odds are summed (the naive Bayes
// independence assumption) and the result is the probability of spam.
func Classify(tokens []string, corpus Corpus) Score {
	var scores []TokenScore
	for _, t := range tokens {
		c, ok := corpus.Counts[t]
		n := c.Spam + c.Ham
		if !ok || n < MinTokenDocs {
			continue
		}
		var ps, ph float64
		if corpus.SpamDocs > 0 {
			ps = float64(c.Spam) / float64(corpus.SpamDocs)
		}
		if corpus.HamDocs > 0 {
			ph = float64(c.Ham) / float64(corpus.HamDocs)
		}
		if ps+ph == 0 {
			continue
		}
		p := ps / (ps + ph)
		f := (Strength*Assumed + float64(n)*p) / (Strength + float64(n))
		lr := math.Max(-MaxTokenLogRatio, math.Min(MaxTokenLogRatio, math.Log(f/(1-f))))
		scores = append(scores, TokenScore{Token: t, LogRatio: lr})
	}
	sort.SliceStable(scores, func(i, j int) bool {
		ai, aj := math.Abs(scores[i].LogRatio), math.Abs(scores[j].LogRatio)
		if ai != aj {
			return ai > aj
		}
		return scores[i].Token < scores[j].Token
	})
	if len(scores) > 30 {
		scores = scores[:30]
	}
	sum := 0.0
	for _, s := range scores {
		sum += s.LogRatio
	}
	top := scores
	if len(top) > TopTokens {
		top = top[:TopTokens]
	}
	return Score{Spam: 1 / (1 + math.Exp(-sum)), Trained: corpus.Trained(), Confident: corpus.Confident(),
		SpamDocs: corpus.SpamDocs, HamDocs: corpus.HamDocs, Top: append([]TokenScore(nil), top...)}
}
