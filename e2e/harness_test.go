//go:build e2e

package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleWatchSeesErrors proves that the console check of the other
// tests is not blind: on a page that throws, calls console.error and loads
// a missing image (a 404), each of the three is recorded.
func TestConsoleWatchSeesErrors(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>t</title><link rel="icon" href="data:,">
<img id="gone" src="/missing.png" alt="">
<script>console.error("deliberate console error"); setTimeout(() => { window.thrown = true; throw new Error("deliberate exception") });</script>`))
	}))
	t.Cleanup(ts.Close)
	ctx, console := newTab(t)
	do(t, ctx, "open the page", chromedp.Navigate(ts.URL+"/"))
	// Events reach the watch before the reply that follows them (chromedp.Listen).
	run(t, ctx, "wait for the image to fail and the exception",
		chromedp.Poll[bool](`document.getElementById('gone').complete && window.thrown === true`))
	for _, want := range []string{"deliberate console error", "deliberate exception", "/missing.png"} {
		if !console.saw(want) {
			t.Errorf("console watch missed %q; recorded %q", want, console.all())
		}
	}
}

// saw reports whether a recorded error mentions s.
func (c *consoleWatch) saw(s string) bool {
	for _, e := range c.all() {
		if strings.Contains(e, s) {
			return true
		}
	}
	return false
}

// all returns a copy of the recorded errors.
func (c *consoleWatch) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}
