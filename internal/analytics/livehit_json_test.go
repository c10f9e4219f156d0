package analytics

import (
	"encoding/json"
	"reflect"
	"testing"

	"masthead/internal/model"
)

// FuzzLiveHitJSON: what AppendJSON writes, encoding/json reads back as
// the same hit, and decodeLiveHit reads what encoding/json writes (or
// declines it) as encoding/json does.
func FuzzLiveHitJSON(f *testing.F) {
	f.Add(int64(1780000000000), "pageview", "pv0000000001", "0123abcd", "ffee", int64(7), int64(2), "/articles/a", "search", "Google", 5, 50, "", "next-1", true)
	f.Add(int64(-1), "click", "p\"\\\n\x01<>&\u2028é", "", "", int64(0), int64(-3), "", "", "", 0, 0, "more-2", "", false)
	f.Add(int64(0), "\xff", "", "", "", int64(0), int64(0), "", "", "", 0, 0, "", "", false)
	f.Fuzz(func(t *testing.T, tm int64, kind, pv, visitor, ip string, art, sec int64, path, class, name string, eng, scroll int, slot, slot0 string, leave bool) {
		h := LiveHit{Time: tm, Kind: model.EventKind(kind), PageviewID: pv, VisitorID: visitor, IPHash: ip, ArticleID: art, SectionID: sec,
			Path: path, SourceClass: model.SourceClass(class), SourceName: name, Engaged: eng, Scroll: scroll, Slot: slot, Leave: leave, Referred: name != "" && !leave}
		if slot0 != "" {
			h.Slots = []string{slot0, slot}
		}
		var viaStd LiveHit
		if err := json.Unmarshal(h.AppendJSON(nil), &viaStd); err != nil {
			t.Fatalf("AppendJSON wrote what encoding/json refuses: %v: %s", err, h.AppendJSON(nil))
		}
		std, _ := json.Marshal(h)
		var want LiveHit
		json.Unmarshal(std, &want)
		if !reflect.DeepEqual(viaStd, want) {
			t.Fatalf("AppendJSON %+v; encoding/json %+v", viaStd, want)
		}
		var got LiveHit
		if decodeLiveHit(std, &got) && !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeLiveHit %+v; encoding/json %+v", got, want)
		}
		got = LiveHit{}
		if !decodeLiveHit(h.AppendJSON(nil), &got) || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeLiveHit of AppendJSON %+v; want %+v", got, want)
		}
	})
}

func TestDecodeLiveHitDeclines(t *testing.T) {
	for _, msg := range []string{`{"t":1,"new":2}`, `{"t":1.5}`, `{"x":1}`, `[]`, `{"t":1}x`, "{\"u\":\"\xff\"}"} {
		var h LiveHit
		if decodeLiveHit([]byte(msg), &h) {
			t.Errorf("%s: decoded as %+v", msg, h)
		}
	}
	// ApplyJSON still takes a message with a key this version does not know.
	l := NewLive(LiveOptions{})
	if err := l.ApplyJSON([]byte(`{"t":1,"k":"pageview","p":"pv1","v":"v","u":"/","future":{"a":[1]}}`)); err != nil || len(l.readers) != 1 {
		t.Errorf("unknown key: %v, %d readers", err, len(l.readers))
	}
}
