package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics/history"
)

// TestReportsSlotsShownFromBeacons: the slots a pageview lists and those the
// "most read now" widget sends with its heartbeat once filled are stored
// with the raw events through the real /hit collector, rolled up, and the
// report's recirculation panel shows shown, clicks and click-through per
// slot (issue 5 tester finding 8).
func TestReportsSlotsShownFromBeacons(t *testing.T) {
	reportsSite(t, "UTC", AnalyticsOptions{}, func(t *testing.T, f *adminFixture, site *Site) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan", "action", "publish"))
		u := `"u":"https://news.example.com/articles/` + a.Slug + `"`
		for i, ip := range []string{"203.0.113.7", "203.0.113.8"} {
			pv := `"p":"pvShown00` + string(rune('1'+i)) + `"`
			beaconFrom(t, f.h, ip, readerUA, `{"k":"pageview",`+pv+`,`+u+`,"r":"","w":1280,"l":["next-1","more-1"]}`)
			beaconFrom(t, f.h, ip, readerUA, `{"k":"heartbeat",`+pv+`,`+u+`,"e":0,"l":["mostread-1","mostread-2"]}`)
		}
		beaconFrom(t, f.h, "203.0.113.7", readerUA, `{"k":"click","p":"pvShown001",`+u+`,"s":"mostread-2","t":"/articles/`+a.Slug+`"}`)
		if err := site.FlushAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := history.NewRoller(f.st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		day := f.clk.now().UTC().Format(time.DateOnly)
		ben := signIn(t, f, "ben@example.com")
		_, body := ben.do(t, "GET", "/admin/analytics/reports?from="+day+"&to="+day+"&format=json", nil)
		var js history.JSONStats
		if err := json.Unmarshal([]byte(body), &js); err != nil {
			t.Fatalf("%v %s", err, body)
		}
		got := map[string][2]int64{}
		for _, s := range js.Slots {
			got[s.Slot] = [2]int64{s.Shown, s.Clicks}
		}
		want := map[string][2]int64{"next-1": {2, 0}, "more-1": {2, 0}, "mostread-1": {2, 0}, "mostread-2": {2, 1}}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("slot %s: shown/clicks %v, want %v (all: %s)", k, got[k], w, body)
			}
		}
		_, page := ben.do(t, "GET", "/admin/analytics/reports?from="+day+"&to="+day, nil)
		if !strings.Contains(page, "Most read now 2</td><td>2</td><td>1</td><td>50.0 %</td>") {
			i := strings.Index(page, `id="h-slots"`)
			t.Errorf("no row 'Most read now 2 | 2 | 1 | 50.0 %%' in the recirculation panel: %.1200s", page[max(i, 0):])
		}
	})
}
