package spam

import (
	"math"
	"net/url"
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
// normalised words of 2–30 characters (see Normalize and Words), "host:NAME"
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
	if words == nil {
		words = Words(Normalize(f.Body))
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
// trained on before its score is used by the rules (it is still computed and
// shown before that, marked as not yet trained).
const MinTrained = 10

// Trained reports whether the filter has seen at least MinTrained comments
// of each class.
func (c Corpus) Trained() bool { return c.SpamDocs >= MinTrained && c.HamDocs >= MinTrained }

// TokenScore is one token's contribution to a score: LogRatio is the natural
// log of P(token|spam)/P(token|ham); positive means spammy.
type TokenScore struct {
	Token    string
	LogRatio float64
}

// Score is the filter's verdict on one comment.
type Score struct {
	Spam    float64      // probability of spam, 0–1; 0.5 when nothing is known
	Trained bool         // the corpus had MinTrained comments of each class
	Top     []TokenScore // the most telling tokens, strongest first (at most TopTokens)
}

// TopTokens is how many tokens a Score lists.
const TopTokens = 8

// Classify scores tokens against corpus with a Bernoulli naive Bayes model
// (Manning, Raghavan & Schütze, "Introduction to Information Retrieval",
// §13.3): each token's presence is an independent piece of evidence,
// P(token|class) = (count+1)/(docs+2) (Laplace smoothing), and the classes
// get equal prior odds, so that a site that sees little spam does not
// discount the evidence. Only tokens the filter has seen count (absent
// tokens are not evidence, as in Graham's "A Plan for Spam"), and among them
// only the 30 with the strongest evidence, which keeps long comments from
// drowning the score in weak words. The result is the posterior probability
// of spam.
func Classify(tokens []string, corpus Corpus) Score {
	var scores []TokenScore
	for _, t := range tokens {
		c, ok := corpus.Counts[t]
		if !ok || c.Spam+c.Ham == 0 {
			continue
		}
		ps := (float64(c.Spam) + 1) / (float64(corpus.SpamDocs) + 2)
		ph := (float64(c.Ham) + 1) / (float64(corpus.HamDocs) + 2)
		scores = append(scores, TokenScore{Token: t, LogRatio: math.Log(ps / ph)})
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
	return Score{Spam: 1 / (1 + math.Exp(-sum)), Trained: corpus.Trained(), Top: append([]TokenScore(nil), top...)}
}
