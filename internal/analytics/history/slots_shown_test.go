package history

import (
	"context"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestReportSlotImpressions: the pageview's slots and the tracker's
// follow-up "slots" event are rolled up as impressions, so a report gives
// per slot how often it was shown, clicked and the click-through (issue 5
// finding 8); a rebuild counts the same.
func TestReportSlotImpressions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		ev := []model.Event{
			{Time: at, Kind: model.EventPageview, ArticleID: 7, VisitorID: "v1", SessionID: "s1", PageviewID: "pv000001", Slots: []string{"next-1", "more-1"}},
			{Time: at.Add(time.Second), Kind: model.EventHeartbeat, ArticleID: 7, VisitorID: "v1", SessionID: "s1", PageviewID: "pv000001", Slots: []string{"mostread-1"}},
			{Time: at.Add(time.Minute), Kind: model.EventPageview, ArticleID: 7, VisitorID: "v2", SessionID: "s2", PageviewID: "pv000002", Slots: []string{"next-1"}},
			{Time: at.Add(2 * time.Minute), Kind: model.EventClick, ArticleID: 7, VisitorID: "v2", SessionID: "s2", Slot: "next-1", TargetID: 8},
			{Time: at.Add(3 * time.Minute), Kind: model.EventPageview, ArticleID: 0, VisitorID: "v3", SessionID: "s3", PageviewID: "pv000003", Slots: []string{"front-1"}},
		}
		if err := st.InsertEvents(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			r, _ := ParseRange("2026-03-02", "2026-03-02", "day", at, time.UTC)
			rep, err := Build(ctx, st, r, 0, TopN)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][2]int64{"next-1": {2, 1}, "more-1": {1, 0}, "mostread-1": {1, 0}, "front-1": {1, 0}}
			if len(rep.Slots) != len(want) || rep.Slots[0].Slot != "next-1" {
				t.Fatalf("%s: slots %+v", when, rep.Slots)
			}
			for _, s := range rep.Slots {
				if w := want[s.Slot]; s.Shown != w[0] || s.Clicks != w[1] {
					t.Errorf("%s: %s shown %d clicks %d, want %v", when, s.Slot, s.Shown, s.Clicks, w)
				}
			}
			if rep.Totals.Pageviews != 3 {
				t.Errorf("%s: the slots event counted as a pageview: %d", when, rep.Totals.Pageviews)
			}
			js := JSON(rep, false, nil)
			if js.Slots[0].ClickThrough == nil || *js.Slots[0].ClickThrough != 50 || js.Slots[0].Shown != 2 {
				t.Errorf("%s: JSON %+v", when, js.Slots[0])
			}
			art, _ := Build(ctx, st, r, 7, TopN)
			if len(art.Slots) != 3 {
				t.Errorf("%s: article 7's slots %+v", when, art.Slots)
			}
		}
		check("rolled up")
		if _, err := Rebuild(ctx, st, time.UTC, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), nil); err != nil {
			t.Fatal(err)
		}
		check("rebuilt")
	})
}
