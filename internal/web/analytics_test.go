package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

const readerUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// hit posts a beacon the way a browser's sendBeacon does.
func (f *fixture) hit(t *testing.T, body string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("POST", "/hit", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	req.Header.Set("User-Agent", readerUA)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "https://news.example.com")
	req.RemoteAddr = "203.0.113.9:50000"
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestTrackerOnReaderPagesOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		arts := seedNews(t, st)
		f := newFixture(t, st)
		page := body(t, f.get(t, "/articles/bridge-closes"))
		re := regexp.MustCompile(`<script src="(/static/tracker\.[0-9a-f]+\.js)" defer data-collect="/hit" data-a="(\d+)" data-c="(\d+)"></script>`)
		m := re.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("article page has no tracker")
		}
		if m[2] != itoa(arts["bridge-closes"].ID) || m[3] != itoa(arts["bridge-closes"].SectionID) {
			t.Errorf("tracker ids %s/%s", m[2], m[3])
		}
		for _, want := range []string{`data-recirc="next-1"`, `id="most-read" data-src="/live/most-read.json"`,
			`<a href="/live/most-read">`} {
			if !strings.Contains(page, want) {
				t.Errorf("article page lacks %s", want)
			}
		}
		front := body(t, f.get(t, "/"))
		if !strings.Contains(front, `data-recirc="front-1"`) || !strings.Contains(front, `data-recirc="front-2"`) || strings.Contains(front, `front-0`) {
			t.Error("front links carry no front-N slots")
		}
		if strings.Contains(body(t, f.get(t, "/articles/no-such-story")), "tracker.") {
			t.Error("a 404 page is counted")
		}
		// At most 1.5 KB gzipped.
		res := f.get(t, m[1])
		js := body(t, res)
		var zb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
		zw.Write([]byte(js))
		zw.Close()
		if zb.Len() > 1536 {
			t.Errorf("tracker is %d bytes gzipped; the budget is 1,536", zb.Len())
		}
		for _, banned := range []string{"cookie", "localStorage", "sessionStorage"} {
			if strings.Contains(js, banned) {
				t.Errorf("tracker mentions %s", banned)
			}
		}
	})
}

func TestCollectEndpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		arts := seedNews(t, st)
		f := newFixture(t, st)
		ctx := context.Background()
		id := itoa(arts["bridge-closes"].ID)
		pv := `{"k":"pageview","p":"pvTest0001","u":"https://news.example.com/articles/bridge-closes?utm_source=briefing&utm_medium=email","r":"","a":` + id + `,"w":390,"l":["next-1","more-1"]}`
		if res := f.hit(t, pv); res.StatusCode != http.StatusNoContent {
			t.Fatalf("pageview: %d %s", res.StatusCode, body(t, res))
		}
		click := `{"k":"click","p":"pvTest0001","u":"https://news.example.com/articles/bridge-closes","a":` + id + `,"s":"next-1","t":"/articles/ferry-fares"}`
		if res := f.hit(t, click); res.StatusCode != http.StatusNoContent {
			t.Fatalf("click: %d", res.StatusCode)
		}
		for name, c := range map[string]struct {
			body   string
			hdr    []string
			status int
		}{
			"not json":      {"hello", nil, 400},
			"invalid utf-8": {strings.Replace(pv, "bridge-closes?", "bridge-closes\xff?", 1), nil, 400},
			"implausible":   {pv, []string{"User-Agent", "x"}, 204},
			"other site":    {strings.Replace(pv, "news.example.com", "evil.example", 1), nil, 400},
			"too big":       {strings.Repeat("x", 5000), nil, 413},
			"cross-site":    {pv, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 403},
			"prefetch":      {pv, []string{"Sec-Purpose", "prefetch"}, 204},
			"old prefetch":  {pv, []string{"Purpose", "prefetch"}, 204},
			"crawler":       {pv, []string{"User-Agent", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"}, 204},
			"headless":      {pv, []string{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36"}, 204},
			"no language":   {pv, []string{"Accept-Language", ""}, 204},
			"spam referrer": {strings.Replace(pv, `"r":""`, `"r":"https://0-0.fr/"`, 1), nil, 204},
		} {
			if res := f.hit(t, c.body, c.hdr...); res.StatusCode != c.status {
				t.Errorf("%s: %d, want %d", name, res.StatusCode, c.status)
			}
		}
		if res := f.get(t, "/hit"); res.StatusCode == http.StatusNoContent {
			t.Errorf("GET /hit: %d", res.StatusCode)
		}
		if err := f.site.FlushAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		var got []model.Event
		st.AnalyticsEvents(ctx, fixedNow.Add(-time.Minute), fixedNow.Add(time.Minute), func(e model.Event) error {
			got = append(got, e)
			return nil
		})
		if len(got) != 2 {
			t.Fatalf("stored %d events, want 2 (only the reader's pageview and click): %+v", len(got), got)
		}
		if got[0].SourceClass != model.SourceNewsletter || got[0].SourceName != "briefing" || got[0].Device != model.DeviceDesktop || got[0].ScreenWidth != 390 {
			t.Errorf("pageview: %+v", got[0])
		}
		if got[1].TargetID != arts["ferry-fares"].ID || got[1].Slot != "next-1" {
			t.Errorf("click: %+v", got[1])
		}
		s := f.site.AnalyticsStats()
		for _, why := range []string{"prefetch", "crawler", "headless", "no-accept-language", "referrer-spam", "invalid", "invalid-utf8", "implausible-user-agent"} {
			if s.Rejected[analyticsReason(why)] == 0 {
				t.Errorf("no rejection counted for %s: %+v", why, s.Rejected)
			}
		}
	})
}

func TestMostReadWidget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		arts := seedNews(t, st)
		f := newFixture(t, st)
		if b := body(t, f.get(t, "/live/most-read.json")); !strings.Contains(b, `"articles":[]`) {
			t.Errorf("empty widget: %s", b)
		}
		for i, slug := range []string{"bridge-closes", "bridge-closes", "ferry-fares"} {
			pv := `{"k":"pageview","p":"pvWidget00` + itoa(int64(i)) + `","u":"https://news.example.com/articles/` + slug + `","a":` + itoa(arts[slug].ID) + `}`
			f.hit(t, pv, "User-Agent", readerUA+" "+itoa(int64(i)))
		}
		// Forged beacons (issue 5, D5): made-up paths claiming the bridge
		// story's id are not credited to it, nor listed.
		for i := range 5 {
			pv := `{"k":"pageview","p":"pvForged00` + itoa(int64(i)) + `","u":"https://news.example.com/articles/flood` + itoa(int64(i)) + `","a":` + itoa(arts["bridge-closes"].ID) + `}`
			f.hit(t, pv, "User-Agent", readerUA+" forged "+itoa(int64(i)))
		}
		// The live state is fed through the broker: wait for it.
		waitFor(t, func() bool { return f.site.stats.live.Snapshot(0).Concurrents == 8 })
		*f.now = f.now.Add(mostReadTTL) // past the cached empty list
		res := f.get(t, "/live/most-read.json")
		b := body(t, res)
		if res.Header.Get("Cache-Control") != "public, max-age=10" {
			t.Errorf("cache-control %q", res.Header.Get("Cache-Control"))
		}
		if !strings.Contains(b, `{"headline":"Harbour bridge closes for repairs \u0026 \u003cchecks\u003e","url":"/articles/bridge-closes","readers":2,"readers_text":"2 reading now"},{"headline":"Ferry fares rise"`) ||
			strings.Count(b, `"headline"`) != 2 {
			t.Errorf("widget: %s", b)
		}
		page := body(t, f.get(t, "/live/most-read"))
		if !strings.Contains(page, `data-recirc="mostread-1">Harbour bridge closes for repairs &amp; &lt;checks&gt;</a>`) {
			t.Errorf("no-JS page: %s", page)
		}
	})
}

func TestLiveDashboard(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		if _, err := f.auth.AddUser(ctx, "cy@example.com", "Cy Writer", "contributor", "right password"); err != nil {
			t.Fatal(err)
		}
		anon := f.browser("198.51.100.1")
		if res, _ := anon.do(t, "GET", "/admin/analytics", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d", res.StatusCode)
		}
		if res, _ := anon.do(t, "GET", "/admin/analytics/live", nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("signed-out stream: %d", res.StatusCode)
		}
		cy := f.browser("198.51.100.2")
		cy.login(t, "cy@example.com", "right password", "")
		if res, _ := cy.do(t, "GET", "/admin/analytics", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("contributor: %d", res.StatusCode)
		}
		if res, _ := cy.do(t, "GET", "/admin/analytics/live", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("contributor's stream: %d", res.StatusCode)
		}
		ben := f.browser("198.51.100.3")
		ben.login(t, "ben@example.com", "right password", "")
		res, page := ben.do(t, "GET", "/admin/analytics", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "0</span> readers now") || !strings.Contains(page, `<noscript><meta http-equiv="refresh" content="5"></noscript>`) ||
			!strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(page, `<svg`) {
			t.Fatalf("analyst's dashboard: %d %s", res.StatusCode, page)
		}
		// A reader arrives; the stream pushes a panel counting them.
		srv := httptest.NewServer(f.h)
		defer srv.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/hit", strings.NewReader(
			`{"k":"pageview","p":"pvDash0001","u":"https://news.example.com/articles/x","l":["next-1"]}`))
		req.Header.Set("User-Agent", readerUA)
		req.Header.Set("Accept-Language", "en")
		if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != 204 {
			t.Fatalf("beacon: %v %v", r, err)
		}
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		sreq, _ := http.NewRequestWithContext(sctx, "GET", srv.URL+"/admin/analytics/live", nil)
		for _, c := range ben.cookies {
			sreq.AddCookie(c)
		}
		sres, err := http.DefaultClient.Do(sreq)
		if err != nil || sres.StatusCode != 200 || !strings.HasPrefix(sres.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %v %v", sres, err)
		}
		sc := bufio.NewScanner(sres.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		found := false
		for sc.Scan() && !found {
			found = strings.HasPrefix(sc.Text(), "data:") && strings.Contains(sc.Text(), "1</span> reader now")
		}
		if !found {
			t.Error("the stream never showed the reader")
		}
		// Disabling the account ends the open stream (issue 5, D14): the
		// next push finds the session dead and closes the response.
		benUser, err := f.st.UserByEmail(ctx, "ben@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.DisableUser(ctx, benUser.ID, true); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() {
		}
		if sctx.Err() != nil {
			t.Error("the disabled account's stream was still open after 10 s")
		}
	})
}

func analyticsReason(s string) analytics.Reason { return analytics.Reason(s) }

// waitFor waits (up to 5 s) until cond holds: the live state is fed
// asynchronously through the broker.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("condition not reached in 5 s")
		}
	}
}
