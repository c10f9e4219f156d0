package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/analytics/geoiptest"
	"masthead/internal/analytics/history"
	"masthead/internal/model"
)

// beaconFrom posts a tracker beacon to the real router as a reader at ip
// with user agent ua would.
func beaconFrom(t *testing.T, h http.Handler, ip, ua, body string) {
	t.Helper()
	req := httptest.NewRequest("POST", "/hit", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "https://news.example.com")
	req.RemoteAddr = ip + ":50000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("beacon from %s: %d %s", ip, rec.Code, rec.Body)
	}
}

// TestReportsCountries: with a GeoIP database (a real .mmdb written by
// MaxMind's writer), a pageview's country is looked up from the client
// address, stored with the event, rolled up, and shown in the Countries
// panel of the site and article reports, their CSV and JSON.
func TestReportsCountries(t *testing.T) {
	db := geoiptest.Write(t, map[string]string{"203.0.113.0/24": "DE", "198.51.100.0/24": "BR"})
	geo, err := analytics.OpenGeoIP(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { geo.Close() })
	reportsSite(t, "Europe/Berlin", AnalyticsOptions{Countries: geo}, func(t *testing.T, f *adminFixture, site *Site) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan", "action", "publish"))
		pv := func(id string) string {
			return `{"k":"pageview","p":"` + id + `","u":"https://news.example.com/articles/` + a.Slug + `","r":"","w":1280}`
		}
		beaconFrom(t, f.h, "203.0.113.7", readerUA, pv("pvCountry001"))
		beaconFrom(t, f.h, "203.0.113.8", readerUA, pv("pvCountry002"))
		beaconFrom(t, f.h, "198.51.100.3", readerUA, pv("pvCountry003"))
		beaconFrom(t, f.h, "192.0.2.44", readerUA, pv("pvCountry004")) // not in the database
		if err := site.FlushAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		now := f.clk.now()
		countries := map[string]int{}
		f.st.AnalyticsEvents(ctx, now.Add(-time.Hour), now.Add(time.Hour), func(e model.Event) error {
			countries[e.Country]++
			return nil
		})
		if countries["DE"] != 2 || countries["BR"] != 1 || countries[""] != 1 {
			t.Fatalf("stored countries: %v", countries)
		}
		loc, _ := time.LoadLocation("Europe/Berlin")
		if _, err := history.NewRoller(f.st, loc, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		day := now.In(loc).Format(time.DateOnly)
		q := "?from=" + day + "&to=" + day
		ben := signIn(t, f, "ben@example.com")
		for _, path := range []string{"/admin/analytics/reports", "/admin/analytics/reports/articles/" + itoa(a.ID)} {
			_, body := ben.do(t, "GET", path+q+"&format=json", nil)
			var js history.JSONStats
			if err := json.Unmarshal([]byte(body), &js); err != nil {
				t.Fatalf("%s: %v %s", path, err, body)
			}
			got := map[string][2]int64{}
			for _, c := range js.Countries {
				got[c.Name] = [2]int64{c.Pageviews, c.Visitors}
			}
			if len(got) != 3 || got["DE"] != [2]int64{2, 2} || got["BR"] != [2]int64{1, 1} || got[""] != [2]int64{1, 1} {
				t.Errorf("%s: countries %s", path, body)
			}
			res, page := ben.do(t, "GET", path+q, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, `<h2 id="h-countries">Countries</h2>`) ||
				!strings.Contains(page, "<td>DE</td>") && !strings.Contains(page, ">DE<") {
				t.Errorf("%s: no Countries panel with DE (%d)", path, res.StatusCode)
			}
			_, text := ben.do(t, "GET", path+q+"&format=csv&table=countries", nil)
			rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
			if err != nil || len(rows) != 4 || rows[0][0] != "country" || rows[1][0] != "DE" || rows[1][1] != "2" {
				t.Errorf("%s: countries CSV %q %v", path, text, err)
			}
		}
	})
}
