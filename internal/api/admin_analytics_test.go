package api

import (
	"context"
	"strconv"
	"testing"
	"time"

	"masthead/internal/analytics/history"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestAdminAnalyticsStats: the stats endpoints answer the rolled-up
// figures to tokens whose role may view analytics, 403 to others, 400 for
// bad dates and periods, 404 for unknown articles.
func TestAdminAnalyticsStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		var a AdminArticle
		if rec := f.call(t, f.tokens["editor"], "POST", "/api/v1/admin/articles", `{"headline":"Harbour plan"}`, &a); rec.Code != 201 {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		at := time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)
		evs := []model.Event{
			{Time: at, Kind: model.EventPageview, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", SourceClass: model.SourceSocial, SourceName: "Bluesky", Device: model.DeviceMobile},
			{Time: at.Add(15 * time.Second), Kind: model.EventHeartbeat, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", EngagedSeconds: 12, ScrollDepth: 40,
				SourceClass: model.SourceSocial, SourceName: "Bluesky", Device: model.DeviceMobile},
			{Time: at.Add(20 * time.Second), Kind: model.EventClick, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", Slot: "more-2", TargetID: 99},
		}
		if err := st.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		var js history.JSONStats
		rec := f.call(t, f.tokens["editor"], "GET", "/api/v1/admin/analytics/stats?from=2026-03-31&to=2026-03-31", "", &js)
		if rec.Code != 200 || js.Totals.Pageviews != 1 || js.Totals.Visitors != 1 || js.Totals.EngagedSeconds != 12 || js.Totals.AvgScrollPercent != 40 ||
			len(js.Articles) != 1 || js.Articles[0].Headline != "Harbour plan" || js.Sources[0].SourceName != "Bluesky" || js.Slots[0].Slot != "more-2" {
			t.Fatalf("site stats: %d %s", rec.Code, rec.Body)
		}
		js = history.JSONStats{}
		id := strconv.FormatInt(a.ID, 10)
		rec = f.call(t, f.tokens["editor"], "GET", "/api/v1/admin/analytics/articles/"+id+"/stats?from=2026-03-30&to=2026-04-06&period=week", "", &js)
		if rec.Code != 200 || js.ArticleID != a.ID || len(js.Series) != 2 || js.Series[0].Pageviews != 1 || len(js.Out) != 1 || js.Out[0].TargetID != 99 {
			t.Fatalf("article stats: %d %s", rec.Code, rec.Body)
		}
		if rec := f.call(t, f.tokens["contributor"], "GET", "/api/v1/admin/analytics/stats", "", nil); rec.Code != 403 {
			t.Errorf("contributor: %d", rec.Code)
		}
		if rec := f.call(t, "", "GET", "/api/v1/admin/analytics/stats", "", nil); rec.Code != 401 {
			t.Errorf("no token: %d", rec.Code)
		}
		for _, q := range []string{"?period=year", "?from=31.03.2026", "?to=x", "?from=2026-04-02&to=2026-04-01", "?from=2026-01-01&to=2026-03-01&period=hour"} {
			if rec := f.call(t, f.tokens["editor"], "GET", "/api/v1/admin/analytics/stats"+q, "", nil); rec.Code != 400 {
				t.Errorf("%s: %d %s", q, rec.Code, rec.Body)
			}
		}
		if rec := f.call(t, f.tokens["editor"], "GET", "/api/v1/admin/analytics/articles/999999/stats", "", nil); rec.Code != 404 {
			t.Errorf("unknown article: %d", rec.Code)
		}
	})
}
