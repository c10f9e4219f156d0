package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

const testRSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Daily Planet</title>
  <link>https://planet.example/world</link>
  <description>News from everywhere</description>
  <copyright>Daily Planet Ltd. All rights reserved.</copyright>
  <item>
    <title>Ceasefire talks resume &amp; stall</title>
    <link>https://planet.example/world/2024/jun/20/ceasefire-talks</link>
    <guid isPermaLink="false">planet-1001</guid>
    <description>&lt;p&gt;Negotiators meet again after a week of strikes.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Talks between the two delegations resumed on Thursday.</p><h2>Next steps</h2><p>More to follow.</p>]]></content:encoded>
    <category domain="https://planet.example/world/ukraine">Ukraine</category>
    <category domain="https://planet.example/world/world">World news</category>
    <category domain="https://planet.example/politics/politics">Politics</category>
    <pubDate>Thu, 20 Jun 2024 14:21:00 GMT</pubDate>
    <dc:date>2024-06-20T16:00:00Z</dc:date>
    <dc:creator>Jane Doe in Kyiv</dc:creator>
    <media:content width="140" url="https://img.planet.example/talks.jpg?w=140" type="image/jpeg">
      <media:credit scheme="urn:ebu">Photograph: Ann Lee/Reuters</media:credit>
    </media:content>
    <media:content width="940" height="560" url="https://img.planet.example/talks.jpg?w=940" type="image/jpeg">
      <media:description>Delegates arrive at the talks.</media:description>
      <media:credit scheme="urn:ebu">Photograph: Ann Lee/Reuters</media:credit>
    </media:content>
    <media:content width="2000" url="https://video.planet.example/talks.mp4" type="video/mp4"/>
  </item>
  <item>
    <title>Market report</title>
    <link>/business/market-report</link>
    <description>Shares rose &lt; 1% on Friday.

Bonds were flat.</description>
    <pubDate>Fri, 21 Jun 2024 09:00:00 +0200</pubDate>
    <author>desk@planet.example (Sam Roe and Kim Poe)</author>
    <enclosure url="https://img.planet.example/market.png" type="image/png" length="1234"/>
  </item>
  <item>
    <title>No identity at all</title>
    <description>Lost.</description>
  </item>
</channel>
</rss>`

func parseFeedString(t *testing.T, s string) *Batch {
	t.Helper()
	b, err := ParseFeed(strings.NewReader(s), "test.xml", time.UTC)
	if err != nil {
		t.Fatalf("ParseFeed: %v", err)
	}
	return b
}

func TestParseFeedRSS(t *testing.T) {
	b := parseFeedString(t, testRSS)
	if b.Source != "feed:https://planet.example/world" {
		t.Errorf("source = %q", b.Source)
	}
	if len(b.Items) != 2 || len(b.Skipped) != 1 || b.Skipped[0].Reason != "no id" {
		t.Fatalf("items %d skipped %+v", len(b.Items), b.Skipped)
	}
	it := b.Items[0]
	if it.SourceID != "planet-1001" || it.Headline != "Ceasefire talks resume & stall" {
		t.Errorf("id %q headline %q", it.SourceID, it.Headline)
	}
	if !strings.Contains(it.BodyHTML, "<h2>Next steps</h2>") || it.Dek != "Negotiators meet again after a week of strikes." {
		t.Errorf("body %q dek %q", it.BodyHTML, it.Dek)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "Jane Doe" || it.Dateline != "Kyiv" {
		t.Errorf("authors %+v dateline %q", it.Authors, it.Dateline)
	}
	if it.Section == nil || it.Section.Name != "World news" {
		t.Errorf("section %+v", it.Section)
	}
	if len(it.Tags) != 2 || it.Tags[0].Name != "Ukraine" || it.Tags[1].Name != "Politics" {
		t.Errorf("tags %+v", it.Tags)
	}
	want := time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC)
	if !it.Published.Equal(want) || !it.Updated.Equal(want.Add(99*time.Minute)) {
		t.Errorf("published %v updated %v", it.Published, it.Updated)
	}
	l := it.Lead
	if l == nil || l.URL != "https://img.planet.example/talks.jpg?w=940" || l.Width != 940 || l.Height != 560 ||
		l.Credit != "Photograph: Ann Lee/Reuters" || l.Caption != "Delegates arrive at the talks." || l.MIME != "image/jpeg" {
		t.Errorf("lead %+v", l)
	}
	if it.Rights != "Daily Planet Ltd. All rights reserved." || it.CanonicalURL != "https://planet.example/world/2024/jun/20/ceasefire-talks" {
		t.Errorf("rights %q canonical %q", it.Rights, it.CanonicalURL)
	}

	m := b.Items[1]
	if m.SourceID != "/business/market-report" || m.CanonicalURL != "https://planet.example/business/market-report" {
		t.Errorf("id %q canonical %q", m.SourceID, m.CanonicalURL)
	}
	if m.BodyHTML != "<p>Shares rose &lt; 1% on Friday.</p>\n<p>Bonds were flat.</p>" || m.Dek != "" {
		t.Errorf("plain body %q dek %q", m.BodyHTML, m.Dek)
	}
	if len(m.Authors) != 2 || m.Authors[0].Name != "Sam Roe" || m.Authors[1].Name != "Kim Poe" || m.Authors[0].Email != "" {
		t.Errorf("authors %+v", m.Authors)
	}
	if m.Section == nil || m.Section.Name != "The Daily Planet" {
		t.Errorf("section %+v", m.Section)
	}
	if !m.Published.Equal(time.Date(2024, 6, 21, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v", m.Published)
	}
	if m.Lead == nil || m.Lead.URL != "https://img.planet.example/market.png" || m.Lead.MIME != "image/png" {
		t.Errorf("lead %+v", m.Lead)
	}
}

const testAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title type="text">Tech Desk</title>
  <link rel="alternate" href="https://tech.example/"/>
  <link rel="self" href="https://tech.example/atom.xml"/>
  <id>tag:tech.example,2024:feed</id>
  <updated>2024-06-02T10:00:00+02:00</updated>
  <author><name>Tech Desk Staff</name></author>
  <entry>
    <title type="html">Chips &lt;em&gt;shrink&lt;/em&gt; again</title>
    <id>tag:tech.example,2024:1</id>
    <link rel="alternate" href="https://tech.example/chips"/>
    <published>2024-06-01T09:00:00+02:00</published>
    <updated>2024-06-02T10:00:00+02:00</updated>
    <summary>Smaller and faster.</summary>
    <media:group>
      <media:content url="https://tech.example/chip-small.jpg" medium="image" width="300"/>
      <media:content url="https://tech.example/chip-large.jpg" medium="image" width="1200">
        <media:title>A wafer under light</media:title>
      </media:content>
    </media:group>
    <media:credit>Pat Kim/Tech Desk</media:credit>
  </entry>
  <entry>
    <title>Naive time</title>
    <id>tag:tech.example,2024:2</id>
    <published>2024-06-01T09:00:00</published>
    <content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
  </entry>
</feed>`

func TestParseFeedAtom(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	b, err := ParseFeed(strings.NewReader(testAtom), "tech.atom", berlin)
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != "feed:https://tech.example/" || len(b.Items) != 2 {
		t.Fatalf("source %q items %d", b.Source, len(b.Items))
	}
	it := b.Items[0]
	if it.Headline != "Chips shrink again" || it.BodyHTML != "<p>Smaller and faster.</p>" || it.Dek != "" {
		t.Errorf("headline %q body %q dek %q", it.Headline, it.BodyHTML, it.Dek)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "Tech Desk Staff" {
		t.Errorf("authors %+v (entries inherit the feed author)", it.Authors)
	}
	if !it.Published.Equal(time.Date(2024, 6, 1, 7, 0, 0, 0, time.UTC)) || !it.Updated.Equal(time.Date(2024, 6, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v updated %v", it.Published, it.Updated)
	}
	if l := it.Lead; l == nil || l.URL != "https://tech.example/chip-large.jpg" || l.Credit != "Pat Kim/Tech Desk" || l.Caption != "A wafer under light" || l.Alt != "A wafer under light" {
		t.Errorf("lead %+v", it.Lead)
	}
	if got := b.Items[1].Published; !got.Equal(time.Date(2024, 6, 1, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("naive time read in loc: %v", got)
	}
}

const testJSONFeed = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Night Owl",
  "home_page_url": "https://owl.example/",
  "feed_url": "https://owl.example/feed.json",
  "items": [
    {
      "id": "owl-7",
      "url": "https://owl.example/7",
      "title": "Moths at midnight",
      "content_html": "<p>They come to the lamp.</p>",
      "summary": "A study of moths",
      "image": "https://owl.example/moth.jpg",
      "date_published": "2024-05-01T22:00:00Z",
      "date_modified": "2024-05-02T08:00:00Z",
      "authors": [{"name": "Lee Park"}, {"name": "Ada Stone"}],
      "tags": ["insects", "night"]
    }
  ]
}`

func TestParseFeedJSON(t *testing.T) {
	b := parseFeedString(t, testJSONFeed)
	if b.Source != "feed:https://owl.example/" || len(b.Items) != 1 {
		t.Fatalf("source %q items %d", b.Source, len(b.Items))
	}
	it := b.Items[0]
	if it.SourceID != "owl-7" || it.Dek != "A study of moths" || it.Lead == nil || it.Lead.URL != "https://owl.example/moth.jpg" {
		t.Errorf("item %+v", it)
	}
	if len(it.Authors) != 2 || len(it.Tags) != 2 || it.Section.Name != "Night Owl" {
		t.Errorf("authors %+v tags %+v section %+v", it.Authors, it.Tags, it.Section)
	}
	if it.Updated.IsZero() {
		t.Error("updated not set")
	}
}

func TestParseFeedEncodings(t *testing.T) {
	body := `<rss version="2.0"><channel><title>Zeitung</title><link>https://z.example/</link>
<item><title>Grüße aus Köln: Bürger überrascht</title><guid>z1</guid><description>Straße gesperrt</description>
<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item></channel></rss>`
	latin1, err := charmap.ISO8859_1.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	// Declared ISO-8859-1: gofeed converts it.
	b := parseFeedString(t, `<?xml version="1.0" encoding="ISO-8859-1"?>`+"\n"+latin1)
	if it := b.Items[0]; it.Headline != "Grüße aus Köln: Bürger überrascht" || !strings.Contains(it.BodyHTML, "Straße") || len(b.Notes) != 0 {
		t.Errorf("declared latin-1: %q %q %v", it.Headline, it.BodyHTML, b.Notes)
	}
	// Undeclared and not UTF-8: read as Windows-1252, with a note.
	b = parseFeedString(t, latin1)
	it := b.Items[0]
	if it.Headline != "Grüße aus Köln: Bürger überrascht" || len(b.Notes) != 1 {
		t.Errorf("undeclared latin-1: %q %v", it.Headline, b.Notes)
	}
	if !it.Published.Equal(time.Date(2018, 9, 24, 22, 42, 40, 0, time.UTC)) {
		t.Errorf("Portuguese date: %v", it.Published)
	}
	// Right-to-left text passes through untouched.
	urdu := `<rss version="2.0"><channel><title>خبریں</title><link>https://u.example/</link><item><guid>u1</guid>
<title>پاکستان کے لیے امریکی امداد</title><description>امریکہ اور پاکستان کے تعلقات</description></item></channel></rss>`
	if it := parseFeedString(t, urdu).Items[0]; it.Headline != "پاکستان کے لیے امریکی امداد" || it.BodyHTML != "<p>امریکہ اور پاکستان کے تعلقات</p>" {
		t.Errorf("urdu: %q %q", it.Headline, it.BodyHTML)
	}
}

func TestParseFeedErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"blank", "  \n\t ", "empty file"},
		{"garbage", "hello, world", "not an RSS, Atom or JSON feed"},
		{"html", "<html><body>hi</body></html>", "not an RSS, Atom or JSON feed"},
		{"malformed", "<rss version=\"2.0\">\n<channel>\n<title>x</title>\n<item><title>a</titl></item>\n</channel></rss>", "line 4"},
		{"truncated", "<rss version=\"2.0\">\n<channel>\n<item><title>a", "test.xml"},
		{"bad json", "{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [ {\"id\": } ]}", "test.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFeed(strings.NewReader(tc.in), "test.xml", time.UTC)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "test.xml") {
				t.Errorf("err = %v, want it to name the file and contain %q", err, tc.want)
			}
		})
	}
}

func TestFeedSplitByline(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "Name@Place|Name…"
	}{
		{"David Smith in Washington", "David Smith@Washington"},
		{"Ashifa Kassam in Stanstead, Quebec", "Ashifa Kassam@Stanstead, Quebec"},
		{"Associated Press in Palm Beach, Florida", "Associated Press@Palm Beach, Florida"},
		{"Sam Jones in Madrid and Stephen Burgen in Barcelona", "Sam Jones@Madrid|Stephen Burgen@Barcelona"},
		{"Erica Chenoweth and Jeremy Pressman", "Erica Chenoweth|Jeremy Pressman"},
		{"Nick Ames (now), Ed Aarons and Ben Fisher (earlier)", "Nick Ames|Ed Aarons|Ben Fisher"},
		{"Damian Carrington Environment editor", "Damian Carrington"},
		{"Patrick Wintour Diplomatic editor", "Patrick Wintour"},
		{"Jane Doe, political editor", "Jane Doe"},
		{"Staff and agencies", "Staff and agencies"},
		{"First Dog on the Moon", "First Dog on the Moon"},
		{"Theodore Roosevelt IV", "Theodore Roosevelt IV"},
		{"By Laura Wides-Muñoz", "Laura Wides-Muñoz"},
		{"Ludwig van Beethoven in Frankfurt am Main", "Ludwig van Beethoven@Frankfurt am Main"},
		{"Love in the time of cholera", "Love in the time of cholera"},
		{"Reporter in 2024", "Reporter in 2024"},
		{"مراسل في كابل", "مراسل في كابل"},
		{"", ""},
	} {
		var parts []string
		for _, p := range feedSplitByline(tc.in) {
			s := p.Name
			if p.Place != "" {
				s += "@" + p.Place
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("feedSplitByline(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLooseTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"2022-06-26T23:54:25+0000", "2022-06-26T23:54:25Z"},
		{"2022-06-29T02:30:00+00:00", "2022-06-29T02:30:00Z"},
		{"2021-05-26T13:40:18+02:00", "2021-05-26T11:40:18Z"},
		{"2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05Z"},
		{"2024-01-02 10:00:00", "2024-01-02T15:00:00Z"}, // naive: New York
		{"Wed, 31 Jan 2018 07:26:05 GMT", "2018-01-31T07:26:05Z"},
		{"Sun, 28 Oct 2018 13:48:00 +0100", "2018-10-28T12:48:00Z"},
		{"Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"},
		{"Mo, 3 Mär 2025 08:00:00 +0100", "2025-03-03T07:00:00Z"},
		{"3 déc. 2024 10:00:00 +0000", "2024-12-03T10:00:00Z"},
	} {
		got, ok := looseTimeIn(tc.in, ny)
		if !ok || got.Format(time.RFC3339) != tc.want || got.Location() != time.UTC {
			t.Errorf("looseTimeIn(%q) = %v, %v; want %s", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "Wed, 31 Jan 2018 07:26:05 EST"} {
		if _, ok := looseTimeIn(bad, ny); ok {
			t.Errorf("looseTimeIn(%q) accepted", bad)
		}
	}
}

func TestFeedWriteIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum, err := Write(ctx, s, parseFeedString(t, testRSS), nil)
		if err != nil || sum.Imported != 2 || sum.Skipped["no id"] != 1 {
			t.Fatalf("first write: %+v, %v", sum, err)
		}
		sum, err = Write(ctx, s, parseFeedString(t, testRSS), nil)
		if err != nil || sum.Imported != 0 || sum.Updated != 2 {
			t.Fatalf("second write: %+v, %v", sum, err)
		}
		a, err := s.ArticleBySource(ctx, "feed:https://planet.example/world", "planet-1001")
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != model.StatusPublished || a.Dateline != "Kyiv" || a.LeadCredit != "Photograph: Ann Lee/Reuters" ||
			a.LeadCaption != "Delegates arrive at the talks." || len(a.Bylines) != 1 || len(a.Tags) != 2 || a.Section == nil && a.SectionID == 0 {
			t.Errorf("stored %+v", a)
		}
		c, err := s.CountAll(ctx)
		if err != nil || c.Articles != 2 {
			t.Errorf("counts %+v, %v", c, err)
		}
	})
}

func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{testRSS, testAtom, testJSONFeed, "", "<rss>", `{"version":"https://jsonfeed.org/version/1","items":[{}]}`,
		"<rss version=\"2.0\"><channel><item><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">A B in C, D</dc:creator><guid>x</guid></item></channel></rss>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseFeed(strings.NewReader(string(data)), "fuzz.xml", time.UTC)
		if err == nil && b.Source == "" {
			t.Error("batch without source")
		}
	})
}
