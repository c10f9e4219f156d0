//go:build e2e

package e2e

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/internal/demo"
)

// TestWithoutJavaScript turns script execution off in the tab (as a reader
// with JavaScript disabled) and checks that an article still shows its
// headline, body and READ MORE, and that the masthead search form submits:
// typing a word from the headline and pressing the Search button lists the
// story with the word highlighted in <mark>.
func TestWithoutJavaScript(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	s := startSite(t, siteOptions{Demo: true})
	do(t, ctx, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))

	open(t, ctx, s.URL+"/articles/"+demo.LongReadSlug, "article.story h1")
	// Proof that scripts are off: a script element added now does not run.
	if ran := js[bool](t, ctx, `(() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';
		document.head.append(s); return window.__ran === true })()`); ran {
		t.Fatal("page scripts still run; SetScriptExecutionDisabled had no effect")
	}
	headline := textOf(t, ctx, "h1")
	if headline == "" {
		t.Fatal("article h1 is empty")
	}
	do(t, ctx, "wait for body and READ MORE",
		chromedp.WaitVisible(chromedp.CSS(".story-body p")),
		chromedp.WaitVisible(chromedp.CSS("#read-more-h")),
		chromedp.WaitVisible(chromedp.CSS(".read-more li a")),
	)
	if n := js[int](t, ctx, `[...document.querySelectorAll('.story-body p')].filter(p => p.innerText.trim().length > 40).length`); n < 3 {
		t.Errorf("article body shows %d paragraphs of text, want at least 3", n)
	}
	if got := textOf(t, ctx, "#read-more-h"); got != "READ MORE" {
		t.Errorf("READ MORE heading = %q", got)
	}

	word := longestWord(headline)
	do(t, ctx, "type the search", chromedp.SendKeys(chromedp.CSS("header form[role=search] input[name=q]"), word))
	follow(t, ctx, "header form[role=search] button[type=submit]", ".items .item")
	loc := run(t, ctx, "location", chromedp.Location())
	if u, err := url.Parse(loc); err != nil || u.Path != "/search" || u.Query().Get("q") != word {
		t.Errorf("search form went to %s, want /search?q=%s", loc, word)
	}
	marks := js[[]string](t, ctx, `[...document.querySelectorAll('.items .item mark')].map(m => m.textContent)`)
	found := false
	for _, m := range marks {
		if strings.EqualFold(m, word) {
			found = true
		}
	}
	if !found {
		t.Errorf("search results for %q highlight %q, want a <mark>%s</mark>", word, marks, word)
	}
	hits := js[[]string](t, ctx, `[...document.querySelectorAll('.items .item-headline a')].map(a => a.textContent.trim())`)
	if !slices.Contains(hits, headline) {
		t.Errorf("search for %q does not list %q; hits: %q", word, headline, hits)
	}
	console.requireClean(t, "pages without JavaScript")
}

// longestWord returns the longest run of letters in s (the first one on a
// tie), a search term that is sure to be in the headline's story.
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) > len([]rune(best)) {
			best = w
		}
	}
	return best
}
