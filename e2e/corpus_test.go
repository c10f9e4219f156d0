//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"masthead/internal/importer"
	"masthead/internal/model"
	"masthead/internal/store"
)

// wxrShortcodeTitles are posts and pages of the WordPress theme unit test
// data whose bodies use [caption], [gallery] or [audio] shortcodes.
var wxrShortcodeTitles = []string{
	"Post Format: Gallery",
	"Post Format: Gallery (Tiled)",
	"Post Format: Image (Linked)",
	"Post Format: Audio",
	"Markup: Image Alignment",
	"Page Image Alignment",
}

// wxrScreenshotTitle is the imported story saved as artifacts/wxr-article.png.
const wxrScreenshotTitle = "Markup: Image Alignment"

// rawShortcode matches WordPress shortcode markup left in visible text.
var rawShortcode = regexp.MustCompile(`\[/|\[(caption|gallery|audio|video|playlist|embed|wp_caption)\b`)

// TestCorpusWordPressImport imports the WordPress theme unit test export
// (MASTHEAD_CORPUS/publishing/wordpress/theme-unit-test-data.xml) with
// importer.ParseWXR and importer.Write, finds the imported stories that used
// shortcodes by searching for "caption" and through the store, and requires
// that no raw shortcode such as "[caption" or "[/gallery]" is visible in
// their pages. It saves artifacts/wxr-article.png. It skips unless
// MASTHEAD_CORPUS is set.
func TestCorpusWordPressImport(t *testing.T) {
	dir := os.Getenv("MASTHEAD_CORPUS")
	if dir == "" {
		t.Skip("MASTHEAD_CORPUS is not set (point it at the shared corpus folder)")
	}
	path := filepath.Join(dir, "publishing", "wordpress", "theme-unit-test-data.xml")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("MASTHEAD_CORPUS is set but the WXR file is not there: %v", err)
	}
	ctx, _ := newTab(t) // the export's images are remote and cannot load here, so console errors are expected
	s := startSite(t, siteOptions{Prepare: func(ctx context.Context, st *store.Store) error {
		return importWXR(ctx, st, path)
	}})

	open(t, ctx, s.URL+"/search?q=caption", ".items .item mark")
	if n := js[int](t, ctx, `document.querySelectorAll('.items .item').length`); n == 0 {
		t.Error(`search for "caption" found nothing in the imported export`)
	}
	checkNoShortcodes(t, ctx, "search results for caption")

	list, _, err := s.Store.ListArticles(t.Context(), store.ArticleFilter{Kind: "*", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, a := range list {
		if !slices.Contains(wxrShortcodeTitles, a.Headline) {
			continue
		}
		found++
		p := pathOf(a)
		open(t, ctx, s.URL+p, "main h1")
		checkNoShortcodes(t, ctx, p)
		if a.Headline == wxrScreenshotTitle {
			screenshot(t, ctx, "wxr-article.png")
		}
	}
	if found < len(wxrShortcodeTitles) {
		t.Errorf("found %d of the %d shortcode stories %q among %d imported items", found, len(wxrShortcodeTitles), wxrShortcodeTitles, len(list))
	}
}

// importWXR parses the WXR file at path and writes it into st.
func importWXR(ctx context.Context, st *store.Store, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := importer.ParseWXR(f, filepath.Base(path), nil)
	if err != nil {
		return err
	}
	_, err = importer.Write(ctx, st, b, nil)
	return err
}

// pathOf is the reader-site path of an imported article or page.
func pathOf(a *model.Article) string {
	if a.Kind == model.KindPage {
		return "/pages/" + a.Slug
	}
	return "/articles/" + a.Slug
}

// checkNoShortcodes fails the test if the page's visible text holds raw
// shortcode markup.
func checkNoShortcodes(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	text := js[string](t, ctx, `document.body.innerText`)
	for _, m := range rawShortcode.FindAllStringIndex(text, 5) {
		lo, hi := max(0, m[0]-40), min(len(text), m[1]+40)
		t.Errorf("%s: raw shortcode in visible text: …%s…", page, text[lo:hi])
	}
}
