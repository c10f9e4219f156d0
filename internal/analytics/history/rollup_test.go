package history

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// day0 is a Monday, 09:00 UTC.
var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func pv(at time.Time, article int64, visitor, session string, class model.SourceClass) model.Event {
	return model.Event{Time: at, Kind: model.EventPageview, ArticleID: article, VisitorID: visitor, SessionID: session,
		SourceClass: class, SourceName: map[model.SourceClass]string{model.SourceSearch: "Google"}[class], Device: model.DeviceMobile}
}

func hb(at time.Time, article int64, visitor, session string, engaged, depth int) model.Event {
	return model.Event{Time: at, Kind: model.EventHeartbeat, ArticleID: article, VisitorID: visitor, SessionID: session,
		EngagedSeconds: engaged, ScrollDepth: depth, SourceClass: model.SourceSearch, SourceName: "Google", Device: model.DeviceMobile}
}

func click(at time.Time, from int64, slot string, to int64) model.Event {
	return model.Event{Time: at, Kind: model.EventClick, ArticleID: from, Slot: slot, TargetID: to, VisitorID: "v", SessionID: "s"}
}

// sampleEvents: two readers on article 1 (one comes back, one goes on to
// article 2 through READ NEXT), a front view, and a reader the next day.
func sampleEvents() []model.Event {
	m := func(min int) time.Time { return day0.Add(time.Duration(min) * time.Minute) }
	return []model.Event{
		pv(m(0), 1, "va", "sa", model.SourceSearch),
		hb(m(0).Add(15*time.Second), 1, "va", "sa", 12, 30),
		hb(m(0).Add(30*time.Second), 1, "va", "sa", 15, 80),
		hb(m(0).Add(45*time.Second), 1, "va", "sa", 3, 60), // shallower than before: adds nothing
		click(m(1), 1, "next-1", 2),
		pv(m(1), 2, "va", "sa2", model.SourceInternal),
		pv(m(5), 1, "vb", "sb", model.SourceSearch),
		hb(m(6), 1, "vb", "sb", 9, 50),
		pv(m(70), 1, "va", "sa3", model.SourceSearch), // same visitor, same day, next hour
		pv(m(70), 0, "vc", "sc", model.SourceDirect),  // a front
		pv(m(24*60), 1, "va", "sa4", model.SourceSearch),
	}
}

func TestAggregateRules(t *testing.T) {
	d := Aggregate(sampleEvents(), time.UTC, nil)
	h0, h1 := day0.Unix(), day0.Add(time.Hour).Unix()
	next := day0.Add(24 * time.Hour).Unix()
	search := func(h, a int64) store.HourlyKey {
		return store.HourlyKey{Hour: h, ArticleID: a, SourceClass: "search", SourceName: "Google", Device: "mobile"}
	}
	want := map[store.HourlyKey]store.HourlyCounts{
		search(h0, 1): {Pageviews: 2, Visitors: 2, SiteVisitors: 2, Engaged: 12 + 15 + 3 + 9, ScrollSum: 80 + 50, ScrollCount: 2, SourceVisitors: 2},
		{Hour: h0, ArticleID: 2, SourceClass: "internal", Device: "mobile"}: {Pageviews: 1, Visitors: 1, SourceVisitors: 1},
		search(h1, 1): {Pageviews: 1},
		{Hour: h1, ArticleID: 0, SourceClass: "direct", Device: "mobile"}: {Pageviews: 1, Visitors: 1, SiteVisitors: 1, SourceVisitors: 1},
		search(next, 1): {Pageviews: 1, Visitors: 1, SiteVisitors: 1, SourceVisitors: 1},
	}
	got := map[store.HourlyKey]store.HourlyCounts{}
	for k, v := range d.Hourly {
		got[k] = *v
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hourly (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(map[store.RecircKey]int64{{Hour: h0, ArticleID: 1, Slot: "next-1", TargetID: 2}: 1}, d.Recirc); diff != "" {
		t.Errorf("recirculation (-want +got)\n%s", diff)
	}
	// Already-seen visitors and depths from earlier batches are respected.
	day := utcDay(day0)
	stored := map[store.SeenKey]int{
		{Day: day, Kind: seenArticleVisitor, Key: "vb", ArticleID: 1}: 0,
		{Day: day, Kind: seenSiteVisitor, Key: "vb"}:                  0,
		{Day: day, Kind: seenPageDepth, Key: "sb", ArticleID: 1}:      40,
	}
	for _, k := range dimKeys(sampleEvents()[6], day) {
		stored[k] = 0
	}
	d = Aggregate(sampleEvents()[6:8], time.UTC, stored)
	if c := *d.Hourly[search(h0, 1)]; c != (store.HourlyCounts{Pageviews: 1, Engaged: 9, ScrollSum: 10}) {
		t.Errorf("with stored seen rows: %+v", c)
	}
}

// TestAggregateScrollPerPageview: two page views of one story in one
// session (deepest 20 % and 100 %) average 60 %, as in the live view — not
// the session's deepest, 100 % (issue 5, scroll depth finding).
func TestAggregateScrollPerPageview(t *testing.T) {
	ev := func(at time.Time, pvID string, kind model.EventKind, depth int) model.Event {
		return model.Event{Time: at, Kind: kind, ArticleID: 5, VisitorID: "v", SessionID: "s", PageviewID: pvID, ScrollDepth: depth,
			SourceClass: model.SourceDirect, Device: model.DeviceDesktop}
	}
	events := []model.Event{
		ev(day0, "pvone001", model.EventPageview, 0),
		ev(day0.Add(15*time.Second), "pvone001", model.EventHeartbeat, 15),
		ev(day0.Add(30*time.Second), "pvone001", model.EventHeartbeat, 20),
		ev(day0.Add(time.Minute), "pvtwo001", model.EventPageview, 0),
		ev(day0.Add(75*time.Second), "pvtwo001", model.EventHeartbeat, 100),
	}
	d := Aggregate(events, time.UTC, nil)
	c := *d.Hourly[store.HourlyKey{Hour: day0.Unix(), ArticleID: 5, SourceClass: "direct", Device: "desktop"}]
	if c.ScrollCount != 2 || c.ScrollSum != 120 {
		t.Errorf("scroll sum %d over %d page views; want 120 over 2 (average 60 %%)", c.ScrollSum, c.ScrollCount)
	}
}

// In the site's zone: a pageview at 17:00 UTC is in the next day's first
// hour in UTC+8.
func TestAggregateHoursInSiteZone(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	kol, _ := time.LoadLocation("Asia/Kolkata")
	at := time.Date(2026, 3, 31, 17, 10, 0, 0, time.UTC)
	for loc, want := range map[*time.Location]string{sh: "2026-04-01T01:00:00+08:00", kol: "2026-03-31T22:00:00+05:30", time.UTC: "2026-03-31T17:00:00Z"} {
		d := Aggregate([]model.Event{pv(at, 1, "v", "s", model.SourceDirect)}, loc, nil)
		for k := range d.Hourly {
			if got := time.Unix(k.Hour, 0).In(loc).Format(time.RFC3339); got != want {
				t.Errorf("%s: hour %s, want %s", loc, got, want)
			}
		}
	}
}

func totals(t *testing.T, st *store.Store) map[string]store.HourlyCounts {
	t.Helper()
	rows, err := st.RollupTop(context.Background(), store.RollupFilter{From: 0, To: 1 << 40}, store.ByArticle, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.HourlyCounts{}
	for _, r := range rows {
		out[fmt.Sprint(r.ArticleID)] = r.HourlyCounts
	}
	hs, err := st.HourlyTotals(context.Background(), store.RollupFilter{From: 0, To: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	var all store.HourlyCounts
	for _, h := range hs {
		all.Add(h.HourlyCounts)
	}
	out["site"] = all
	// The daily tables hold the same totals as the hourly ones.
	ds, err := st.DailyTotals(context.Background(), 0, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	var daily store.HourlyCounts
	for _, d := range ds {
		daily.Add(d.HourlyCounts)
	}
	if daily != all {
		t.Errorf("daily totals %+v, hourly %+v", daily, all)
	}
	for _, dim := range []store.RollupDimension{store.ByArticle, store.BySource, store.ByDevice, store.ByCampaign} {
		h, err1 := st.RollupTop(context.Background(), store.RollupFilter{From: 0, To: 1 << 40}, dim, 0)
		d, err2 := st.DailyTop(context.Background(), 0, 1<<40, dim, 0)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for _, r := range h {
			out[fmt.Sprintf("hourly by %s %+v", dim, []string{r.SourceClass, r.SourceName, r.Campaign, r.Device})] = r.HourlyCounts
		}
		for _, r := range d {
			out[fmt.Sprintf("daily by %s %d %+v", dim, r.ArticleID, []string{r.SourceClass, r.SourceName, r.Campaign, r.Device})] = r.HourlyCounts
		}
		if dim != store.ByArticle {
			// Visitors differ by design: the hourly rows count a value's
			// visitors per article, the daily ones on the whole site.
			for i := range h {
				h[i].Visitors, h[i].SourceVisitors, h[i].CampaignVisitors = 0, 0, 0
			}
			for i := range d {
				d[i].Visitors = 0
			}
		}
		if diff := cmp.Diff(h, d); diff != "" {
			t.Errorf("by %s, hourly and daily differ (-hourly +daily)\n%s", dim, diff)
		}
	}
	return out
}

func TestRollerIncrementalLateAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		events := sampleEvents()
		// Reference: everything in one batch on a fresh store.
		ref := Aggregate(events, time.UTC, nil)

		// Stored in three flushes, rolled up in batches of 2 between them,
		// the second flush holding a late event for the first hour.
		r := NewRoller(st, time.UTC, nil)
		r.Batch = 2
		late := events[3]
		first := append(append([]model.Event{}, events[:3]...), events[4:7]...)
		for _, part := range [][]model.Event{first, {late}, events[7:]} {
			if err := st.InsertEvents(ctx, part); err != nil {
				t.Fatal(err)
			}
			if _, err := r.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got := totals(t, st)
		var want store.HourlyCounts
		for _, c := range ref.Hourly {
			want.Add(*c)
		}
		// Source visitors come out the same in batches as in one.
		var bySource int64
		for k, c := range got {
			if strings.HasPrefix(k, "hourly by source") {
				bySource += c.Visitors
			}
		}
		if bySource != want.SourceVisitors || want.SourceVisitors == 0 {
			t.Errorf("source visitors %d in batches, %d in one", bySource, want.SourceVisitors)
		}
		want.SourceVisitors, want.CampaignVisitors = 0, 0 // not in the totals
		if diff := cmp.Diff(want, got["site"]); diff != "" {
			t.Errorf("site totals (-want +got)\n%s", diff)
		}
		if got["1"].Visitors != 3 || got["1"].Pageviews != 4 || got["1"].ScrollSum != 130 || got["1"].Engaged != 39 {
			t.Errorf("article 1: %+v", got["1"])
		}
		// Nothing new: catching up again changes nothing.
		if n, err := r.CatchUp(ctx); err != nil || n != 0 {
			t.Errorf("second catch-up read %d events, %v", n, err)
		}
		if diff := cmp.Diff(got, totals(t, st)); diff != "" {
			t.Errorf("rollup moved without new events\n%s", diff)
		}
		// A second process with a stale watermark writes nothing.
		err := st.ApplyRollup(ctx, Aggregate(events, time.UTC, nil), 0, 99)
		if err != store.ErrRollupMoved {
			t.Errorf("stale apply: %v", err)
		}
		if diff := cmp.Diff(got, totals(t, st)); diff != "" {
			t.Errorf("stale apply changed the rollups\n%s", diff)
		}
		rec, err := st.RecircTop(ctx, store.RollupFilter{From: 0, To: 1 << 40, ArticleID: 2}, store.RecircIn, 0)
		if err != nil || len(rec) != 1 || rec[0] != (store.RecircRow{ArticleID: 1, Slot: "next-1", Clicks: 1}) {
			t.Errorf("recirculation in: %+v, %v", rec, err)
		}
	})
}

// TestRebuild: recomputing days from raw events gives what the incremental
// rollup gave, repairs damage, is idempotent, and leaves events the roller
// has not reached to the roller.
func TestRebuild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		evs := sampleEvents()
		if err := st.InsertEvents(ctx, evs[:8]); err != nil {
			t.Fatal(err)
		}
		r := NewRoller(st, time.UTC, nil)
		if _, err := r.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		want := totals(t, st)
		// Damage: counts added twice.
		if err := st.AddRollup(ctx, Aggregate(evs[:8], time.UTC, nil)); err != nil {
			t.Fatal(err)
		}
		if totals(t, st)["site"] == want["site"] {
			t.Fatal("damage did not change the rollups")
		}
		// Events stored after the last roll-up are the roller's, not the rebuild's.
		if err := st.InsertEvents(ctx, evs[8:]); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			n, err := Rebuild(ctx, st, time.UTC, day0, day0.AddDate(0, 0, 1), nil)
			if err != nil || n != 8 {
				t.Fatalf("rebuild %d: %d events, %v", i, n, err)
			}
			if d := cmp.Diff(want, totals(t, st)); d != "" {
				t.Errorf("rebuild %d (-want +got)\n%s", i, d)
			}
		}
		if _, err := r.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		all := Aggregate(evs, time.UTC, nil)
		var site store.HourlyCounts
		for _, c := range all.Hourly {
			site.Add(*c)
		}
		site.SourceVisitors, site.CampaignVisitors = 0, 0 // not in the totals
		if got := totals(t, st)["site"]; got != site {
			t.Errorf("after rebuild and catch-up: %+v, want %+v", got, site)
		}
		if _, err := Rebuild(ctx, st, time.UTC, day0, day0.AddDate(0, 0, -1), nil); err == nil {
			t.Error("reversed range accepted")
		}
	})
}
