package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLiveTopStoryRow: a story in the live view's "Top stories now" links
// to its report, and separately to its public page, and shows its readers'
// sources and its recirculation click-through (issue 5 finding 7).
func TestLiveTopStoryRow(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan", "action", "publish"))
		page := "https://news.example.com/articles/" + a.Slug
		beacon := func(ip, body string) {
			t.Helper()
			req := httptest.NewRequest("POST", "/hit", strings.NewReader(body))
			req.RemoteAddr = ip + ":4000"
			req.Header.Set("User-Agent", readerUA)
			req.Header.Set("Accept-Language", "en")
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNoContent {
				t.Fatalf("beacon %s: %d %s", body, rec.Code, rec.Body)
			}
		}
		id := itoa(a.ID)
		beacon("203.0.113.1", `{"k":"pageview","p":"pvTop00001","u":"`+page+`","r":"https://www.google.com/","a":`+id+`,"l":["next-1","more-1"]}`)
		beacon("203.0.113.2", `{"k":"pageview","p":"pvTop00002","u":"`+page+`","r":"https://www.google.com/","a":`+id+`,"l":["next-1","more-1"]}`)
		beacon("203.0.113.3", `{"k":"pageview","p":"pvTop00003","u":"`+page+`","a":`+id+`,"l":["next-1","more-1"]}`)
		beacon("203.0.113.1", `{"k":"click","p":"pvTop00001","u":"`+page+`","a":`+id+`,"s":"next-1","t":"/articles/elsewhere"}`)
		ben := signIn(t, f, "ben@example.com")
		var body string
		waitFor(t, func() bool {
			_, body = ben.do(t, "GET", "/admin/analytics", nil)
			return strings.Contains(body, "1 / 6")
		})
		row := body[strings.Index(body, `<tr data-path="/articles/`+a.Slug+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		for _, want := range []string{
			`<a href="/admin/analytics/reports/articles/` + id + `">Harbour plan</a>`,
			`<a href="/articles/` + a.Slug + `" class="live">Live page`,
			`search: Google 2`, `direct 1`,
			`1 / 6`, `16.7 %`,
		} {
			if !strings.Contains(row, want) {
				t.Errorf("top story row lacks %q:\n%s", want, row)
			}
		}
	})
}
