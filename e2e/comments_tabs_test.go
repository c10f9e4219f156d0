//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLiveStreamFollowsTabVisibility (issue 4): every story page used to
// hold a live comment stream, and a browser allows six HTTP/1.1
// connections per host, so six open story tabs locked the reader out.
// The page now closes its stream when the tab is hidden and reopens it on
// return. Headless Chromium keeps every tab "visible", so the hidden state
// is emulated by overriding document.visibilityState and sending the
// visibilitychange event the browser sends.
func TestLiveStreamFollowsTabVisibility(t *testing.T) {
	chromiumPath(t) // skips without a browser
	s := startSite(t, siteOptions{Prepare: prepareCommentStory(false)})
	tab, _ := newTab(t)
	open(t, tab, s.URL+"/articles/"+commentStory, "#comments")
	state := `document.getElementById('comments').dataset.liveState`
	run(t, tab, "the stream opens", chromedp.Poll[bool](state+` === 'open'`))
	js[chromedp.Void](t, tab, `Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
		document.dispatchEvent(new Event('visibilitychange'))`)
	if got := js[string](t, tab, state); got != "closed" {
		t.Fatalf("hidden tab: live state %q, want closed", got)
	}
	js[chromedp.Void](t, tab, `Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'visible'});
		document.dispatchEvent(new Event('visibilitychange'))`)
	run(t, tab, "the stream reopens", chromedp.Poll[bool](state+` === 'open'`))
	do(t, tab, "close the live stream", chromedp.Navigate("about:blank"))
}
