package analytics

import (
	"testing"
	"time"

	"masthead/internal/model"
)

// TestLiveStorySourcesAndRecirculation: each top story carries the sources
// of its current readers (most first, at most LiveStorySources) and the
// recirculation of its page views in the last 30 minutes: slot impressions,
// clicks and click-through (issue 5 finding 7).
func TestLiveStorySourcesAndRecirculation(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 30, 0, time.UTC)}
	l := NewLive(LiveOptions{Now: clock.Now})
	hit := func(pv string, article int64, k model.EventKind, class model.SourceClass, name string, slots ...string) {
		h := LiveHit{Time: clock.Now().UnixMilli(), Kind: k, PageviewID: pv, VisitorID: "v" + pv, Path: "/articles/" + string(rune('a'+article)),
			ArticleID: article, SourceClass: class, SourceName: name}
		if k == model.EventClick {
			h.Slot = slots[0]
		} else {
			h.Slots = slots
		}
		l.Apply(h)
	}
	hit("a1", 1, model.EventPageview, model.SourceSearch, "Google", "next-1", "more-1", "more-2")
	hit("a2", 1, model.EventPageview, model.SourceSearch, "Google", "next-1", "more-1", "more-2")
	hit("a3", 1, model.EventPageview, model.SourceSocial, "Facebook", "next-1", "more-1", "more-2")
	hit("a4", 1, model.EventPageview, model.SourceDirect, "", "next-1", "more-1", "more-2")
	hit("a5", 1, model.EventPageview, model.SourceAI, "ChatGPT", "next-1", "more-1", "more-2")
	hit("a1", 1, model.EventHeartbeat, "", "", "mostread-1", "mostread-2") // the widget's slots come with a heartbeat
	hit("b1", 2, model.EventPageview, model.SourceNewsletter, "", "next-1")
	clock.Add(time.Second)
	hit("a1", 1, model.EventClick, "", "", "next-1")
	hit("a2", 1, model.EventClick, "", "", "mostread-2")
	s := l.Snapshot(10)
	if len(s.Top) != 2 {
		t.Fatalf("top: %+v", s.Top)
	}
	a, b := s.Top[0], s.Top[1]
	wantSrc := []SourceCount{{Class: model.SourceSearch, Name: "Google", Count: 2}, {Class: model.SourceAI, Name: "ChatGPT", Count: 1}, {Class: model.SourceDirect, Count: 1}}
	if len(a.Sources) != LiveStorySources {
		t.Fatalf("story a sources: %+v", a.Sources)
	}
	for i, w := range wantSrc {
		if a.Sources[i] != w {
			t.Errorf("story a source %d: %+v, want %+v", i, a.Sources[i], w)
		}
	}
	if a.RecircShown != 17 || a.RecircClicks != 2 || a.RecircCTR != 2.0/17 {
		t.Errorf("story a recirculation: %d shown, %d clicks, %v", a.RecircShown, a.RecircClicks, a.RecircCTR)
	}
	if len(b.Sources) != 1 || b.Sources[0] != (SourceCount{Class: model.SourceNewsletter, Count: 1}) || b.RecircShown != 1 || b.RecircClicks != 0 || b.RecircCTR != 0 {
		t.Errorf("story b: %+v", b)
	}
	// Older than 30 minutes: the recirculation figures are gone, the readers too.
	clock.Add(31 * time.Minute)
	hit("a9", 1, model.EventPageview, model.SourceSearch, "Google")
	if s = l.Snapshot(10); len(s.Top) != 1 || s.Top[0].RecircShown != 0 || s.Top[0].RecircClicks != 0 {
		t.Errorf("after 31 minutes: %+v", s.Top)
	}
}

// TestLiveReferrersAreReferrers: "top referrers" lists sites that referred
// readers, not a campaign's utm_source (issue 5 finding 10).
func TestLiveReferrersAreReferrers(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 30, 0, time.UTC)}
	l := NewLive(LiveOptions{Now: clock.Now})
	l.Apply(LiveHit{Time: clock.Now().UnixMilli(), Kind: model.EventPageview, PageviewID: "p1", VisitorID: "v1", Path: "/", SourceClass: model.SourceSearch, SourceName: "Google", Referred: true})
	l.Apply(LiveHit{Time: clock.Now().UnixMilli(), Kind: model.EventPageview, PageviewID: "p2", VisitorID: "v2", Path: "/", SourceClass: model.SourceNewsletter, SourceName: "morning briefing"})
	s := l.Snapshot(0)
	if len(s.Referrers) != 1 || s.Referrers[0].Name != "Google" {
		t.Errorf("referrers: %+v", s.Referrers)
	}
	if len(s.Sources) != 2 {
		t.Errorf("sources: %+v", s.Sources)
	}
}
