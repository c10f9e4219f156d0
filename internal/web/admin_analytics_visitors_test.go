package web

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"masthead/internal/analytics/history"
)

// TestReportsVisitorsPerSource: one reader who comes to a story from a
// search engine and later the same day from a social network is one visitor
// of the site, and one visitor in each source row (and each campaign row) —
// not a social row with a pageview and 0 visitors — on the site report and
// the article's report. Beacons go through the real router.
func TestReportsVisitorsPerSource(t *testing.T) {
	reportsSite(t, "UTC", AnalyticsOptions{}, func(t *testing.T, f *adminFixture, site *Site) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan", "action", "publish"))
		page := "https://news.example.com/articles/" + a.Slug
		beaconFrom(t, f.h, "203.0.113.7", readerUA,
			`{"k":"pageview","p":"pvVisitor01","u":"`+page+`?utm_campaign=morning","r":"https://www.google.com/","w":1280}`)
		f.clk.add(40 * time.Minute) // a new session, same day
		beaconFrom(t, f.h, "203.0.113.7", readerUA,
			`{"k":"pageview","p":"pvVisitor02","u":"`+page+`?utm_campaign=evening","r":"https://www.facebook.com/","w":1280}`)
		if err := site.FlushAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(f.st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		day := f.clk.now().UTC().Format(time.DateOnly)
		ben := signIn(t, f, "ben@example.com")
		for _, path := range []string{"/admin/analytics/reports", "/admin/analytics/reports/articles/" + itoa(a.ID)} {
			_, body := ben.do(t, "GET", path+"?from="+day+"&to="+day+"&format=json", nil)
			var js history.JSONStats
			if err := json.Unmarshal([]byte(body), &js); err != nil {
				t.Fatalf("%s: %v %s", path, err, body)
			}
			if js.Totals.Pageviews != 2 || js.Totals.Visitors != 1 {
				t.Errorf("%s: totals %+v, want 2 pageviews by 1 visitor", path, js.Totals)
			}
			src := map[string][2]int64{}
			for _, s := range js.Sources {
				src[s.SourceClass] = [2]int64{s.Pageviews, s.Visitors}
			}
			if len(src) != 2 || src["search"] != [2]int64{1, 1} || src["social"] != [2]int64{1, 1} {
				t.Errorf("%s: sources %+v, want search and social with 1 pageview and 1 visitor each", path, js.Sources)
			}
			camp := map[string][2]int64{}
			for _, c := range js.Campaigns {
				camp[c.Name] = [2]int64{c.Pageviews, c.Visitors}
			}
			if len(camp) != 2 || camp["morning"] != [2]int64{1, 1} || camp["evening"] != [2]int64{1, 1} {
				t.Errorf("%s: campaigns %+v", path, js.Campaigns)
			}
			if len(js.Devices) != 1 || js.Devices[0].Pageviews != 2 || js.Devices[0].Visitors != 1 {
				t.Errorf("%s: devices %+v", path, js.Devices)
			}
			if len(js.Countries) != 1 || js.Countries[0].Visitors != 1 {
				t.Errorf("%s: countries %+v", path, js.Countries)
			}
		}
	})
}
