package analytics

import (
	"cmp"
	"slices"
	"time"

	"masthead/internal/model"
)

// LiveStorySources is how many sources the live view lists per top story.
const LiveStorySources = 3

// SourceCount is a source (class and, for search, social, AI and other
// sites, its name) with a number of readers.
type SourceCount struct {
	Class model.SourceClass
	Name  string
	Count int
}

// storyRecirc is one story's recirculation in one minute: slot impressions
// of its page views and clicks on them.
type storyRecirc struct{ shown, clicks int }

// story returns the minute's recirculation counters of an article (a
// scratch value for pages that are not articles).
func (b *liveMinute) story(article int64) *storyRecirc {
	if article <= 0 {
		return &storyRecirc{}
	}
	if b.stories == nil {
		b.stories = map[int64]*storyRecirc{}
	}
	r := b.stories[article]
	if r == nil {
		r = &storyRecirc{}
		b.stories[article] = r
	}
	return r
}

// countShown counts one impression of each slot in the minute, site-wide
// and for the article whose page showed them.
func (b *liveMinute) countShown(article int64, slots []string) {
	if len(slots) == 0 {
		return
	}
	for _, s := range slots {
		if b.shown == nil {
			b.shown = map[string]int{}
		}
		b.shown[s]++
	}
	b.story(article).shown += len(slots)
}

// storyDetail fills the sources and the last 30 minutes' recirculation of
// the top stories (ArticleID > 0), from the pages' running source counts
// and the minute buckets; l.mu is held.
func (l *Live) storyDetail(now time.Time, top []ArticleNow) {
	idx := map[int64]int{}
	for i, a := range top {
		if a.ArticleID > 0 {
			idx[a.ArticleID] = i
		}
	}
	if len(idx) == 0 {
		return
	}
	for id, i := range idx {
		p := l.agg.articles[id]
		if p == nil {
			continue
		}
		for k, n := range p.sources {
			top[i].Sources = append(top[i].Sources, SourceCount{Class: k.class, Name: k.name, Count: n})
		}
		slices.SortFunc(top[i].Sources, func(a, b SourceCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Class, b.Class), cmp.Compare(a.Name, b.Name))
		})
		if len(top[i].Sources) > LiveStorySources {
			top[i].Sources = top[i].Sources[:LiveStorySources]
		}
	}
	nowMin := now.Unix() / 60
	for m := nowMin - liveMinutes + 1; m <= nowMin; m++ {
		b := &l.minutes[m%liveMinutes]
		if b.minute != m {
			continue
		}
		for id, r := range b.stories {
			if i, ok := idx[id]; ok {
				top[i].RecircShown += r.shown
				top[i].RecircClicks += r.clicks
			}
		}
	}
	for i := range top {
		if top[i].RecircShown > 0 {
			top[i].RecircCTR = float64(top[i].RecircClicks) / float64(top[i].RecircShown)
		}
	}
}
