package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York on machines without zoneinfo

	"github.com/google/go-cmp/cmp"

	"masthead/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const site = "https://news.example.com"

// recircPlaceholder is what markup stores for "[[READ NEXT: x]]".
const recircPlaceholder = `<masthead-recirc kind="next" slug="x"></masthead-recirc>`

func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func testLinks() Links {
	return Links{
		Article: func(a *model.Article) string { return site + "/articles/" + url.PathEscape(a.Slug) },
		Author:  func(au *model.Author) string { return site + "/authors/" + url.PathEscape(au.Slug) },
		Media: func(m *model.Media) string {
			if !m.Stored {
				return m.URL
			}
			return fmt.Sprintf("%s/media/%d/%s.jpg", site, m.ID, m.Checksum[:12])
		},
	}
}

func testChannel(t testing.TB, self string) Channel {
	return Channel{
		Title:       "The Daily Example",
		Description: "News from Example City & beyond",
		SiteURL:     site,
		SelfURL:     site + self,
		Language:    "en",
		Updated:     time.Date(2024, 6, 20, 18, 5, 0, 0, time.UTC),
		Rights:      "© 2024 The Daily Example, All rights reserved. Do not reproduce without permission.",
		Location:    newYork(t),
	}
}

// testNow is the clock the fixtures are read at.
var testNow = time.Date(2024, 6, 21, 12, 0, 0, 0, time.UTC)

// fixtures returns three articles, newest first: an updated Politics story
// with a two-author byline, a photographer, a stored lead photo with caption
// and credit, tags, a correction and a READ NEXT placeholder; a Business story
// with a remote lead photo and no dek; and an older syndicated Business story
// published in winter (EST).
func fixtures() []*model.Article {
	politics := &model.Section{ID: 1, Slug: "politics", Name: "Politics"}
	business := &model.Section{ID: 2, Slug: "business", Name: "Business"}
	jane := &model.Author{ID: 1, Slug: "jane-doe", Name: "Jane Doe",
		Photo: &model.Media{ID: 3, Stored: true, MIME: "image/jpeg", Checksum: "0123456789abcdef0123"}}
	omar := &model.Author{ID: 2, Slug: "omar-haddad", Name: "عمر حداد"}
	lee := &model.Author{ID: 3, Slug: "lee-park", Name: "Lee Park"}
	ana := &model.Author{ID: 4, Slug: "ana-silva", Name: "Ana Silva"}

	budget := &model.Article{
		ID: 42, Kind: model.KindArticle, Status: model.StatusPublished,
		Slug: "council-budget", Kicker: "City Hall",
		Headline: `Council passes budget after "all-night" session & protests`,
		Dek:      "The 4–3 vote ends a month-long standoff over library funding.",
		Section:  politics, SectionID: 1,
		LeadMediaID: 7,
		LeadMedia: &model.Media{ID: 7, Stored: true, MIME: "image/jpeg", Width: 1600, Height: 900,
			Bytes: 245760, Checksum: "abcdef0123456789abcd", Caption: "Default caption", Credit: "Default credit"},
		LeadAlt:     "Council members raise their hands to vote",
		LeadCaption: "Council members vote on the budget late Thursday.",
		LeadCredit:  "Jane Roe/POOL/Agence Example via Wire Service",
		BodyHTML: "<p>The council voted 4–3 just after midnight.</p>\n" + recircPlaceholder + "\n" +
			`<h2>What changes</h2>` + "\n" +
			`<p>See <a href="/articles/budget-explainer" rel="nofollow">our explainer</a> and the <a href="#fn1">note</a>.</p>` + "\n" +
			`<figure><img src="/media/8/chart.png" alt="Chart" srcset="/media/8/chart.png 1x, /media/8/chart@2x.png 2x"><figcaption>Spending by department. <small class="credit">Graphic: Daily Example</small></figcaption></figure>`,
		BodyText:    "The council voted 4–3 just after midnight. What changes See our explainer and the note.",
		PublishedAt: time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC),
		UpdatedAt:   time.Date(2024, 6, 20, 18, 5, 0, 0, time.UTC),
		Bylines: []model.Byline{
			{AuthorID: 3, Position: 3, Role: "photos", Author: lee},
			{AuthorID: 2, Position: 2, Author: omar},
			{AuthorID: 1, Position: 1, Role: "reporting", Author: jane},
		},
		Tags: []model.Tag{{ID: 1, Slug: "budget", Name: "Budget"}, {ID: 2, Slug: "city-hall", Name: "City Hall"}},
		Corrections: []model.Correction{{ID: 1, ArticleID: 42, Created: time.Date(2024, 6, 20, 18, 5, 0, 0, time.UTC),
			Body: "An earlier version misstated the vote as 5–2 & omitted one <abstention>."}},
	}
	tolls := &model.Article{
		ID: 43, Kind: model.KindArticle, Status: model.StatusPublished,
		Slug: "harbour-bridge-tolls", Headline: "Harbour bridge tolls rise 🚗 — שלום לכולם",
		Section: business, SectionID: 2,
		LeadMediaID: 9,
		LeadMedia: &model.Media{ID: 9, URL: "https://images.wire.example/photo.jpg?w=1200&h=800", MIME: "image/jpeg",
			Caption: "Traffic on the harbour bridge.", Credit: "Sam Lee/Wire"},
		BodyHTML:    "<p>Drivers will pay more from July.</p>",
		BodyText:    "Drivers will pay more from July. The increase is the first in six years and follows a review of maintenance costs across the network.",
		PublishedAt: time.Date(2024, 6, 19, 13, 30, 0, 0, time.UTC),
		Bylines:     []model.Byline{{AuthorID: 4, Position: 1, Author: ana}},
		Tags:        []model.Tag{{ID: 3, Slug: "transport", Name: "Transport"}},
	}
	winter := &model.Article{
		ID: 17, Kind: model.KindArticle, Status: model.StatusPublished,
		Slug: "port-strike", Headline: "Port strike ends", Dek: "Dockworkers return on Monday.",
		Section: business, SectionID: 2,
		BodyHTML:    "<p>The strike is over.</p>",
		BodyText:    "The strike is over.",
		Rights:      "© 2024 Wire Service. Syndicated with permission.",
		PublishedAt: time.Date(2024, 1, 10, 15, 0, 0, 0, time.UTC),
		Bylines:     []model.Byline{{AuthorID: 1, Position: 1, Author: jane}},
	}
	return []*model.Article{budget, tolls, winter}
}

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// render runs a writer into a buffer and fails the test on error.
func render(t testing.TB, fn func(w io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wellFormed fails unless doc is well-formed XML to a strict parser.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

func TestGolden(t *testing.T) {
	items, l := fixtures(), testLinks()
	cases := []struct {
		file string
		fn   func(w io.Writer) error
	}{
		{"rss.xml", func(w io.Writer) error { return RSS(w, testChannel(t, "/rss.xml"), items, l) }},
		{"atom.xml", func(w io.Writer) error { return Atom(w, testChannel(t, "/atom.xml"), items, l) }},
		{"feed.json", func(w io.Writer) error { return JSONFeed(w, testChannel(t, "/feed.json"), items, l) }},
		{"sitemap.xml", func(w io.Writer) error { return Sitemap(w, ArticleURLs(items, l)) }},
		{"sitemap-index.xml", func(w io.Writer) error {
			return SitemapIndex(w, []SitemapRef{
				{Loc: site + "/sitemaps/articles-2024-06.xml", LastMod: items[0].UpdatedAt},
				{Loc: site + "/sitemaps/articles-2024-01.xml", LastMod: items[2].PublishedAt},
				{Loc: site + "/sitemaps/pages.xml"},
			})
		}},
		{"news-sitemap.xml", func(w io.Writer) error {
			return NewsSitemap(w, "The Daily Example", "en", items, testNow, l)
		}},
		{"robots.txt", func(w io.Writer) error {
			return Robots(w, site, []string{"/sitemap.xml", site + "/news-sitemap.xml"})
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			out := render(t, c.fn)
			if strings.Contains(string(out), "masthead-recirc") {
				t.Errorf("recirculation placeholder leaked into %s", c.file)
			}
			if strings.HasSuffix(c.file, ".xml") {
				wellFormed(t, out)
			}
			golden(t, c.file, out)
		})
	}
}

func TestLinksArticleRequired(t *testing.T) {
	for name, fn := range map[string]func(io.Writer, Channel, []*model.Article, Links) error{
		"rss": RSS, "atom": Atom, "json": JSONFeed,
	} {
		err := fn(io.Discard, testChannel(t, "/x"), fixtures(), Links{})
		if !errors.Is(err, ErrNoArticleLink) {
			t.Errorf("%s: err = %v, want ErrNoArticleLink", name, err)
		}
	}
	if err := NewsSitemap(io.Discard, "P", "en", fixtures(), testNow, Links{}); !errors.Is(err, ErrNoArticleLink) {
		t.Errorf("news sitemap: err = %v, want ErrNoArticleLink", err)
	}
}

func TestRelativeURLs(t *testing.T) {
	l := testLinks()
	l.Article = func(a *model.Article) string { return "/articles/" + a.Slug }
	ch := testChannel(t, "/rss.xml")
	out := render(t, func(w io.Writer) error { return RSS(w, ch, fixtures(), l) })
	if !strings.Contains(string(out), "<link>"+site+"/articles/council-budget</link>") {
		t.Errorf("relative article URL not resolved against SiteURL:\n%s", out)
	}

	ch.SiteURL = ""
	if err := RSS(io.Discard, ch, fixtures(), l); err == nil || !strings.Contains(err.Error(), "not absolute") {
		t.Errorf("relative URL without SiteURL: err = %v, want not absolute", err)
	}
	if err := RSS(io.Discard, ch, []*model.Article{nil}, testLinks()); err == nil {
		t.Error("nil item: want error")
	}
}

func TestContentHTML(t *testing.T) {
	b, err := newBuilder(testChannel(t, "/rss.xml"), testLinks())
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.entry(fixtures()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="https://news.example.com/articles/budget-explainer" rel="nofollow">`,
		`<a href="https://news.example.com/articles/council-budget#fn1">`,
		`src="https://news.example.com/media/8/chart.png"`,
		`srcset="https://news.example.com/media/8/chart.png 1x, https://news.example.com/media/8/chart@2x.png 2x"`,
		`<strong>Correction (Jun 20, 2024):</strong> An earlier version misstated the vote as 5–2 &amp; omitted one &lt;abstention&gt;.`,
	} {
		if !strings.Contains(e.contentHTML, want) {
			t.Errorf("content lacks %s\n%s", want, e.contentHTML)
		}
	}
	if strings.Contains(e.contentHTML, "masthead-recirc") {
		t.Error("recirculation placeholder kept")
	}
	if got, want := e.id, "tag:news.example.com,2024-06-20:article:42"; got != want {
		t.Errorf("id = %q, want %q", got, want)
	}
	var names []string
	for _, p := range e.authors {
		names = append(names, p.name)
	}
	if diff := cmp.Diff([]string{"Jane Doe", "عمر حداد"}, names); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	if len(e.contribs) != 1 || e.contribs[0].name != "Lee Park" {
		t.Errorf("contributors = %+v, want Lee Park", e.contribs)
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain":                          "plain",
		"tab\tnl\ncr\r":                  "tab\tnl\ncr\r",
		"nul\x00bell\x07esc\x1bdel\x7f":  "nulbellescdel\x7f",
		"bad\xffutf8\xc3":                "badutf8",
		"nonchar\uFFFE\uFFFFend":         "noncharend",
		"emoji 🎉 rtl مرحبا":              "emoji 🎉 rtl مرحبا",
		"\x01\x02\x03":                   "",
		"private\uE000 astral\U0001F600": "private\uE000 astral\U0001F600",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChannelUpdatedDefaultsToNewestItem(t *testing.T) {
	ch := testChannel(t, "/atom.xml")
	ch.Updated = time.Time{}
	out := render(t, func(w io.Writer) error { return Atom(w, ch, fixtures(), testLinks()) })
	if !strings.Contains(string(out), "<updated>2024-06-20T14:05:00-04:00</updated>\n  <link") {
		t.Errorf("feed updated not taken from newest item:\n%s", out)
	}
	out = render(t, func(w io.Writer) error { return Atom(w, ch, nil, testLinks()) })
	wellFormed(t, out)
	if !strings.Contains(string(out), "<updated>1969-12-31T19:00:00-05:00</updated>") {
		t.Errorf("empty feed should carry the epoch as updated:\n%s", out)
	}
}

func TestAbsolutizeHTML(t *testing.T) {
	base := site + "/articles/story"
	cases := map[string]string{
		`<a href="/x?a=1&amp;b=2">`:                  `<a href="https://news.example.com/x?a=1&amp;b=2">`,
		`<a href="https://other.example/">`:          `<a href="https://other.example/">`,
		`<a href="mailto:desk@example.com">`:         `<a href="mailto:desk@example.com">`,
		`<img src="//cdn.example.com/i.jpg">`:        `<img src="https://cdn.example.com/i.jpg">`,
		`<img data-src="/lazy.jpg" src="rel.jpg">`:   `<img data-src="/lazy.jpg" src="https://news.example.com/articles/rel.jpg">`,
		`<p title="href=&#34;/x&#34;">href="/y"</p>`: `<p title="href=&#34;/x&#34;">href="/y"</p>`,
		`<a href="">empty</a><a href="#top">top</a>`: `<a href="">empty</a><a href="https://news.example.com/articles/story#top">top</a>`,
		`unterminated <a href="/x`:                   `unterminated <a href="/x`,
	}
	for in, want := range cases {
		if got := absolutizeHTML(in, base); got != want {
			t.Errorf("absolutizeHTML(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}
