package analytics

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"masthead/internal/model"

	"github.com/google/go-cmp/cmp/cmpopts"

	gocmp "github.com/google/go-cmp/cmp"
)

// bruteSnapshot computes a snapshot by a pass over every reader, the way
// the live view did before it kept aggregates; it changes nothing.
func bruteSnapshot(l *Live, now time.Time) Snapshot {
	s := Snapshot{}
	type page struct {
		ArticleNow
		scrolled int
		sources  map[sourceKey]int
	}
	pages := map[string]*page{}
	sources, names, sections := map[string]int{}, map[string]int{}, map[int64]int{}
	sum := 0
	for _, r := range l.readers {
		if now.Sub(r.lastHit) > l.opts.Window || now.Sub(r.idleSince()) > l.opts.IdleDropout {
			continue
		}
		s.Concurrents++
		engaged := !r.lastEngaged.IsZero() && now.Sub(r.lastEngaged) <= l.opts.EngagedWithin
		if engaged {
			s.Engaged++
		}
		sum += r.engaged
		sources[string(r.sourceClass)]++
		if r.sourceName != "" && r.referred {
			names[r.sourceName]++
		}
		if r.section != 0 {
			sections[r.section]++
		}
		key := r.path
		if r.article > 0 {
			key = "\x00" + strconv.FormatInt(r.article, 10)
		}
		p := pages[key]
		if p == nil {
			p = &page{ArticleNow: ArticleNow{ArticleID: r.article, SectionID: r.section, Path: r.path}}
			pages[key] = p
		}
		p.Concurrents++
		if r.article > 0 {
			if p.sources == nil {
				p.sources = map[sourceKey]int{}
			}
			p.sources[sourceKey{r.sourceClass, r.sourceName}]++
		}
		if engaged {
			p.Engaged++
		}
		p.AvgEngaged += float64(r.engaged)
		if r.scroll > 0 {
			p.AvgScroll += float64(r.scroll)
			p.scrolled++
		}
	}
	s.Idle = s.Concurrents - s.Engaged
	if s.Concurrents > 0 {
		s.AvgEngaged = float64(sum) / float64(s.Concurrents)
	}
	for _, p := range pages {
		p.AvgEngaged /= float64(p.Concurrents)
		if p.scrolled > 0 {
			p.AvgScroll /= float64(p.scrolled)
		}
		for k, n := range p.sources {
			p.Sources = append(p.Sources, SourceCount{Class: k.class, Name: k.name, Count: n})
		}
		slices.SortFunc(p.Sources, func(a, b SourceCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Class, b.Class), cmp.Compare(a.Name, b.Name))
		})
		if len(p.Sources) > LiveStorySources {
			p.Sources = p.Sources[:LiveStorySources]
		}
		s.Top = append(s.Top, p.ArticleNow)
	}
	slices.SortFunc(s.Top, func(a, b ArticleNow) int {
		return cmp.Or(cmp.Compare(b.Concurrents, a.Concurrents), cmp.Compare(a.Path, b.Path))
	})
	s.Sources, s.Referrers = counts(sources, 0), counts(names, 10)
	for id, n := range sections {
		s.Sections = append(s.Sections, Count{ID: id, Count: n})
	}
	slices.SortFunc(s.Sections, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID)) })
	return s
}

// TestLiveAggregates: under random hits, leaves, late hits and clock steps
// the running aggregates give what a pass over all readers gives.
func TestLiveAggregates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	l := NewLive(LiveOptions{Now: clock.Now, Window: 45 * time.Second, EngagedWithin: 20 * time.Second, IdleDropout: 2 * time.Minute})
	kinds := []model.EventKind{model.EventPageview, model.EventHeartbeat, model.EventHeartbeat, model.EventScroll, model.EventClick}
	sources := []model.SourceClass{model.SourceSearch, model.SourceSocial, model.SourceDirect}
	for step := range 20000 {
		n := rng.IntN(300)
		h := LiveHit{Time: clock.Now().Add(-time.Duration(rng.IntN(3000)) * time.Millisecond).UnixMilli(),
			Kind: kinds[rng.IntN(len(kinds))], PageviewID: fmt.Sprintf("pv%04d", n), VisitorID: fmt.Sprintf("v%d", n%250),
			IPHash: fmt.Sprintf("i%d", n%120), ArticleID: int64(n % 7), SectionID: int64(n % 7 % 3), Path: fmt.Sprintf("/p/%d", n%7),
			SourceClass: sources[n%3], SourceName: []string{"", "Google", "Bing"}[n%3], Referred: n%5 != 0, Leave: rng.IntN(60) == 0}
		if h.Kind == model.EventHeartbeat && rng.IntN(2) == 0 {
			h.Engaged = rng.IntN(15)
		}
		if rng.IntN(3) == 0 {
			h.Scroll = rng.IntN(101)
		}
		if h.Kind == model.EventClick {
			h.Slot = "next-1"
		}
		l.Apply(h)
		clock.Add(time.Duration(rng.IntN(400)) * time.Millisecond)
		if rng.IntN(50) == 0 {
			clock.Add(time.Duration(rng.IntN(90)) * time.Second)
		}
		if step%97 == 0 {
			want := bruteSnapshot(l, clock.Now())
			got := l.Snapshot(1 << 20)
			got.At, got.Chart, got.Slots, got.CommentsPerMinute = time.Time{}, nil, nil, 0
			for i := range got.Top { // from the minute buckets, not the readers
				got.Top[i].RecircShown, got.Top[i].RecircClicks, got.Top[i].RecircCTR = 0, 0, 0
			}
			if d := gocmp.Diff(want, got, cmpopts.EquateEmpty(), cmpopts.EquateApprox(0, 1e-9)); d != "" {
				t.Fatalf("step %d (-pass over readers +aggregates):\n%s", step, d)
			}
		}
	}
}
