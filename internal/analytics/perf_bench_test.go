package analytics

import (
	"fmt"
	"testing"
	"time"

	"masthead/internal/model"
)

// benchBeacons are the two beacon shapes bench/analytics-load sends.
var benchBeacons = [][]byte{
	[]byte(`{"k":"pageview","p":"pv0000012345","u":"http://127.0.0.1:18431/articles/story-7?utm_source=bench","r":"https://www.google.com/","a":7,"w":1280,"l":["next-1","more-1"]}`),
	[]byte(`{"k":"heartbeat","p":"pv0000012345","u":"http://127.0.0.1:18431/articles/story-7","a":7,"e":11,"d":42}`),
}

// BenchmarkParseBeacon measures decoding and validating one beacon.
func BenchmarkParseBeacon(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseBeacon(benchBeacons[i&1]); err != nil {
			b.Fatal(err)
		}
	}
}

// liveWith returns a live state tracking n readers on 40 articles in 8
// sections, at now.
func liveWith(n int, now time.Time) *Live {
	l := NewLive(LiveOptions{Now: func() time.Time { return now }, Window: 10 * time.Minute})
	for i := range n {
		l.Apply(LiveHit{Time: now.UnixMilli(), Kind: model.EventPageview, PageviewID: fmt.Sprintf("pv%010d", i),
			VisitorID: fmt.Sprintf("%016x", i), IPHash: fmt.Sprintf("%016x", i), Path: fmt.Sprintf("/articles/story-%d", i%40),
			ArticleID: int64(1 + i%40), SectionID: int64(1 + i%8), SourceClass: model.SourceSearch, SourceName: "Google",
			Slots: []string{"next-1", "more-1"}, Scroll: i % 101})
	}
	return l
}

// BenchmarkLiveSnapshot measures one dashboard snapshot (top 20) with
// 100,000 readers tracked.
func BenchmarkLiveSnapshot(b *testing.B) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	l := liveWith(100000, now)
	b.ReportAllocs()
	for b.Loop() {
		if s := l.Snapshot(20); s.Concurrents != 100000 {
			b.Fatalf("%d readers", s.Concurrents)
		}
	}
}

// BenchmarkLiveApplyJSON measures applying one heartbeat from the realtime
// topic with 100,000 readers tracked.
func BenchmarkLiveApplyJSON(b *testing.B) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	l := liveWith(100000, now)
	msgs := make([][]byte, 1000)
	for i := range msgs {
		msgs[i] = fmt.Appendf(nil, `{"t":%d,"k":"heartbeat","p":"pv%010d","v":"%016x","i":"%016x","a":%d,"c":%d,"u":"/articles/story-%d","sc":"search","sn":"Google","e":5,"d":50}`,
			now.UnixMilli(), i*97, i*97, i*97, 1+i*97%40, 1+i*97%8, i*97%40)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := l.ApplyJSON(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
}
