package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics/history"
	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/model"
	"masthead/internal/store/storetest"
)

// reportsFixture is eachAdmin with the site in time zone tz.
func reportsFixture(t *testing.T, tz string, fn func(t *testing.T, f *adminFixture)) {
	reportsSite(t, tz, AnalyticsOptions{}, func(t *testing.T, f *adminFixture, _ *Site) { fn(t, f) })
}

// reportsSite is reportsFixture with analytics options, also handing over
// the site (to flush its collector).
func reportsSite(t *testing.T, tz string, ao AnalyticsOptions, fn func(t *testing.T, f *adminFixture, site *Site)) {
	reportsSiteLog(t, tz, Options{Analytics: ao}, nil, fn)
}

// reportsSiteLog is reportsSite with site options o (its clock and
// accounts are the fixture's) logging to h (nil: nowhere).
func reportsSiteLog(t *testing.T, tz string, o Options, h slog.Handler, fn func(t *testing.T, f *adminFixture, site *Site)) {
	if h == nil {
		h = slog.NewTextHandler(io.Discard, nil)
	}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &adminClock{t: time.Now().UTC()}
			st := storetest.Open(t, d, clk.now)
			cfg := config.Defaults()
			cfg.BaseURL, cfg.TimeZone = "https://news.example.com", tz
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			log := slog.New(h)
			p := auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
			svc := auth.New(st, auth.Options{Now: clk.now, Params: &p, Secure: true, Log: log})
			o.Now, o.Auth = clk.now, svc
			site, err := New(st, &cfg, log, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range [][3]string{{"ana@example.com", "Ana Ruiz", "editor"}, {"ben@example.com", "Ben Ode", "analyst"}} {
				if _, err := svc.AddUser(context.Background(), u[0], u[1], u[2], "right password"); err != nil {
					t.Fatal(err)
				}
			}
			fn(t, &adminFixture{st: st, auth: svc, h: site.Handler(), clk: clk}, site)
		})
	}
}

// TestAnalyticsReports: events rolled up in a UTC+8 site show in every
// panel of the site and article reports on the site's dates — a hit at
// 17:00 UTC on 31 March is on 1 April — as HTML with SVG charts, CSV and
// JSON; bad input is 400, roles without analytics 403.
func TestAnalyticsReports(t *testing.T) {
	reportsFixture(t, "Asia/Shanghai", func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour <plan>", "action", "publish"))
		b := post(t, f, ana, "/admin/articles", n.form("Ferry strike", "action", "publish"))
		late := time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)  // 01:00 on 1 April in Shanghai
		early := time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC) // 23:00 on 31 March
		ev := []model.Event{
			{Time: early, Kind: model.EventPageview, ArticleID: a.ID, VisitorID: "v1", SessionID: "s1", SourceClass: model.SourceDirect, Device: model.DeviceDesktop},
			{Time: late, Kind: model.EventPageview, ArticleID: a.ID, VisitorID: "v2", SessionID: "s2", SourceClass: model.SourceSearch, SourceName: "Google",
				UTMCampaign: "spring", Device: model.DeviceMobile},
			{Time: late.Add(15 * time.Second), Kind: model.EventHeartbeat, ArticleID: a.ID, VisitorID: "v2", SessionID: "s2", EngagedSeconds: 14, ScrollDepth: 75,
				SourceClass: model.SourceSearch, SourceName: "Google", UTMCampaign: "spring", Device: model.DeviceMobile},
			{Time: late.Add(20 * time.Second), Kind: model.EventClick, ArticleID: a.ID, VisitorID: "v2", SessionID: "s2", Slot: "next-1", TargetID: b.ID},
			{Time: late.Add(21 * time.Second), Kind: model.EventPageview, ArticleID: b.ID, VisitorID: "v2", SessionID: "s2", SourceClass: model.SourceInternal, Device: model.DeviceMobile},
			{Time: early, Kind: model.EventPageview, ArticleID: 424242, VisitorID: "v9", SessionID: "s9", SourceClass: model.SourceDirect, Device: model.DeviceDesktop},
		}
		if err := f.st.InsertEvents(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(f.st, time.FixedZone("UTC+8", 8*3600), nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		ben := signIn(t, f, "ben@example.com") // analyst

		// JSON: the series puts each hit on its Shanghai date.
		res, body := ben.do(t, "GET", "/admin/analytics/reports?from=2026-03-31&to=2026-04-01&format=json", nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("json: %d %s", res.StatusCode, body)
		}
		var js history.JSONStats
		if err := json.Unmarshal([]byte(body), &js); err != nil {
			t.Fatal(err)
		}
		if len(js.Series) != 2 || js.Series[0].Start != "2026-03-31T00:00:00+08:00" || js.Series[0].Pageviews != 2 || js.Series[1].Pageviews != 2 ||
			js.Totals.Pageviews != 4 || js.Totals.Visitors != 3 || js.TimeZone != "Asia/Shanghai" {
			t.Errorf("series/totals: %+v", js)
		}
		// Every panel for 1 April alone: the 17:00 UTC hit is in, the 15:00 UTC one is not.
		_, body = ben.do(t, "GET", "/admin/analytics/reports?from=2026-04-01&to=2026-04-01&format=json", nil)
		js = history.JSONStats{}
		json.Unmarshal([]byte(body), &js)
		if len(js.Articles) != 2 || js.Articles[0].Pageviews != 1 || len(js.Sources) != 2 || js.Sources[0].SourceClass == "direct" ||
			len(js.Campaigns) != 1 || js.Campaigns[0].Name != "spring" || len(js.Devices) != 1 || js.Devices[0].Name != "mobile" ||
			len(js.Slots) != 1 || js.Slots[0].Clicks != 1 {
			t.Errorf("1 April panels: %s", body)
		}
		_, body = ben.do(t, "GET", "/admin/analytics/reports?from=2026-03-31&to=2026-03-31&format=json", nil)
		js = history.JSONStats{}
		json.Unmarshal([]byte(body), &js)
		if js.Totals.Pageviews != 2 || len(js.Sources) != 1 || js.Sources[0].SourceClass != "direct" || len(js.Slots) != 0 {
			t.Errorf("31 March panels: %s", body)
		}

		// HTML: SVG charts with title and desc, headline escaped, link to the article report.
		res, page := ben.do(t, "GET", "/admin/analytics/reports?from=2026-03-31&to=2026-04-01", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("html: %d %s", res.StatusCode, page)
		}
		for _, want := range []string{`<svg`, `role="img"`, `<title id="pageviews-title">Pageviews by day</title>`, `Harbour &lt;plan&gt;`,
			`href="/admin/analytics/reports/articles/` + itoa(a.ID) + `?from=2026-03-31&amp;to=2026-04-01&amp;period=day"`, "search: Google", "Tue 31 Mar", "Wed 1 Apr",
			"<td>READ NEXT 1</td>"} { // the live view's slot labels (issue 5 finding 8)
			if !strings.Contains(page, want) {
				t.Errorf("report page lacks %q", want)
			}
		}
		if strings.Contains(page, "<script") {
			t.Error("report page has a script")
		}
		if !strings.Contains(page, `<td class="headline">article 424242 (deleted)</td>`) {
			t.Error("a deleted article is not shown without a link")
		}

		// Article report: engaged time, scroll depth, recirculation out and in.
		_, page = ben.do(t, "GET", "/admin/analytics/reports/articles/"+itoa(a.ID)+"?from=2026-03-31&to=2026-04-01", nil)
		for _, want := range []string{"Report: Harbour &lt;plan&gt;", "7 s", "75%", "Where readers went next", "Ferry strike", "<td>READ NEXT 1</td>"} {
			if !strings.Contains(page, want) {
				t.Errorf("article report lacks %q", want)
			}
		}
		_, body = ben.do(t, "GET", "/admin/analytics/reports/articles/"+itoa(b.ID)+"?from=2026-03-31&to=2026-04-01&format=csv&table=in", nil)
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][0] != itoa(a.ID) || recs[1][1] != "Harbour <plan>" || recs[1][2] != "next-1" || recs[1][3] != "1" {
			t.Errorf("recirculation in CSV: %q %v", recs, err)
		}

		// CSV of the top articles.
		res, body = ben.do(t, "GET", "/admin/analytics/reports?from=2026-03-31&to=2026-04-01&format=csv&table=articles", nil)
		recs, err = csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(recs) != 4 ||
			strings.Join(recs[0], ",") != "article_id,headline,pageviews,visitors,engaged_seconds,avg_engaged_seconds,avg_scroll_percent" ||
			strings.Join(recs[1], ",") != itoa(a.ID)+",Harbour <plan>,2,2,14,7.0,75.0" {
			t.Errorf("articles CSV: %q %v", recs, err)
		}
		if !strings.Contains(res.Header.Get("Content-Disposition"), `filename="site-articles-2026-03-31-to-2026-04-01.csv"`) {
			t.Errorf("disposition %q", res.Header.Get("Content-Disposition"))
		}

		for _, bad := range []string{"?from=yesterday", "?from=2026-04-02&to=2026-04-01", "?period=year", "?format=xml",
			"?format=csv&table=secrets", "?from=2026-01-01&to=2026-03-01&period=hour", "?format=csv&table=in"} {
			if res, _ := ben.do(t, "GET", "/admin/analytics/reports"+bad, nil); res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", bad, res.StatusCode)
			}
		}
		if res, _ := ben.do(t, "GET", "/admin/analytics/reports/articles/999999", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("missing article: %d", res.StatusCode)
		}
		if _, err := f.auth.AddUser(ctx, "mo@example.com", "Mo Derate", "moderator", "right password"); err != nil {
			t.Fatal(err)
		}
		mo := signIn(t, f, "mo@example.com")
		for _, p := range []string{"/admin/analytics/reports", "/admin/analytics/reports/articles/" + itoa(a.ID), "/admin/analytics/reports?format=json"} {
			if res, _ := mo.do(t, "GET", p, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("moderator %s: %d", p, res.StatusCode)
			}
		}
		if res, _ := f.browser("192.0.2.99").do(t, "GET", "/admin/analytics/reports", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d", res.StatusCode)
		}
	})
}

// TestAnalyticsReportsAcrossDST: in New York the day clocks spring forward
// has 23 hours and the day they fall back 25, in the series by day and by
// hour; a hit at 04:30 UTC is on the previous local day.
func TestAnalyticsReportsAcrossDST(t *testing.T) {
	reportsFixture(t, "America/New_York", func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		ny, _ := time.LoadLocation("America/New_York")
		var evs []model.Event
		for _, at := range []time.Time{
			time.Date(2026, 3, 8, 4, 30, 0, 0, time.UTC),  // 23:30 on 7 March in New York
			time.Date(2026, 3, 8, 6, 59, 0, 0, time.UTC),  // 01:59 EST, just before the change
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),   // 03:00 EDT
			time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), // 01:30 EDT
			time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), // 01:30 EST, the repeated hour
		} {
			evs = append(evs, model.Event{Time: at, Kind: model.EventPageview, ArticleID: 1, VisitorID: at.Format("150405"), SessionID: "s", Device: model.DeviceDesktop})
		}
		if err := f.st.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(f.st, ny, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		ben := signIn(t, f, "ben@example.com")
		get := func(q string) history.JSONStats {
			t.Helper()
			res, body := ben.do(t, "GET", "/admin/analytics/reports?format=json&"+q, nil)
			var js history.JSONStats
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &js) != nil {
				t.Fatalf("%s: %d %s", q, res.StatusCode, body)
			}
			return js
		}
		length := func(p history.JSONPeriod) time.Duration {
			a, _ := time.Parse(time.RFC3339, p.Start)
			b, _ := time.Parse(time.RFC3339, p.End)
			return b.Sub(a)
		}
		js := get("from=2026-03-07&to=2026-03-08")
		if len(js.Series) != 2 || js.Series[0].Pageviews != 1 || js.Series[1].Pageviews != 2 || length(js.Series[1]) != 23*time.Hour {
			t.Errorf("spring forward by day: %+v", js.Series)
		}
		js = get("from=2026-03-08&to=2026-03-08&period=hour")
		if len(js.Series) != 23 || js.Series[1].Pageviews != 1 || js.Series[1].Start != "2026-03-08T01:00:00-05:00" ||
			js.Series[2].Start != "2026-03-08T03:00:00-04:00" || js.Series[2].Pageviews != 1 {
			t.Errorf("spring forward by hour: %d hours %+v", len(js.Series), js.Series[:3])
		}
		js = get("from=2026-11-01&to=2026-11-01&period=hour")
		if len(js.Series) != 25 || js.Series[1].Pageviews != 1 || js.Series[2].Pageviews != 1 ||
			js.Series[1].Start != "2026-11-01T01:00:00-04:00" || js.Series[2].Start != "2026-11-01T01:00:00-05:00" {
			t.Errorf("fall back by hour: %d hours", len(js.Series))
		}
		js = get("from=2026-11-01&to=2026-11-01")
		if len(js.Series) != 1 || js.Series[0].Pageviews != 2 || length(js.Series[0]) != 25*time.Hour || js.Totals.Visitors != 2 {
			t.Errorf("fall back by day: %+v", js.Series)
		}
	})
}
