package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead/internal/model"
)

type newsSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc  string `xml:"loc"`
		News struct {
			Publication struct {
				Name     string `xml:"name"`
				Language string `xml:"language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			Date  string `xml:"publication_date"`
			Title string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func parseNews(t *testing.T, out []byte) newsSet {
	t.Helper()
	var set newsSet
	if err := xml.Unmarshal(out, &set); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return set
}

func TestNewsSitemapWindow(t *testing.T) {
	mk := func(slug string, published time.Time) *model.Article {
		return &model.Article{ID: 1, Kind: model.KindArticle, Status: model.StatusPublished,
			Slug: slug, Headline: "H " + slug, PublishedAt: published}
	}
	page := mk("about", testNow.Add(-time.Hour))
	page.Kind = model.KindPage
	draft := mk("draft", testNow.Add(-time.Hour))
	draft.Status = model.StatusDraft
	embargoed := mk("embargoed", testNow.Add(-time.Hour))
	embargoed.EmbargoUntil = testNow.Add(time.Hour)
	items := []*model.Article{
		mk("fresh", testNow.Add(-time.Minute)),
		mk("edge", testNow.Add(-48*time.Hour)),
		mk("stale", testNow.Add(-48*time.Hour-time.Second)),
		mk("old", testNow.Add(-72*time.Hour)),
		mk("future", testNow.Add(time.Minute)),
		page, draft, embargoed, nil,
		mk("now", testNow),
	}
	out := render(t, func(w io.Writer) error { return NewsSitemap(w, "The Daily Example", "en", items, testNow, testLinks()) })
	wellFormed(t, out)
	set := parseNews(t, out)
	var got []string
	for _, u := range set.URLs {
		got = append(got, strings.TrimPrefix(u.Loc, site+"/articles/"))
	}
	if diff := cmp.Diff([]string{"fresh", "edge", "now"}, got); diff != "" {
		t.Errorf("listed (-want +got):\n%s", diff)
	}
	u := set.URLs[0]
	if u.News.Publication.Name != "The Daily Example" || u.News.Publication.Language != "en" ||
		u.News.Date != "2024-06-21T11:59:00Z" || u.News.Title != "H fresh" {
		t.Errorf("news entry = %+v", u.News)
	}

	// Over MaxNewsURLs: truncated.
	many := make([]*model.Article, MaxNewsURLs+5)
	for i := range many {
		many[i] = mk(fmt.Sprintf("a%d", i), testNow.Add(-time.Hour))
	}
	out = render(t, func(w io.Writer) error { return NewsSitemap(w, "P", "en", many, testNow, testLinks()) })
	if n := len(parseNews(t, out).URLs); n != MaxNewsURLs {
		t.Errorf("%d news URLs, want %d", n, MaxNewsURLs)
	}

	// No fresh items: a valid, empty urlset.
	out = render(t, func(w io.Writer) error { return NewsSitemap(w, "P", "en", nil, testNow, testLinks()) })
	wellFormed(t, out)
	if len(parseNews(t, out).URLs) != 0 {
		t.Error("empty news sitemap lists URLs")
	}
}

func TestSitemapLimits(t *testing.T) {
	urls := make([]URL, 2*MaxSitemapURLs+1)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("%s/articles/a%d", site, i)}
	}
	parts := ChunkURLs(urls, 0)
	if len(parts) != 3 || len(parts[0]) != MaxSitemapURLs || len(parts[1]) != MaxSitemapURLs || len(parts[2]) != 1 {
		t.Fatalf("chunks of %d", len(parts))
	}
	if parts[1][0].Loc != urls[MaxSitemapURLs].Loc {
		t.Error("chunks out of order")
	}
	if parts := ChunkURLs(urls[:10], 4); len(parts) != 3 || len(parts[2]) != 2 {
		t.Errorf("ChunkURLs(10, 4) = %d parts", len(parts))
	}
	if parts := ChunkURLs(nil, 10); len(parts) != 0 {
		t.Errorf("ChunkURLs(nil) = %d parts", len(parts))
	}
	if err := Sitemap(io.Discard, parts[0]); err != nil {
		t.Errorf("full chunk: %v", err)
	}
	if err := Sitemap(io.Discard, urls[:MaxSitemapURLs+1]); err == nil {
		t.Error("50,001 URLs: want error")
	}
	refs := make([]SitemapRef, MaxSitemapURLs+1)
	for i := range refs {
		refs[i] = SitemapRef{Loc: site + "/s.xml"}
	}
	if err := SitemapIndex(io.Discard, refs); err == nil {
		t.Error("50,001 sitemaps: want error")
	}
}

func TestSitemapRejectsBadLocs(t *testing.T) {
	for _, loc := range []string{"/articles/a", "ftp://x.example/a", "https://", "javascript:alert(1)",
		site + "/" + strings.Repeat("a", MaxSitemapLocLen)} {
		if err := Sitemap(io.Discard, []URL{{Loc: loc}}); err == nil {
			t.Errorf("Sitemap accepted %.40q", loc)
		}
		if err := Sitemap(io.Discard, []URL{{Loc: site + "/a", Images: []Image{{Loc: loc}}}}); err == nil {
			t.Errorf("Sitemap accepted image %.40q", loc)
		}
		if err := SitemapIndex(io.Discard, []SitemapRef{{Loc: loc}}); err == nil {
			t.Errorf("SitemapIndex accepted %.40q", loc)
		}
	}
}

func TestSitemapImageNamespaceOnlyWhenUsed(t *testing.T) {
	out := render(t, func(w io.Writer) error { return Sitemap(w, []URL{{Loc: site + "/pages/about"}}) })
	if strings.Contains(string(out), "xmlns:image") {
		t.Errorf("image namespace declared without images:\n%s", out)
	}
}

func TestRobots(t *testing.T) {
	out := string(render(t, func(w io.Writer) error {
		return Robots(w, site, []string{"/sitemap.xml", "https://cdn.example.com/news-sitemap.xml"})
	}))
	for _, want := range []string{"User-agent: *\n", "Allow: /\n", "Disallow: /admin/\n", "Disallow: /search\n",
		"Sitemap: https://news.example.com/sitemap.xml\n", "Sitemap: https://cdn.example.com/news-sitemap.xml\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, out)
		}
	}
	if err := Robots(io.Discard, "", []string{"/sitemap.xml"}); err == nil {
		t.Error("relative sitemap without site URL: want error")
	}
	if err := Robots(io.Discard, site, []string{"/sitemap.xml\nDisallow: /"}); err == nil {
		t.Error("newline in sitemap URL: want error")
	}
	if out := string(render(t, func(w io.Writer) error { return Robots(w, site, nil) })); strings.Contains(out, "Sitemap") {
		t.Errorf("no sitemaps given but listed:\n%s", out)
	}
}

func BenchmarkRSS(b *testing.B) {
	base := fixtures()[0]
	items := make([]*model.Article, 50)
	for i := range items {
		a := *base
		a.ID = int64(1000 + i)
		a.Slug = fmt.Sprintf("story-%d", i)
		a.PublishedAt = base.PublishedAt.Add(-time.Duration(i) * time.Hour)
		a.BodyHTML = strings.Repeat(base.BodyHTML+"\n<p>Another paragraph of reporting with enough words to be realistic.</p>\n", 4)
		items[i] = &a
	}
	ch, l := testChannel(b, "/rss.xml"), testLinks()
	b.ReportAllocs()
	for b.Loop() {
		if err := RSS(io.Discard, ch, items, l); err != nil {
			b.Fatal(err)
		}
	}
}
