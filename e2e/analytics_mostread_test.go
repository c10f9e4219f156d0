//go:build e2e

package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/model"
)

// mostReadLength asks the server (bypassing and refreshing the browser's
// cache) how many stories the "most read now" widget lists.
const mostReadLength = `fetch('/live/most-read.json', {cache: 'reload'}).then(r => r.json()).then(j => j.articles.length)`

// TestMostReadImpressions: a story page whose "most read now" widget is
// filled after its pageview went counts the widget's slots as shown for
// that page view (issue 5 tester finding 2; the slots go with one heartbeat), so the live view's click-through of
// "Most read now 1" is clicks over the page views that showed it.
func TestMostReadImpressions(t *testing.T) {
	s := startAnalyticsSiteWindow(t, time.Minute) // readers stay between heartbeats
	story := storyWithReadNext(t, s.Store)
	browser := newReaderBrowser(t)

	// Reader A on a story, until the widget's list (computed at most every
	// 10 s) has a story.
	tabA, cancelA := chromedp.NewContext(browser)
	defer cancelA()
	open(t, tabA, s.URL+story, "h1")
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(25 * time.Second)
	for run(t, tabA, "most-read list", chromedp.Evaluate[int](mostReadLength, chromedp.EvalAwaitPromise)) == 0 {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("the most-read list stayed empty with a reader on a story")
		}
	}
	next := js[string](t, tabA, `document.querySelector('a[data-recirc="next-1"]').pathname`)

	// The analyst's dashboard.
	dash, cancelDash := chromedp.NewContext(browser)
	defer cancelDash()
	open(t, dash, s.URL+"/admin/login", "#email")
	do(t, dash, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), analystEmail), chromedp.SendKeys(chromedp.CSS("#password"), analystPassword))
	follow(t, dash, `form[action="/admin/login"] button[type=submit]`, ".admin-user")
	open(t, dash, s.URL+"/admin/analytics", "#live-concurrents")
	run(t, dash, "reader A on the dashboard", chromedp.Poll[bool](`document.getElementById('live-concurrents').textContent.trim() === '1'`,
		chromedp.WithPollingTimeout(10*time.Second)))
	// Reader A's widget may have been filled too (its fetch raced its own pageview).
	const shownCell = `(document.querySelector('tr[data-slot="mostread-1"] td:nth-child(2)') || {textContent: '0'}).textContent.trim()`
	before, err := strconv.Atoi(js[string](t, dash, shownCell))
	if err != nil {
		t.Fatal(err)
	}

	// Reader B opens another story: its widget fills after the pageview.
	tabB, cancelB := chromedp.NewContext(browser)
	defer cancelB()
	open(t, tabB, s.URL+next, "h1")
	run(t, tabB, "the widget is filled", chromedp.Poll[bool](`!!document.querySelector('#most-read a[data-recirc="mostread-1"]')`,
		chromedp.WithPollingTimeout(10*time.Second)))
	want := strconv.Itoa(before + 1)
	run(t, dash, "Most read now 1 shown by reader B's page view", chromedp.Poll[bool](shownCell+` === `+jsString(want),
		chromedp.WithPollingTimeout(10*time.Second)))

	// A click on it: clicks 1. The story it opens shows the widget too (a
	// second page view that showed it), so click-through is 1 / (before+2).
	follow(t, tabB, `#most-read a[data-recirc="mostread-1"]`, "h1")
	run(t, tabB, "the widget is filled on the next page", chromedp.Poll[bool](`!!document.querySelector('#most-read a[data-recirc="mostread-1"]')`,
		chromedp.WithPollingTimeout(10*time.Second)))
	run(t, dash, "the click and the next page view on the dashboard", chromedp.Poll[bool](
		`(() => { const c = document.querySelector('tr[data-slot="mostread-1"] .live-clicks'); return c && c.textContent.trim() === '1' && `+
			shownCell+` === `+jsString(strconv.Itoa(before+2))+` })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	ctr := textOf(t, dash, `tr[data-slot="mostread-1"] td:nth-child(4)`)
	wantCTR := strconv.FormatFloat(100/float64(before+2), 'f', 1, 64) + " %"
	if ctr != wantCTR {
		t.Errorf("click-through %q, want %q", ctr, wantCTR)
	}
	clicks := waitEvents(t, s.Store, model.EventClick, next, 1)
	if clicks[0].Slot != "mostread-1" || clicks[0].TargetID == 0 {
		t.Errorf("stored click: %+v", clicks[0])
	}
	// The widget's slots went with a heartbeat of reader B's first page
	// view and are stored with it, for the reports' shown counts.
	withWidget := 0
	for _, e := range events(t, s.Store, model.EventHeartbeat, next) {
		for _, sl := range e.Slots {
			if sl == "mostread-1" {
				withWidget++
			}
		}
	}
	if withWidget != 1 {
		t.Errorf("%d stored heartbeats of %s carry the widget's slots, want 1", withWidget, next)
	}
}
