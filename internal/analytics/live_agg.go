package analytics

import (
	"cmp"
	"slices"
	"time"

	"masthead/internal/model"
)

// liveAggregates are the live view's running totals over the readers in
// Live.readers, changed by every hit, drop-out and engagement change, so a
// Snapshot needs no pass over the readers. Guarded by Live.mu.
type liveAggregates struct {
	concurrents int
	engaged     int // readers flagged engagedNow
	engagedSum  int // engaged seconds of all readers
	sources     map[string]int
	names       map[string]int
	sections    map[int64]int
	articles    map[int64]*livePage  // pages of articles
	paths       map[string]*livePage // other pages, by path
	// dropWheel holds every reader once, at (or before) the second it
	// drops out; engagedWheel every reader flagged engaged, at (or before)
	// the second it turns idle.
	dropWheel, engagedWheel timingWheel
}

// livePage is one page's share of the aggregates.
type livePage struct {
	article, section int64
	path             string
	concurrents      int
	engaged          int
	engagedSum       int // seconds
	scrollSum        int // percent, over readers who reported a depth
	scrolled         int
	sources          map[sourceKey]int // readers by source (articles only)
}

// sourceKey is a source class and name.
type sourceKey struct {
	class model.SourceClass
	name  string
}

func newLiveAggregates() liveAggregates {
	return liveAggregates{sources: map[string]int{}, names: map[string]int{}, sections: map[int64]int{},
		articles: map[int64]*livePage{}, paths: map[string]*livePage{}}
}

// add counts a new reader (not yet engaged, no seconds, no scroll).
func (a *liveAggregates) add(r *liveReader) {
	a.concurrents++
	a.sources[string(r.sourceClass)]++
	if r.sourceName != "" && r.referred {
		a.names[r.sourceName]++
	}
	if r.section != 0 {
		a.sections[r.section]++
	}
	// One entry per article (its hits carry the canonical path), one per
	// path for other pages.
	var p *livePage
	if r.article > 0 {
		if p = a.articles[r.article]; p == nil {
			p = &livePage{article: r.article, section: r.section, path: r.path}
			a.articles[r.article] = p
		}
	} else if p = a.paths[r.path]; p == nil {
		p = &livePage{section: r.section, path: r.path}
		a.paths[r.path] = p
	}
	p.concurrents++
	if p.article > 0 {
		if p.sources == nil {
			p.sources = map[sourceKey]int{}
		}
		p.sources[sourceKey{r.sourceClass, r.sourceName}]++
	}
	r.page = p
}

// remove takes a reader's share out again.
func (a *liveAggregates) remove(r *liveReader) {
	a.setEngaged(r, false)
	a.concurrents--
	a.engagedSum -= r.engaged
	decrement(a.sources, string(r.sourceClass))
	if r.sourceName != "" && r.referred {
		decrement(a.names, r.sourceName)
	}
	if r.section != 0 {
		decrement(a.sections, r.section)
	}
	p := r.page
	p.concurrents--
	if p.sources != nil {
		decrement(p.sources, sourceKey{r.sourceClass, r.sourceName})
	}
	p.engagedSum -= r.engaged
	if r.scroll > 0 {
		p.scrollSum -= r.scroll
		p.scrolled--
	}
	if p.concurrents == 0 {
		if p.article > 0 {
			delete(a.articles, p.article)
		} else {
			delete(a.paths, p.path)
		}
	}
}

func decrement[K comparable](m map[K]int, k K) {
	if m[k]--; m[k] <= 0 {
		delete(m, k)
	}
}

// setEngaged flags or unflags r as engaged now.
func (a *liveAggregates) setEngaged(r *liveReader, on bool) {
	if r.engagedNow == on {
		return
	}
	d := 1
	if !on {
		d = -1
	}
	r.engagedNow = on
	a.engaged += d
	r.page.engaged += d
}

// engagedSeconds adds n engaged seconds of r (r.engaged is updated by the caller).
func (a *liveAggregates) engagedSeconds(r *liveReader, n int) {
	a.engagedSum += n
	r.page.engagedSum += n
}

// scrolled records r's new deepest scroll depth (deeper than r.scroll,
// which the caller updates).
func (a *liveAggregates) scrolled(r *liveReader, depth int) {
	p := r.page
	if r.scroll == 0 {
		p.scrolled++
	}
	p.scrollSum += depth - r.scroll
}

// top returns the n pages with the most readers, most first (ties by path).
func (a *liveAggregates) top(n int) []ArticleNow {
	out := make([]ArticleNow, 0, len(a.articles)+len(a.paths))
	add := func(p *livePage) {
		an := ArticleNow{ArticleID: p.article, SectionID: p.section, Path: p.path, Concurrents: p.concurrents, Engaged: p.engaged,
			AvgEngaged: float64(p.engagedSum) / float64(p.concurrents)}
		if p.scrolled > 0 {
			an.AvgScroll = float64(p.scrollSum) / float64(p.scrolled)
		}
		out = append(out, an)
	}
	for _, p := range a.articles {
		add(p)
	}
	for _, p := range a.paths {
		add(p)
	}
	slices.SortFunc(out, func(a, b ArticleNow) int {
		return cmp.Or(cmp.Compare(b.Concurrents, a.Concurrents), cmp.Compare(a.Path, b.Path))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// timingWheel holds readers in buckets of one second (Unix seconds UTC) to
// be looked at again once that second has come.
type timingWheel struct {
	buckets map[int64][]*liveReader
	done    int64 // every bucket up to this second has been taken
}

// schedule puts r in the bucket of at's second (or the first bucket not
// yet taken, if that is later).
func (w *timingWheel) schedule(r *liveReader, at time.Time) {
	sec := max(at.Unix(), w.done+1)
	if w.buckets == nil {
		w.buckets = map[int64][]*liveReader{}
	}
	w.buckets[sec] = append(w.buckets[sec], r)
}

// advance takes every bucket up to now's second, oldest first, and calls
// fn with each reader in them; fn may schedule the reader again. The
// bucket of now's second is taken again next time (a reader in it may be
// due later in the same second).
func (w *timingWheel) advance(now time.Time, fn func(*liveReader)) {
	nowSec := now.Unix()
	if nowSec <= w.done {
		return
	}
	var secs []int64
	if nowSec-w.done > int64(len(w.buckets)) {
		for sec := range w.buckets {
			if sec <= nowSec {
				secs = append(secs, sec)
			}
		}
		slices.Sort(secs)
	} else {
		for sec := w.done + 1; sec <= nowSec; sec++ {
			if _, ok := w.buckets[sec]; ok {
				secs = append(secs, sec)
			}
		}
	}
	w.done = nowSec - 1
	for _, sec := range secs {
		list := w.buckets[sec]
		delete(w.buckets, sec)
		for _, r := range list {
			fn(r)
		}
	}
}
