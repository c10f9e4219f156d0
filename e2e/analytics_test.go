//go:build e2e

package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/model"
	"masthead/internal/server"
	"masthead/internal/store"
)

// readerUA is what the analytics tests' browser calls itself: Chromium's
// own headless user agent ("HeadlessChrome") is refused by the collector as
// automation, as it should be.
const readerUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"

// liveWindow is the analytics live window of these tests: a closed tab's
// reader drops out this long after its last beacon (45 s in production).
const liveWindow = 3 * time.Second

const analystEmail, analystPassword = "ana.lyst@example.com", "analyst password 1"

// startAnalyticsSite serves the demo edition with a short live window and
// an analyst account.
func startAnalyticsSite(t *testing.T) *site {
	t.Helper()
	return startAnalyticsSiteWindow(t, liveWindow)
}

// startAnalyticsSiteWindow is startAnalyticsSite with the live window
// window (a reader between two 15 s heartbeats counts only with ≥ 15 s).
func startAnalyticsSiteWindow(t *testing.T, window time.Duration) *site {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(ctx, store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx, log); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.New(st, auth.Options{Log: log}).AddUser(ctx, analystEmail, "Ana Lyst", "analyst", analystPassword); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	t.Cleanup(ts.Close)
	cfg := config.Defaults()
	cfg.Addr = "127.0.0.1:0"
	cfg.Demo = true
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	cfg.AnalyticsLiveWindow = window
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ctx, &cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	return &site{URL: ts.URL, Store: st, Cfg: cfg}
}

// newReaderBrowser starts Chromium like newTab, but with an ordinary
// desktop Chrome user agent.
func newReaderBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800), chromedp.UserAgent(readerUA),
	)
	base, cancelTimeout := context.WithTimeout(context.Background(), tabTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(base, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Listen(ctx, func(any) {}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// storyWithReadNext returns the path of a demo story whose body has an
// inline READ NEXT link.
func storyWithReadNext(t *testing.T, st *store.Store) string {
	t.Helper()
	list, _, err := st.ListArticles(t.Context(), store.ArticleFilter{VisibleAt: time.Now().UTC(), Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		full, err := st.ArticleByID(t.Context(), a.ID)
		if err == nil && strings.Contains(full.BodyHTML, `kind="next"`) {
			return "/articles/" + full.Slug
		}
	}
	t.Fatal("the demo edition has no story with READ NEXT")
	return ""
}

// events returns the stored events of kind on path (after the collector's
// batch writer, which flushes within a second).
func events(t *testing.T, st *store.Store, kind model.EventKind, path string) []model.Event {
	t.Helper()
	var out []model.Event
	now := time.Now().UTC()
	err := st.AnalyticsEvents(t.Context(), now.Add(-time.Hour), now.Add(time.Hour), func(e model.Event) error {
		if e.Kind == kind && (path == "" || e.Path == path) {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitEvents waits (up to 15 s, polling the database) until at least n
// events of kind on path are stored, and returns them.
func waitEvents(t *testing.T, st *store.Store, kind model.EventKind, path string, n int) []model.Event {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(15 * time.Second)
	for {
		if got := events(t, st, kind, path); len(got) >= n {
			return got
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("fewer than %d %s events for %s stored after 15 s: %+v", n, kind, path, events(t, st, kind, path))
		}
	}
}

// TestLiveDashboardFollowsAReader: a reader opens a story, scrolls, clicks
// READ NEXT and closes the tab; the analyst's dashboard, pushed over SSE,
// shows each step.
func TestLiveDashboardFollowsAReader(t *testing.T) {
	s := startAnalyticsSite(t)
	story := storyWithReadNext(t, s.Store)
	browser := newReaderBrowser(t)

	// The analyst's tab.
	dash, cancelDash := chromedp.NewContext(browser)
	defer cancelDash()
	open(t, dash, s.URL+"/admin/login", "#email")
	do(t, dash, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), analystEmail), chromedp.SendKeys(chromedp.CSS("#password"), analystPassword))
	follow(t, dash, `form[action="/admin/login"] button[type=submit]`, ".admin-user")
	open(t, dash, s.URL+"/admin/analytics", "#live-concurrents")
	if n := textOf(t, dash, "#live-concurrents"); n != "0" {
		t.Fatalf("before any reader the dashboard shows %q readers", n)
	}

	// The reader's tab.
	reader, closeReader := chromedp.NewContext(browser)
	open(t, reader, s.URL+story, "h1")
	opened := time.Now()
	run(t, dash, "the dashboard shows one reader", chromedp.Poll[bool](
		`document.getElementById('live-concurrents').textContent.trim() === '1'`, chromedp.WithPollingTimeout(10*time.Second)))
	t.Logf("reader on the dashboard %v after the page loaded (pushed every second)", time.Since(opened).Round(10*time.Millisecond))
	if got := textOf(t, dash, `tr[data-path="`+story+`"] td:nth-child(3)`); got != "1" {
		t.Errorf("top stories row for %s shows %q readers", story, got)
	}

	// Scroll to the end: the story's row shows the depth.
	do(t, reader, "scroll to the end", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight)`))
	run(t, dash, "the dashboard shows the scroll depth", chromedp.Poll[bool](
		`(() => { const c = document.querySelector('tr[data-path="`+story+`"] .live-scroll'); return c && parseInt(c.textContent) >= 90 })()`,
		chromedp.WithPollingTimeout(10*time.Second)))

	// Click READ NEXT: the click shows in the recirculation table.
	follow(t, reader, `a[data-recirc="next-1"]`, "h1")
	run(t, dash, "the dashboard shows the READ NEXT click", chromedp.Poll[bool](
		`(() => { const c = document.querySelector('tr[data-slot="next-1"] .live-clicks'); return c && c.textContent.trim() === '1' })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	clicks := waitEvents(t, s.Store, model.EventClick, story, 1)
	if clicks[0].Slot != "next-1" || clicks[0].TargetID == 0 {
		t.Errorf("stored click: %+v", clicks[0])
	}
	// The story's page view left (final beacon); the next story's counts.
	run(t, dash, "one reader, on the next story", chromedp.Poll[bool](
		`document.getElementById('live-concurrents').textContent.trim() === '1' && !document.querySelector('tr[data-path="`+story+`"]')`,
		chromedp.WithPollingTimeout(10*time.Second)))

	// Close the tab: the reader drops out (at once from the final beacon,
	// at the latest after the live window).
	closeReader()
	run(t, dash, "the reader drops out", chromedp.Poll[bool](
		`document.getElementById('live-concurrents').textContent.trim() === '0'`, chromedp.WithPollingTimeout(liveWindow+10*time.Second)))
	pvs := waitEvents(t, s.Store, model.EventPageview, "", 2)
	if pvs[0].Path != story || pvs[0].Browser != "Chrome" || pvs[0].Device != model.DeviceDesktop || pvs[0].ScreenWidth == 0 || pvs[0].SourceClass != model.SourceDirect {
		t.Errorf("first pageview stored as %+v", pvs[0])
	}
	if pvs[1].SourceClass != model.SourceInternal || pvs[1].VisitorID != pvs[0].VisitorID || pvs[1].SessionID != pvs[0].SessionID {
		t.Errorf("second pageview stored as %+v", pvs[1])
	}
}

// beforeLoad runs src in every document of the tab before its own scripts.
func beforeLoad(src string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
}

// beaconsSent returns how many beacons the page has sent to /hit (the
// Resource Timing entries of sendBeacon requests).
const beaconsSent = `performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/hit').length`

// TestTrackerCountingFaults checks in Chromium the counting faults other
// tools had: a prerendered page counts only once shown; replaceState adds no
// pageview; a back/forward-cache restore is a new pageview; engaged time
// arrives as increments in the final beacon.
func TestTrackerCountingFaults(t *testing.T) {
	s := startAnalyticsSite(t)
	story := storyWithReadNext(t, s.Store)
	browser := newReaderBrowser(t)

	t.Run("prerender", func(t *testing.T) {
		// Chromium prerenders only for speculation rules of a real
		// navigation; the tab emulates document.prerendering and its
		// prerenderingchange event, which is all the tracker reads.
		tab, cancel := chromedp.NewContext(browser)
		defer cancel()
		do(t, tab, "emulate a prerendered document", beforeLoad(`(() => { let p = true;
			Object.defineProperty(Document.prototype, 'prerendering', {configurable: true, get() { return p }});
			window.__show = () => { p = false; document.dispatchEvent(new Event('prerenderingchange')) } })()`))
		open(t, tab, s.URL+story+"?prerendered=1", "h1")
		// The tracker has run once it has fetched the most-read widget.
		run(t, tab, "tracker ran", chromedp.Poll[bool](`performance.getEntriesByType('resource').some(e => e.name.includes('/live/most-read.json'))`))
		if n := js[int](t, tab, beaconsSent); n != 0 {
			t.Fatalf("a prerendered page sent %d beacons before being shown", n)
		}
		js[chromedp.Void](t, tab, `window.__show()`)
		run(t, tab, "pageview once shown", chromedp.Poll[bool](beaconsSent+` === 1`))
		if got := waitEvents(t, s.Store, model.EventPageview, story, 1); len(got) != 1 {
			t.Errorf("pageviews: %d, want 1", len(got))
		}
	})

	t.Run("replaceState", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(browser)
		defer cancel()
		before := len(events(t, s.Store, model.EventPageview, story))
		open(t, tab, s.URL+story, "h1")
		waitEvents(t, s.Store, model.EventPageview, story, before+1)
		js[chromedp.Void](t, tab, `history.replaceState(null, '', location.pathname + '?tab=comments'); history.replaceState(null, '', location.pathname)`)
		// A scroll beacon after the replaceState calls is the sync point.
		js[chromedp.Void](t, tab, `window.scrollTo(0, document.documentElement.scrollHeight)`)
		waitEvents(t, s.Store, model.EventScroll, story, 1)
		if got := events(t, s.Store, model.EventPageview, story); len(got) != before+1 {
			t.Errorf("pageviews after replaceState: %d, want %d", len(got), before+1)
		}
	})

	t.Run("bfcache", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(browser)
		defer cancel()
		before := len(events(t, s.Store, model.EventPageview, story))
		open(t, tab, s.URL+story, "h1")
		waitEvents(t, s.Store, model.EventPageview, story, before+1)
		js[chromedp.Void](t, tab, `window.__stillHere = true`)
		open(t, tab, s.URL+"/pages/about", "h1")
		// history.back, not NavigateBack: a page restored from the cache
		// fires no load event.
		js[chromedp.Void](t, tab, `history.back()`)
		waitAcrossNavigation(t, tab, `location.pathname === `+jsString(story)+` && document.readyState === 'complete'`)
		restored := js[bool](t, tab, `window.__stillHere === true`)
		if !restored {
			// Not restored from the cache (a fresh load counts anyway):
			// replay the restore event the tracker listens to.
			t.Log("Chromium did not keep the page in the back/forward cache; dispatching pageshow{persisted: true}")
			js[chromedp.Void](t, tab, `window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))`)
			before++ // the fresh load's pageview
		}
		got := waitEvents(t, s.Store, model.EventPageview, story, before+2)
		if len(got) != before+2 {
			t.Errorf("pageviews after the restore: %d, want %d", len(got), before+2)
		}
	})

	t.Run("engaged increments", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(browser)
		defer cancel()
		const path = "/pages/about"
		beats := len(events(t, s.Store, model.EventHeartbeat, path))
		open(t, tab, s.URL+path, "h1")
		waitEvents(t, s.Store, model.EventPageview, path, 1)
		// Arrival counts as input (engaged 5 s); leave after about 2 s.
		run(t, tab, "two seconds on the page", chromedp.Poll[bool](`performance.now() > 2000`))
		open(t, tab, s.URL+"/", "h1")
		hb := waitEvents(t, s.Store, model.EventHeartbeat, path, beats+1)
		last := hb[len(hb)-1]
		if last.EngagedSeconds < 1 || last.EngagedSeconds > 5 {
			t.Errorf("final beacon carried %d engaged seconds after about 2 s on the page", last.EngagedSeconds)
		}
	})
}

// waitAcrossNavigation waits (up to 15 s) until expr is true in the tab,
// retrying while a navigation replaces the page's execution context.
func waitAcrossNavigation(t *testing.T, tab context.Context, expr string) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(15 * time.Second)
	for {
		if ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("not true after 15 s: %s", expr)
		}
	}
}
