package api

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"masthead/internal/analytics/history"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestAdminAnalyticsStatsSchema: the stats answers, with figures in every
// table (recirculation out of and into a story included), have exactly the
// properties of the OpenAPI schema AnalyticsStats — TestOpenAPIMatchesHandlers
// sees only empty tables. A recirculation line carries from_article_id and
// target_article_id (0 when not grouped on), as a166a31 answered and the
// schema requires; merge 9832ba5 had made them omitempty.
func TestAdminAnalyticsStatsSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newAdminFixture(t, st)
		ctx := context.Background()
		var a, b AdminArticle
		for _, x := range []struct {
			headline string
			into     *AdminArticle
		}{{"Harbour plan", &a}, {"Ferry strike", &b}} {
			if rec := f.call(t, f.tokens["editor"], "POST", "/api/v1/admin/articles", `{"headline":"`+x.headline+`"}`, x.into); rec.Code != 201 {
				t.Fatalf("create: %d %s", rec.Code, rec.Body)
			}
		}
		at := time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)
		evs := []model.Event{
			{Time: at, Kind: model.EventPageview, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", SourceClass: model.SourceSocial, SourceName: "Bluesky", Device: model.DeviceMobile},
			{Time: at.Add(15 * time.Second), Kind: model.EventHeartbeat, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", EngagedSeconds: 12, ScrollDepth: 40},
			{Time: at.Add(20 * time.Second), Kind: model.EventClick, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", Slot: "more-2", TargetID: b.ID},
			{Time: at.Add(25 * time.Second), Kind: model.EventPageview, ArticleID: b.ID, VisitorID: "v1", SessionID: "s1", SourceClass: model.SourceInternal},
		}
		if err := st.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(f.do(t, "GET", "/api/openapi.json").Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		schema := map[string]any{"$ref": "#/components/schemas/AnalyticsStats"}
		id := func(x AdminArticle) string { return strconv.FormatInt(x.ID, 10) }
		for _, c := range []struct{ path, table string }{ // table: one that must have lines
			{"/api/v1/admin/analytics/stats?from=2026-03-31&to=2026-03-31", "recirculation_slots"},
			{"/api/v1/admin/analytics/articles/" + id(a) + "/stats?from=2026-03-31&to=2026-03-31", "recirculation_out"},
			{"/api/v1/admin/analytics/articles/" + id(b) + "/stats?from=2026-03-31&to=2026-03-31", "recirculation_in"},
		} {
			path := c.path
			var v map[string]any
			if rec := f.call(t, f.tokens["editor"], "GET", path, "", &v); rec.Code != 200 {
				t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
			}
			if rows, _ := v[c.table].([]any); len(rows) == 0 {
				t.Errorf("%s: no %s lines", path, c.table)
			}
			checkSchema(t, doc, path, schema, v)
		}
	})
}
