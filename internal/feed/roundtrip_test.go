package feed

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"

	"masthead/internal/model"
)

// parse parses a feed with gofeed, the library Masthead's importer uses.
func parse(t *testing.T, doc []byte) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(doc))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, doc)
	}
	return f
}

func personNames(ps []*gofeed.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func sameInstant(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: missing, want %v", what, want)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// commonChecks are the facts every format must carry over.
func commonChecks(t *testing.T, f *gofeed.Feed, self string) {
	t.Helper()
	items := fixtures()
	if f.Title != "The Daily Example" {
		t.Errorf("feed title = %q", f.Title)
	}
	if f.Link != site && !(f.FeedType == "atom" && containsStr(f.Links, site)) {
		t.Errorf("feed link = %q, links %v, want %s", f.Link, f.Links, site)
	}
	if f.FeedLink != site+self {
		t.Errorf("feed self link = %q, want %s", f.FeedLink, site+self)
	}
	if f.Language != "en" {
		t.Errorf("language = %q", f.Language)
	}
	if len(f.Items) != len(items) {
		t.Fatalf("%d items, want %d", len(f.Items), len(items))
	}
	for i, it := range f.Items {
		a := items[i]
		if it.Title != a.Headline {
			t.Errorf("item %d title = %q, want %q", i, it.Title, a.Headline)
		}
		if want := site + "/articles/" + a.Slug; it.Link != want {
			t.Errorf("item %d link = %q, want %q", i, it.Link, want)
		}
		sameInstant(t, "published", it.PublishedParsed, a.PublishedAt)
		if strings.Contains(it.Content, "masthead-recirc") {
			t.Errorf("item %d content keeps the recirculation placeholder", i)
		}
	}
	b := f.Items[0]
	sameInstant(t, "updated", b.UpdatedParsed, items[0].UpdatedAt)
	if !strings.Contains(b.Content, "<h2>What changes</h2>") {
		t.Errorf("content_html lost the body: %q", b.Content)
	}
	if got := imageURL(b); got != site+"/media/7/abcdef012345.jpg" {
		t.Errorf("lead image = %q", got)
	}
	if got := imageURL(f.Items[1]); got != "https://images.wire.example/photo.jpg?w=1200&h=800" {
		t.Errorf("remote lead image = %q", got)
	}
	if got := imageURL(f.Items[2]); got != "" {
		t.Errorf("article without lead media has image %q", got)
	}
	if diff := cmp.Diff([]string{"Politics", "Budget", "City Hall"}, b.Categories); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
}

// imageURL is the lead image as gofeed sees it: Item.Image for RSS (from
// media:content) and JSON Feed, the image enclosure for Atom.
func imageURL(it *gofeed.Item) string {
	if it.Image != nil {
		return it.Image.URL
	}
	for _, e := range it.Enclosures {
		if strings.HasPrefix(e.Type, "image/") {
			return e.URL
		}
	}
	return ""
}

func containsStr(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

func TestRSSRoundTrip(t *testing.T) {
	out := render(t, func(w io.Writer) error { return RSS(w, testChannel(t, "/rss.xml"), fixtures(), testLinks()) })
	f := parse(t, out)
	if f.FeedType != "rss" || f.FeedVersion != "2.0" {
		t.Errorf("type %s %s", f.FeedType, f.FeedVersion)
	}
	commonChecks(t, f, "/rss.xml")
	b := f.Items[0]
	if b.GUID != site+"/articles/council-budget" {
		t.Errorf("guid = %q", b.GUID)
	}
	if b.Description != fixtures()[0].Dek {
		t.Errorf("description = %q, want the dek", b.Description)
	}
	if !strings.HasPrefix(f.Items[1].Description, "Drivers will pay more from July.") {
		t.Errorf("description without dek = %q, want an excerpt", f.Items[1].Description)
	}
	if b.DublinCoreExt == nil {
		t.Fatal("no dc: extension")
	}
	if diff := cmp.Diff([]string{"Jane Doe", "عمر حداد"}, b.DublinCoreExt.Creator); diff != "" {
		t.Errorf("dc:creator (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Lee Park"}, b.DublinCoreExt.Contributor); diff != "" {
		t.Errorf("dc:contributor (-want +got):\n%s", diff)
	}
	if f.Items[1].UpdatedParsed != nil {
		t.Errorf("never-updated item has updated %v", f.Items[1].UpdatedParsed)
	}

	mc := b.Extensions["media"]["content"]
	if len(mc) != 1 {
		t.Fatalf("media:content = %+v", mc)
	}
	want := map[string]string{"url": site + "/media/7/abcdef012345.jpg", "medium": "image", "type": "image/jpeg",
		"width": "1600", "height": "900", "fileSize": "245760"}
	if diff := cmp.Diff(want, mc[0].Attrs); diff != "" {
		t.Errorf("media:content attrs (-want +got):\n%s", diff)
	}
	credit := mc[0].Children["credit"]
	if len(credit) != 1 || credit[0].Value != "Jane Roe/POOL/Agence Example via Wire Service" ||
		credit[0].Attrs["role"] != "photographer" || credit[0].Attrs["scheme"] != "urn:ebu" {
		t.Errorf("media:credit = %+v", credit)
	}
	desc := mc[0].Children["description"]
	if len(desc) != 1 || desc[0].Value != "Council members vote on the budget late Thursday." {
		t.Errorf("media:description = %+v", desc)
	}
	if strings.Contains(desc[0].Value, "Jane Roe") {
		t.Error("credit pasted into caption")
	}
	// Remote media without dimensions: no width/height attributes.
	mc = f.Items[1].Extensions["media"]["content"]
	if len(mc) != 1 || mc[0].Attrs["width"] != "" || mc[0].Children["credit"][0].Value != "Sam Lee/Wire" {
		t.Errorf("remote media:content = %+v", mc)
	}
	if f.Items[2].Extensions["media"] != nil {
		t.Error("article without lead media has media:content")
	}
}

func TestAtomRoundTrip(t *testing.T) {
	out := render(t, func(w io.Writer) error { return Atom(w, testChannel(t, "/atom.xml"), fixtures(), testLinks()) })
	f := parse(t, out)
	if f.FeedType != "atom" {
		t.Errorf("type %s", f.FeedType)
	}
	commonChecks(t, f, "/atom.xml")
	sameInstant(t, "feed updated", f.UpdatedParsed, testChannel(t, "").Updated)
	if f.Copyright == "" || f.Authors[0].Name != "The Daily Example" {
		t.Errorf("rights %q, feed authors %v", f.Copyright, personNames(f.Authors))
	}
	b := f.Items[0]
	if diff := cmp.Diff([]string{"Jane Doe", "عمر حداد"}, personNames(b.Authors)); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	if b.GUID != "tag:news.example.com,2024-06-20:article:42" {
		t.Errorf("id = %q", b.GUID)
	}
	if b.Description != fixtures()[0].Dek {
		t.Errorf("summary = %q", b.Description)
	}
	if len(b.Enclosures) != 1 || b.Enclosures[0].URL != site+"/media/7/abcdef012345.jpg" ||
		b.Enclosures[0].Type != "image/jpeg" || b.Enclosures[0].Length != "245760" {
		t.Errorf("enclosures = %+v", b.Enclosures)
	}
	// A never-updated entry's updated is its publication time.
	sameInstant(t, "entry 1 updated", f.Items[1].UpdatedParsed, fixtures()[1].PublishedAt)
}

func TestJSONFeedRoundTrip(t *testing.T) {
	out := render(t, func(w io.Writer) error {
		return JSONFeed(w, testChannel(t, "/feed.json"), fixtures(), testLinks())
	})
	f := parse(t, out)
	if f.FeedType != "json" || f.FeedVersion != JSONFeedVersion {
		t.Errorf("type %s %s", f.FeedType, f.FeedVersion)
	}
	commonChecks(t, f, "/feed.json")
	b := f.Items[0]
	if diff := cmp.Diff([]string{"Jane Doe", "عمر حداد"}, personNames(b.Authors)); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}

	var raw struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	it := raw.Items[0]
	if it["date_published"] != "2024-06-20T10:21:00-04:00" || it["date_modified"] != "2024-06-20T14:05:00-04:00" {
		t.Errorf("dates = %v / %v", it["date_published"], it["date_modified"])
	}
	if _, ok := raw.Items[1]["date_modified"]; ok {
		t.Error("never-updated item has date_modified")
	}
	authors := it["authors"].([]any)
	if a0 := authors[0].(map[string]any); a0["url"] != site+"/authors/jane-doe" || a0["avatar"] != site+"/media/3/0123456789ab.jpg" {
		t.Errorf("author 0 = %v", a0)
	}
}

// TestRFC822AcrossDST checks RSS dates carry the numeric offset in force at
// each instant in America/New_York, on both sides of both 2024 changes.
func TestRFC822AcrossDST(t *testing.T) {
	ny := newYork(t)
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2024, 3, 10, 6, 59, 0, 0, time.UTC), "Sun, 10 Mar 2024 01:59:00 -0500"},
		{time.Date(2024, 3, 10, 7, 0, 0, 0, time.UTC), "Sun, 10 Mar 2024 03:00:00 -0400"},
		// 01:30 happens twice on 3 Nov: first in EDT, then in EST.
		{time.Date(2024, 11, 3, 5, 30, 0, 0, time.UTC), "Sun, 03 Nov 2024 01:30:00 -0400"},
		{time.Date(2024, 11, 3, 6, 30, 0, 0, time.UTC), "Sun, 03 Nov 2024 01:30:00 -0500"},
		{time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC), "Thu, 20 Jun 2024 10:21:00 -0400"},
	}
	var items []*model.Article
	for i, c := range cases {
		if got := rfc822(c.at, ny); got != c.want {
			t.Errorf("rfc822(%v) = %q, want %q", c.at, got, c.want)
		}
		items = append(items, &model.Article{ID: int64(i + 1), Slug: "dst-" + string(rune('a'+i)),
			Headline: "DST " + c.want, PublishedAt: c.at})
	}
	ch := testChannel(t, "/rss.xml")
	out := render(t, func(w io.Writer) error { return RSS(w, ch, items, testLinks()) })
	for _, c := range cases {
		if !strings.Contains(string(out), "<pubDate>"+c.want+"</pubDate>") {
			t.Errorf("RSS lacks pubDate %q", c.want)
		}
	}
	for _, zone := range []string{"EST", "EDT", "GMT", "UTC"} {
		if strings.Contains(string(out), " "+zone+"<") {
			t.Errorf("RSS date uses zone name %s", zone)
		}
	}
	f := parse(t, out)
	for i, it := range f.Items {
		sameInstant(t, "pubDate "+cases[i].want, it.PublishedParsed, cases[i].at)
	}

	// A nil Location means UTC, still numeric.
	ch.Location = nil
	out = render(t, func(w io.Writer) error { return RSS(w, ch, items[:1], testLinks()) })
	if !strings.Contains(string(out), "<pubDate>Sun, 10 Mar 2024 06:59:00 +0000</pubDate>") {
		t.Errorf("UTC pubDate not numeric:\n%s", out)
	}
}
