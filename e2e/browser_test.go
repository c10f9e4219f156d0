//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// tabTimeout bounds everything one test does in the browser, start included.
const tabTimeout = 2 * time.Minute

// artifactsDir receives the screenshots (relative to the package folder,
// where go test runs).
const artifactsDir = "artifacts"

// chromiumPath returns the first of chromium, chromium-browser and
// google-chrome found in PATH, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome in PATH (Debian: apt-get install chromium)")
	return ""
}

// newTab starts a headless Chromium with a fresh profile and returns the
// context of its first tab, with a console watcher attached. The window is
// 1280×1000 CSS pixels. The browser is closed when the test ends.
//
// The flags follow DESIGN.md §6: on the project's closed network Chromium's
// own background connections (updates, sync, QUIC probes) are refused, so
// they are turned off.
func newTab(t *testing.T) (context.Context, *consoleWatch) {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	base, cancelTimeout := context.WithTimeout(context.Background(), tabTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(base, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	cw := &consoleWatch{}
	// Listen starts the browser and opens the tab.
	if err := chromedp.Listen(ctx, cw.event); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	return ctx, cw
}

// consoleWatch records what a page reports as an error: uncaught exceptions,
// console.error calls and browser log entries of level error (failed
// requests, such as a missing favicon, are among these).
type consoleWatch struct {
	mu   sync.Mutex
	errs []string
}

// event is the chromedp.Listen callback; it runs in the tab's read loop, so
// it only records.
func (c *consoleWatch) event(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range e.Args {
			parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *log.EventEntryAdded:
		if e.Entry == nil || e.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("browser log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
	default:
		return
	}
	c.mu.Lock()
	c.errs = append(c.errs, msg)
	c.mu.Unlock()
}

// requireClean fails the test if any error was recorded so far.
func (c *consoleWatch) requireClean(t *testing.T, where string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.errs {
		t.Errorf("%s: %s", where, e)
	}
}

// do runs actions in order and fails the test on the first error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action and returns its value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// js evaluates a JavaScript expression in the page and decodes its value.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return run(t, ctx, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// open navigates to url and waits until sel is visible.
func open(t *testing.T, ctx context.Context, url, sel string) {
	t.Helper()
	do(t, ctx, "open "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// follow clicks the first element matching sel, waits for the navigation it
// starts, requires a 200 answer and then waits until wait is visible.
func follow(t *testing.T, ctx context.Context, sel, wait string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil || resp.Status != 200 {
		t.Fatalf("click %s: got response %+v, want status 200", sel, resp)
	}
	do(t, ctx, "wait for "+wait, chromedp.WaitVisible(chromedp.CSS(wait)))
}

// waitImagesLoaded makes every image on the page load now (lazy ones too)
// and waits until all have finished; it fails the test naming any image
// that did not decode (naturalWidth 0).
func waitImagesLoaded(t *testing.T, ctx context.Context) {
	t.Helper()
	js[chromedp.Void](t, ctx, `document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')`)
	run(t, ctx, "wait for images", chromedp.Poll[bool](`[...document.images].every(i => i.complete)`))
	broken := js[[]string](t, ctx, `[...document.images].filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src)`)
	for _, src := range broken {
		t.Errorf("image did not load: %s", src)
	}
}

// screenshot writes a full-page PNG to artifacts/name.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(artifactsDir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: e2e/%s", p)
}

// textOf returns the text content of the first element matching the CSS
// selector sel, with runs of white space collapsed (as written in the HTML,
// before any CSS text-transform), or "" when nothing matches.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return js[string](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		return e ? e.textContent.replace(/\s+/g, ' ').trim() : '' })()`)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
