package web

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"masthead/internal/importer"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// corpusFile returns the path of a file in MASTHEAD_CORPUS or skips.
func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("MASTHEAD_CORPUS")
	if dir == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	return filepath.Join(dir, rel)
}

func importFile(t *testing.T, st *store.Store, parse func(f *os.File) (*importer.Batch, error), path string) importer.Summary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sum, err := importer.Write(context.Background(), st, b, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return sum
}

var rawShortcode = regexp.MustCompile(`\[/?(caption|gallery|embed|audio|video|playlist|wp_caption|code|youtube)\b`)

// TestCorpusSiteServesImports imports the WordPress theme unit test and the
// Guardian feed, then checks the front, an article page and every feed
// through the real router: pages render without raw shortcodes, and feeds
// parse back (gofeed) with the newest visible stories.
func TestCorpusSiteServesImports(t *testing.T) {
	wxr := corpusFile(t, "publishing/wordpress/theme-unit-test-data.xml")
	guardian := corpusFile(t, "publishing/feeds/guardian.rss")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		importFile(t, st, func(f *os.File) (*importer.Batch, error) { return importer.ParseWXR(f, wxr, nil) }, wxr)
		importFile(t, st, func(f *os.File) (*importer.Batch, error) { return importer.ParseFeed(f, guardian, nil) }, guardian)
		f := newFixture(t, st)
		*f.now = fixedNow.AddDate(10, 0, 0) // after every imported date

		front := body(t, f.get(t, "/"))
		if !strings.Contains(front, `class="lead-story"`) {
			t.Fatal("front has no lead story")
		}
		// Every visible article page renders, with no raw shortcode.
		list, total, err := st.ListArticles(context.Background(), store.ArticleFilter{Kind: "*", VisibleAt: *f.now, Limit: 1000})
		if err != nil || total < 50 {
			t.Fatalf("visible content: %d %v", total, err)
		}
		var withPhoto *model.Article
		for _, a := range list {
			res := f.get(t, articlePath(a))
			if res.StatusCode != 200 {
				t.Errorf("%s: status %d", articlePath(a), res.StatusCode)
				continue
			}
			page := body(t, res)
			if m := rawShortcode.FindString(page); m != "" {
				t.Errorf("%s shows raw shortcode %q", articlePath(a), m)
			}
			if a.LeadMedia != nil && a.LeadCredit != "" && withPhoto == nil {
				withPhoto = a
				if !strings.Contains(page, `<small class="credit">`) {
					t.Errorf("%s: credit not in its own element", articlePath(a))
				}
			}
		}
		if withPhoto == nil {
			t.Error("no imported story with a credited lead photo")
		}
		// Feeds parse back with the newest visible stories in order.
		p := gofeed.NewParser()
		for _, path := range []string{"/rss.xml", "/atom.xml", "/feed.json"} {
			res := f.get(t, path)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			fd, err := p.ParseString(body(t, res))
			if err != nil {
				t.Fatalf("%s does not parse: %v", path, err)
			}
			articles, _, _ := st.ListArticles(context.Background(), store.ArticleFilter{VisibleAt: *f.now, Limit: feedItems})
			if len(fd.Items) != len(articles) {
				t.Fatalf("%s: %d items, want %d", path, len(fd.Items), len(articles))
			}
			for i, it := range fd.Items {
				if it.Title != articles[i].Headline || it.Link != f.site.absURL(articlePath(articles[i])) {
					t.Errorf("%s item %d: %q %q, want %q", path, i, it.Title, it.Link, articles[i].Headline)
					break
				}
			}
		}
		for _, path := range []string{"/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/pages.xml", "/robots.txt"} {
			if res := f.get(t, path); res.StatusCode != 200 {
				t.Errorf("%s: %d", path, res.StatusCode)
			}
		}
	})
}
