// Package related chooses the READ MORE list shown after an article body.
//
// Scoring follows the idea of Hugo's related content (gohugo.io/content-
// management/related): each candidate earns weighted points for what it
// shares with the article — tags (weight 100 each), section (weight 40), and
// significant headline/dek keywords (weight 15 each) — and the total is
// discounted by age relative to the article (half-life 14 days), so that of
// two equally related stories the fresher wins. Editor pins always come first,
// in the editor's order.
package related

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"masthead/internal/model"
)

// Weights of each shared feature; see the package doc.
const (
	WeightTag     = 100.0
	WeightSection = 40.0
	WeightKeyword = 15.0
	// HalfLife is the age difference at which a candidate's score halves.
	HalfLife = 14 * 24 * time.Hour
)

// Scored is a candidate with its score (pins have +Inf).
type Scored struct {
	Article *model.Article
	Score   float64
	Pinned  bool
}

// Select returns up to n articles for a's READ MORE list: first the pinned
// articles (in order, skipping any not in visible), then the best-scoring
// candidates with a score above zero. a itself and duplicates are never
// returned. candidates and pinned must already be limited to content readers
// may see; Select does no visibility checks.
func Select(a *model.Article, candidates, pinned []*model.Article, n int) []Scored {
	out := make([]Scored, 0, n)
	seen := map[int64]bool{a.ID: true}
	for _, p := range pinned {
		if len(out) == n {
			return out
		}
		if p == nil || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		out = append(out, Scored{Article: p, Score: math.Inf(1), Pinned: true})
	}
	kw := keywords(a)
	tags := map[int64]bool{}
	for _, t := range a.Tags {
		tags[t.ID] = true
	}
	var scored []Scored
	for _, c := range candidates {
		if c == nil || seen[c.ID] || c.Kind == model.KindPage {
			continue
		}
		seen[c.ID] = true
		if s := Score(a, c, tags, kw); s > 0 {
			scored = append(scored, Scored{Article: c, Score: s})
		}
	}
	sort.SliceStable(scored, func(i, j int) bool {
		if scored[i].Score != scored[j].Score {
			return scored[i].Score > scored[j].Score
		}
		return scored[i].Article.PublishedAt.After(scored[j].Article.PublishedAt)
	})
	for _, s := range scored {
		if len(out) == n {
			break
		}
		out = append(out, s)
	}
	return out
}

// Score rates candidate c against article a. tags is the set of a's tag ids
// and kw a's keywords (see keywords); both are passed in so a caller scoring
// many candidates computes them once.
func Score(a, c *model.Article, tags map[int64]bool, kw map[string]bool) float64 {
	s := 0.0
	for _, t := range c.Tags {
		if tags[t.ID] {
			s += WeightTag
		}
	}
	if a.SectionID != 0 && a.SectionID == c.SectionID {
		s += WeightSection
	}
	for w := range keywords(c) {
		if kw[w] {
			s += WeightKeyword
		}
	}
	if s == 0 {
		return 0
	}
	age := a.PublishedAt.Sub(c.PublishedAt)
	if age < 0 {
		age = -age
	}
	return s * math.Pow(0.5, float64(age)/float64(HalfLife))
}

// keywords returns the significant lower-cased words (4+ letters, not stop
// words) of an article's headline and dek.
func keywords(a *model.Article) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(a.Headline+" "+a.Dek), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) >= 4 && !stop[w] {
			out[w] = true
		}
	}
	return out
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above after again against also among been before being below between
		both could does doing down during each from further have having here into just more most much must once only
		other over own same says said should some such than that their them then there these they this those through
		under until very were what when where which while will with would your year years first last week weeks
		new news people time today`) {
		m[w] = true
	}
	return m
}()
