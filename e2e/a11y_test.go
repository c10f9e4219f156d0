//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masthead/internal/demo"
)

// isShown is a JavaScript function that reports whether element e is on
// screen for a sighted reader: inside the viewport, larger than a pixel, not
// clipped away, hidden or transparent.
const isShown = `(e => { const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
	return r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth &&
		cs.visibility !== 'hidden' && cs.opacity !== '0' && !/rect\(0px,? 0px,? 0px,? 0px\)/.test(cs.clip) &&
		cs.clipPath !== 'inset(50%)' })`

// TestKeyboardAndLandmarks checks the accessibility basics of DESIGN.md §1
// on the article page and the front: the first Tab focuses a "Skip to
// content" link that is hidden until then and shows when focused, and Enter
// on it jumps to the main content; every image has an alt attribute; the
// banner, navigation, main and contentinfo landmarks exist; heading levels
// never skip (h1 → h2 → h3).
func TestKeyboardAndLandmarks(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	s := startSite(t, siteOptions{Demo: true})
	open(t, ctx, s.URL+"/articles/"+demo.LongReadSlug, "article.story h1")

	if js[bool](t, ctx, `(() => { const a = document.querySelector('a.skip'); return !a || `+isShown+`(a) })()`) {
		t.Error(`"Skip to content" link is missing, or on screen before it has focus`)
	}
	do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	if got := js[string](t, ctx, `document.activeElement.textContent.trim() + ' ' + document.activeElement.getAttribute('href')`); got != "Skip to content #main" {
		t.Errorf("first Tab focuses %q, want the \"Skip to content\" link to #main", got)
	}
	if !js[bool](t, ctx, isShown+`(document.activeElement)`) {
		t.Error(`"Skip to content" link has focus but is not visible`)
	}
	do(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	run(t, ctx, "wait for the jump to #main", chromedp.Poll[bool](`location.hash === '#main'`))

	checkPageStructure(t, ctx, "article page")
	open(t, ctx, s.URL+"/", ".lead-story")
	checkPageStructure(t, ctx, "front page")
	console.requireClean(t, "keyboard walk")
}

// checkPageStructure requires alt attributes on every image, the page
// landmarks and headings that start at h1 and never skip a level.
func checkPageStructure(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	noAlt := js[[]string](t, ctx, `[...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.getAttribute('src'))`)
	for _, src := range noAlt {
		t.Errorf("%s: <img src=%q> has no alt attribute", page, src)
	}
	for _, lm := range []struct{ name, sel string }{
		{"banner header", "body > header"},
		{"navigation", "header nav"},
		{"main", "main#main"},
		{"contentinfo footer", "body > footer"},
	} {
		if n := js[int](t, ctx, `document.querySelectorAll(`+jsString(lm.sel)+`).length`); n != 1 {
			t.Errorf("%s: %d %s landmarks (%s), want 1", page, n, lm.name, lm.sel)
		}
	}
	levels := js[[]string](t, ctx, `[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.tagName[1] + ' ' + h.textContent.trim())`)
	prev := 0
	for i, h := range levels {
		lvl := int(h[0] - '0')
		switch {
		case i == 0 && lvl != 1:
			t.Errorf("%s: first heading is %q, want an h1", page, h)
		case lvl > prev+1:
			t.Errorf("%s: heading %q (h%d) skips a level after h%d; outline: %s", page, h[2:], lvl, prev, strings.Join(levels, " | "))
		}
		prev = lvl
	}
}
