package analytics

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"masthead/internal/model"
)

func TestLive(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 30, 0, time.UTC)}
	l := NewLive(LiveOptions{Now: clock.Now})
	hit := func(pv string, k model.EventKind, mod func(*LiveHit)) {
		h := LiveHit{Time: clock.Now().UnixMilli(), Kind: k, PageviewID: pv, VisitorID: "v" + pv, Path: "/articles/a", ArticleID: 1, SectionID: 3,
			SourceClass: model.SourceSearch, SourceName: "Google"}
		if mod != nil {
			mod(&h)
		}
		msg, _ := json.Marshal(h)
		if err := l.ApplyJSON(msg); err != nil {
			t.Fatal(err)
		}
	}
	hit("p1", model.EventPageview, func(h *LiveHit) { h.Slots = []string{"next-1", "more-1"} })
	hit("p2", model.EventPageview, func(h *LiveHit) { h.Slots = []string{"next-1"} })
	hit("p3", model.EventPageview, func(h *LiveHit) {
		h.Path, h.ArticleID, h.SectionID, h.SourceClass, h.SourceName = "/articles/b", 2, 4, model.SourceSocial, "Facebook"
	})
	hit("p4", model.EventPageview, func(h *LiveHit) {
		h.Path, h.ArticleID, h.SectionID, h.SourceClass, h.SourceName = "/", 0, 0, model.SourceDirect, ""
	})
	s := l.Snapshot(10)
	if s.Concurrents != 4 || s.Engaged != 4 || len(s.Top) != 3 || s.Top[0].Path != "/articles/a" || s.Top[0].Concurrents != 2 {
		t.Fatalf("after pageviews: %+v", s)
	}
	// 15 s later: p1 engaged 12 s and scrolled, p2 idle heartbeat, p3 left.
	clock.Add(15 * time.Second)
	hit("p1", model.EventHeartbeat, func(h *LiveHit) { h.Engaged, h.Scroll = 12, 60 })
	hit("p2", model.EventHeartbeat, nil)
	hit("p3", model.EventHeartbeat, func(h *LiveHit) { h.Leave = true })
	hit("p1", model.EventClick, func(h *LiveHit) { h.Slot = "next-1" })
	clock.Add(10 * time.Second) // p2's last engagement (its pageview) is 25 s old: idle
	s = l.Snapshot(10)
	if s.Concurrents != 3 || s.Engaged != 1 || s.Idle != 2 {
		t.Fatalf("engaged vs idle: %d concurrents, %d engaged, %d idle", s.Concurrents, s.Engaged, s.Idle)
	}
	a := s.Top[0]
	if a.ArticleID != 1 || a.AvgEngaged != 6 || a.AvgScroll != 60 || a.Engaged != 1 {
		t.Errorf("article a: %+v", a)
	}
	if len(s.Sources) != 2 || s.Sources[0] != (Count{Name: "search", Count: 2}) {
		t.Errorf("sources: %+v", s.Sources)
	}
	if len(s.Sections) != 1 || s.Sections[0] != (Count{ID: 3, Count: 2}) {
		t.Errorf("sections: %+v", s.Sections)
	}
	if len(s.Slots) != 2 || s.Slots[0] != (SlotNow{Slot: "more-1", Shown: 1}) || s.Slots[1] != (SlotNow{Slot: "next-1", Shown: 2, Clicks: 1, CTR: 0.5}) {
		t.Errorf("slots: %+v", s.Slots)
	}
	if len(s.Chart) != 30 || s.Chart[29].Pageviews != 4 || s.Chart[29].Concurrents != 4 {
		t.Errorf("chart: %+v", s.Chart[28:])
	}
	if m := l.MostRead(5); len(m) != 1 || m[0].ArticleID != 1 {
		t.Errorf("most read: %+v", m)
	}
	// No ping for the window: readers drop out.
	clock.Add(LiveWindow + time.Second)
	if s = l.Snapshot(10); s.Concurrents != 0 || len(s.Top) != 0 {
		t.Errorf("after the window: %+v", s)
	}
	// A tab that pings but shows no engagement for the idle dropout goes too.
	for i := 0; i <= int(LiveIdleDropout/(15*time.Second)); i++ {
		hit("p9", model.EventHeartbeat, nil)
		clock.Add(15 * time.Second)
	}
	hit("p9", model.EventHeartbeat, nil)
	if s = l.Snapshot(0); s.Concurrents != 0 {
		t.Errorf("idle tab still counted after %v", LiveIdleDropout)
	}
	// Comments per minute counts the last full minute.
	l.CommentPosted(clock.Now().Add(-time.Minute))
	msg, _ := json.Marshal(LiveHit{Time: clock.Now().Add(-time.Minute).UnixMilli(), Kind: KindComment}) // from another instance
	if err := l.ApplyJSON(msg); err != nil {
		t.Fatal(err)
	}
	if s = l.Snapshot(0); s.CommentsPerMinute != 2 {
		t.Errorf("comments per minute: %d", s.CommentsPerMinute)
	}
	if err := l.ApplyJSON([]byte("{")); err == nil {
		t.Error("malformed message accepted")
	}
}

// BenchmarkLiveMemory reports the heap the live state, the sessions and
// the collector's page-view map hold per tracked reader.
func BenchmarkLiveMemory(b *testing.B) {
	const readers = 100000
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		l := NewLive(LiveOptions{Now: func() time.Time { return now }})
		s := NewSessions(0)
		pvs := map[string]time.Time{}
		for i := range readers {
			pv := fmt.Sprintf("pv%010d", i)
			v := fmt.Sprintf("%016x", i)
			s.Resolve(v, "", now)
			pvs[pv] = now
			l.Apply(LiveHit{Time: now.UnixMilli(), Kind: model.EventPageview, PageviewID: pv, VisitorID: v,
				Path: fmt.Sprintf("/articles/story-%d", i%40), ArticleID: int64(1 + i%40), SourceClass: model.SourceSearch, SourceName: "Google"})
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/readers, "B/reader")
		if l.Snapshot(0).Concurrents != readers || s.Len() != readers || len(pvs) != readers {
			b.Fatal("lost readers")
		}
	}
}

// TestLiveCaps: one client cannot fill "readers now" (issue 5: 16,114 from
// one address), and a story is listed once however its hits' paths differ.
func TestLiveCaps(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 30, 0, time.UTC)}
	l := NewLive(LiveOptions{Now: clock.Now})
	hit := func(pv, visitor, address string, leave bool) {
		l.Apply(LiveHit{Time: clock.Now().UnixMilli(), Kind: model.EventPageview, PageviewID: pv, VisitorID: visitor, IPHash: address,
			Path: "/articles/a", ArticleID: 1, Leave: leave})
	}
	for i := range 50 { // one visitor, fifty tabs
		hit(fmt.Sprintf("same%03d", i), "v1", "a1", false)
	}
	if s := l.Snapshot(10); s.Concurrents != MaxLivePerVisitor || len(s.Top) != 1 {
		t.Fatalf("one visitor: %d readers, %d top entries", s.Concurrents, len(s.Top))
	}
	for i := range 1000 { // one address, user agent varied per hit
		hit(fmt.Sprintf("ua%04d", i), fmt.Sprintf("ua%04d", i), "a1", false)
	}
	if s := l.Snapshot(0); s.Concurrents != MaxLivePerAddress {
		t.Fatalf("one address: %d readers; want %d", s.Concurrents, MaxLivePerAddress)
	}
	if l.Capped() != 40+1000-(MaxLivePerAddress-MaxLivePerVisitor) {
		t.Errorf("capped %d", l.Capped())
	}
	// A tab left frees its place; readers on other addresses are not held back.
	hit("same000", "v1", "a1", true)
	hit("other1", "v9", "a9", false)
	hit("ua9999", "v8", "a1", false)
	if s := l.Snapshot(0); s.Concurrents != MaxLivePerAddress+1 {
		t.Errorf("after a leave: %d readers; want %d", s.Concurrents, MaxLivePerAddress+1)
	}
	// Dropped-out readers free their places too.
	clock.Add(time.Hour)
	l.Snapshot(0)
	hit("late0001", "v1", "a1", false)
	if s := l.Snapshot(0); s.Concurrents != 1 {
		t.Errorf("after an hour: %d readers", s.Concurrents)
	}
}

// TestLiveSlotsShownLater: slots a page shows after its pageview (the
// "most read now" widget, filled by the tracker, reported with a
// heartbeat) count as shown for click-through like the pageview's own.
func TestLiveSlotsShownLater(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	l := NewLive(LiveOptions{Now: func() time.Time { return now }})
	l.Apply(LiveHit{Time: now.UnixMilli(), Kind: model.EventPageview, PageviewID: "pvLater0001", VisitorID: "v1",
		Path: "/articles/a", ArticleID: 1, Slots: []string{"next-1"}})
	l.Apply(LiveHit{Time: now.UnixMilli() + 500, Kind: model.EventHeartbeat, PageviewID: "pvLater0001", VisitorID: "v1",
		Path: "/articles/a", ArticleID: 1, Slots: []string{"mostread-1", "mostread-2"}})
	l.Apply(LiveHit{Time: now.UnixMilli() + 900, Kind: model.EventClick, PageviewID: "pvLater0001", VisitorID: "v1",
		Path: "/articles/a", ArticleID: 1, Slot: "mostread-2"})
	got := map[string][2]int{}
	for _, s := range l.Snapshot(0).Slots {
		got[s.Slot] = [2]int{s.Shown, s.Clicks}
	}
	want := map[string][2]int{"next-1": {1, 0}, "mostread-1": {1, 0}, "mostread-2": {1, 1}}
	if len(got) != len(want) || got["next-1"] != want["next-1"] || got["mostread-1"] != want["mostread-1"] || got["mostread-2"] != want["mostread-2"] {
		t.Errorf("slots %v, want %v", got, want)
	}
}
