//go:build e2e

package e2e

import (
	"slices"
	"strings"
	"testing"
)

// TestFrontPage opens the front page of the demo edition as a reader would
// and checks that it is a newspaper front: the masthead with the site name,
// section navigation, a lead story whose photo actually loads, and at least
// ten story links; at phone width it must not scroll sideways or squeeze
// headlines into skinny columns. It saves artifacts/front.png and
// artifacts/front-mobile.png.
func TestFrontPage(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	s := startSite(t, siteOptions{Demo: true})
	open(t, ctx, s.URL+"/", ".lead-story .lead-headline a")

	if got := strings.TrimSpace(js[string](t, ctx, `document.querySelector('header .site-name').innerText`)); got != s.Cfg.SiteName {
		t.Errorf("masthead site name = %q, want %q", got, s.Cfg.SiteName)
	}
	if title := js[string](t, ctx, `document.title`); !strings.Contains(title, s.Cfg.SiteName) {
		t.Errorf("title %q does not name the site %q", title, s.Cfg.SiteName)
	}

	stories := js[[]string](t, ctx, `[...new Set([...document.querySelectorAll('main a[href^="/articles/"]')]
		.filter(a => a.innerText.trim() !== '').map(a => a.pathname))]`)
	if len(stories) < 10 {
		t.Errorf("front links to %d distinct stories, want at least 10: %v", len(stories), stories)
	}

	// The lead: headline link, photo that decodes.
	if txt := js[string](t, ctx, `document.querySelector('.lead-story .lead-headline a').innerText.trim()`); txt == "" {
		t.Error("lead story headline link has no text")
	}
	waitImagesLoaded(t, ctx)
	if w := js[int](t, ctx, `(document.querySelector('.lead-story img') || {naturalWidth: 0}).naturalWidth`); w <= 0 {
		t.Errorf("lead story image naturalWidth = %d, want > 0 (no lead photo, or it did not load)", w)
	}

	// Section navigation lists every section of the edition, in the masthead.
	secs, err := s.Store.Sections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	nav := js[[]string](t, ctx, `[...document.querySelectorAll('header nav a')].map(a => a.innerText.trim() + ' ' + a.getAttribute('href'))`)
	if len(secs) < 3 {
		t.Errorf("demo edition has %d sections, want at least 3", len(secs))
	}
	for _, sec := range secs {
		want := sec.Name + " /sections/" + sec.Slug
		if !slices.Contains(nav, want) {
			t.Errorf("section nav %q lacks %q", nav, want)
		}
	}
	if !slices.Contains(nav, "Home /") {
		t.Errorf("section nav %q lacks the Home link", nav)
	}

	screenshot(t, ctx, "front.png")

	asPhone(t, ctx)
	checkPhoneLayout(t, ctx, "front page")
	screenshot(t, ctx, "front-mobile.png")
	console.requireClean(t, "front page")
}
