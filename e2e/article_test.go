//go:build e2e

package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/demo"
)

// TestArticlePage reaches a story by clicking the lead headline on the front
// and checks the article page of DESIGN.md §1: one h1 equal to the headline
// clicked, byline links to author pages, a machine-readable publication time,
// a lead photo with alt text, caption and separate credit, inline
// recirculation whose link text is the target's headline, JSON-LD
// NewsArticle, the READ MORE and "Join the Conversation" sections, and no
// console errors. It saves artifacts/article.png and, at 375 px wide,
// artifacts/article-mobile.png.
func TestArticlePage(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	s := startSite(t, siteOptions{Demo: true})
	open(t, ctx, s.URL+"/", ".lead-story .lead-headline a")
	leadHref := js[string](t, ctx, `document.querySelector('.lead-story .lead-headline a').getAttribute('href')`)
	leadText := textOf(t, ctx, ".lead-story .lead-headline a")

	follow(t, ctx, ".lead-story .lead-headline a", "article.story h1")
	if loc := run(t, ctx, "location", chromedp.Location()); loc != s.URL+leadHref {
		t.Errorf("clicking the lead headline went to %s, want %s", loc, s.URL+leadHref)
	}
	if n := js[int](t, ctx, `document.querySelectorAll('h1').length`); n != 1 {
		t.Errorf("article page has %d h1 elements, want exactly 1", n)
	}
	h1 := textOf(t, ctx, "h1")
	if h1 != leadText {
		t.Errorf("article h1 = %q, want the headline clicked on the front %q", h1, leadText)
	}

	checkByline(t, ctx)
	checkLeadPhoto(t, ctx)
	checkJSONLD(t, ctx, h1)

	h2s := js[[]string](t, ctx, `[...document.querySelectorAll('h2')].map(h => h.textContent.trim())`)
	for _, want := range []string{"READ MORE", "Join the Conversation"} {
		if !slices.Contains(h2s, want) {
			t.Errorf("article page headings %q lack %q", h2s, want)
		}
	}
	if n := js[int](t, ctx, `document.querySelectorAll('.read-more li a[href^="/articles/"]').length`); n == 0 {
		t.Error("READ MORE section lists no stories")
	}

	waitImagesLoaded(t, ctx)
	screenshot(t, ctx, "article.png")
	asPhone(t, ctx)
	checkPhoneLayout(t, ctx, "article page")
	screenshot(t, ctx, "article-mobile.png")
	asDesktop(t, ctx)

	// Inline recirculation on the lead story, then a READ NEXT on the long read.
	followRecirc(t, ctx, ".story-body .recirc")
	open(t, ctx, s.URL+"/articles/"+demo.LongReadSlug, "article.story h1")
	followRecirc(t, ctx, ".story-body .recirc-next")

	console.requireClean(t, "article pages")
}

// checkByline requires "By NAME" with each name linking to an author page,
// and a <time datetime> holding an RFC 3339 publication time.
func checkByline(t *testing.T, ctx context.Context) {
	t.Helper()
	byline := textOf(t, ctx, ".story-meta .byline")
	if !strings.HasPrefix(byline, "By ") {
		t.Errorf("byline = %q, want it to start with \"By \"", byline)
	}
	authors := js[[]string](t, ctx, `[...document.querySelectorAll('.story-meta .byline a')].map(a => a.getAttribute('href') + ' ' + a.textContent.trim())`)
	if len(authors) == 0 {
		t.Error("byline has no author links")
	}
	for _, a := range authors {
		href, name, _ := strings.Cut(a, " ")
		if !strings.HasPrefix(href, "/authors/") || name == "" || !strings.Contains(byline, name) {
			t.Errorf("byline link %q: want an /authors/ link whose name is in the byline %q", a, byline)
		}
	}
	dt := js[string](t, ctx, `(document.querySelector('.story-meta time[datetime]') || {dateTime: ''}).dateTime`)
	if _, err := time.Parse(time.RFC3339, dt); err != nil {
		t.Errorf("publication <time datetime=%q>: not RFC 3339: %v", dt, err)
	}
	if shown := textOf(t, ctx, ".story-meta time[datetime]"); shown == "" {
		t.Error("publication time shows no text to readers")
	}
}

// checkLeadPhoto requires the lead figure: an image with alt text, and a
// figcaption holding the caption and, as its own element, the credit.
func checkLeadPhoto(t *testing.T, ctx context.Context) {
	t.Helper()
	type figure struct {
		Alt     string `json:"alt"`
		Caption string `json:"caption"`
		Credit  string `json:"credit"`
		Nested  bool   `json:"nested"`
	}
	f := js[figure](t, ctx, `(() => {
		const fig = document.querySelector('article figure');
		if (!fig) return {};
		const img = fig.querySelector('img'), cap = fig.querySelector('figcaption');
		const credit = cap && cap.querySelector('.credit');
		const caption = cap && cap.querySelector('.caption');
		return {
			alt: img ? (img.getAttribute('alt') || '') : '',
			caption: caption ? caption.textContent.trim() : '',
			credit: credit ? credit.textContent.trim() : '',
			nested: !!(caption && credit && caption.contains(credit)),
		};
	})()`)
	if strings.TrimSpace(f.Alt) == "" {
		t.Error("lead photo: img has no alt text")
	}
	if f.Caption == "" {
		t.Error("lead photo: figcaption has no caption")
	}
	if f.Credit == "" {
		t.Error("lead photo: figcaption has no .credit element")
	}
	if f.Nested || (f.Credit != "" && strings.Contains(f.Caption, f.Credit)) {
		t.Errorf("lead photo: credit %q is pasted into the caption %q", f.Credit, f.Caption)
	}
}

// checkJSONLD parses the page's JSON-LD in the browser and requires a
// NewsArticle whose headline is the page's h1.
func checkJSONLD(t *testing.T, ctx context.Context, h1 string) {
	t.Helper()
	ld := js[map[string]any](t, ctx, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)`)
	if ld["@type"] != "NewsArticle" {
		t.Errorf("JSON-LD @type = %v, want NewsArticle", ld["@type"])
	}
	if ld["headline"] != h1 {
		t.Errorf("JSON-LD headline = %v, want %q", ld["headline"], h1)
	}
}

// followRecirc clicks the link of the first inline recirculation block
// matching block and requires that the story it opens has the link text as
// its h1.
func followRecirc(t *testing.T, ctx context.Context, block string) {
	t.Helper()
	link := block + " a"
	from := run(t, ctx, "location", chromedp.Location())
	label := textOf(t, ctx, block)
	if label == "" {
		t.Fatalf("%s: no inline recirculation block %s", from, block)
	}
	if !strings.HasPrefix(label, "READ NEXT:") && !strings.HasPrefix(label, "READ MORE:") {
		t.Errorf("%s: recirculation block reads %q, want READ NEXT: or READ MORE:", from, label)
	}
	text := textOf(t, ctx, link)
	follow(t, ctx, link, "article.story h1")
	if to := run(t, ctx, "location", chromedp.Location()); to == from {
		t.Fatalf("clicking %q did not leave %s", text, from)
	}
	if h1 := textOf(t, ctx, "h1"); h1 != text {
		t.Errorf("recirculation link %q opened a story headlined %q", text, h1)
	}
}
