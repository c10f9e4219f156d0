//go:build e2e

package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// phoneWidth is the emulated phone viewport width in CSS pixels (an iPhone
// SE / mini class device).
const phoneWidth = 375

// asPhone emulates a 375×812 mobile viewport for the rest of the test or
// until asDesktop, and checks that the page has the new width. Call it on a
// page of the site: a mobile browser lays out a page without a viewport meta
// tag (such as about:blank) 980 px wide.
func asPhone(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	if w := js[int](t, ctx, `window.innerWidth`); w != phoneWidth {
		t.Fatalf("phone emulation: window is %d px wide, want %d", w, phoneWidth)
	}
}

// asDesktop removes the phone emulation (back to the 1280 px window).
func asDesktop(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "clear the phone emulation", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}))
	if w := js[int](t, ctx, `window.innerWidth`); w <= phoneWidth {
		t.Fatalf("after the phone emulation the window is still %d px wide", w)
	}
}

// checkPhoneLayout requires that at phone width nothing makes the page
// scroll sideways and that no headline is squeezed into a column narrower
// than 40% of the screen (a multi-column grid that did not collapse);
// visually hidden headings (1 px) are not looked at.
func checkPhoneLayout(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if w := js[int](t, ctx, `document.documentElement.scrollWidth`); w > phoneWidth {
		wide := js[[]string](t, ctx, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))`)
		t.Errorf("%s at %d px is %d px wide (scrolls sideways); too wide: %q", page, phoneWidth, w, wide)
	}
	narrow := js[[]string](t, ctx, `[...document.querySelectorAll('main h1, main h2, main h3')]
		.filter(h => { const r = h.getBoundingClientRect(); return r.width > 2 && r.width < 0.4 * innerWidth })
		.map(h => '.' + (h.parentElement.closest('[class]') || h).className.split(' ')[0] + ' ' + h.tagName.toLowerCase() + ': ' +
			Math.round(h.getBoundingClientRect().width) + ' px: ' + h.textContent.trim().slice(0, 40))`)
	for _, n := range narrow {
		t.Errorf("%s at %d px: headline squeezed into a narrow column: %s", page, phoneWidth, n)
	}
}
