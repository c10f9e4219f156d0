package importer

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// wxrDoc wraps channel content in a WXR 1.2 document with the usual
// namespaces (the wp prefix bound to the 1.2 URI).
func wxrDoc(channel string) string {
	return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Test Gazette</title>
	<link>https://gazette.example/</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://gazette.example</wp:base_site_url>
` + channel + `
</channel>
</rss>
`
}

// wxrPostXML is one published post; extra is added inside the item.
func wxrPostXML(id, title, extra string) string {
	return `<item>
	<title>` + title + `</title>
	<dc:creator><![CDATA[jane]]></dc:creator>
	<guid isPermaLink="false">https://gazette.example/?p=` + id + `</guid>
	<content:encoded><![CDATA[Body of ` + title + `]]></content:encoded>
	<excerpt:encoded><![CDATA[]]></excerpt:encoded>
	<wp:post_id>` + id + `</wp:post_id>
	<wp:post_name><![CDATA[` + strings.ToLower(strings.ReplaceAll(title, " ", "-")) + `]]></wp:post_name>
	<wp:post_type><![CDATA[post]]></wp:post_type>
` + extra + `
</item>
`
}

func wxrParse(t *testing.T, doc string) *Batch {
	t.Helper()
	b, err := ParseWXR(strings.NewReader(doc), "test.xml", time.UTC)
	if err != nil {
		t.Fatalf("ParseWXR: %v", err)
	}
	return b
}

func wxrItemByID(t *testing.T, b *Batch, id string) *Item {
	t.Helper()
	for i := range b.Items {
		if b.Items[i].SourceID == id {
			return &b.Items[i]
		}
	}
	t.Fatalf("no item %s in %+v (skipped %+v)", id, b.Items, b.Skipped)
	return nil
}

func TestWXRSourceAndBasics(t *testing.T) {
	b := wxrParse(t, wxrDoc(wxrPostXML("7", "Hello World", `<wp:status>publish</wp:status>
	<wp:post_date_gmt>2024-06-20 14:21:00</wp:post_date_gmt>
	<wp:comment_status>open</wp:comment_status>`)))
	if b.Source != "wxr:https://gazette.example" {
		t.Errorf("Source = %q", b.Source)
	}
	it := wxrItemByID(t, b, "7")
	if it.Kind != model.KindArticle || it.Status != model.StatusPublished || it.Headline != "Hello World" ||
		it.Slug != "hello-world" || !it.CommentsOpen || it.BodyHTML != "<p>Body of Hello World</p>" {
		t.Errorf("item = %+v", it)
	}
}

func TestWXRDatePrecedence(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	cases := []struct {
		name, fields string
		want         time.Time
	}{
		{"gmt wins", `<pubDate>Tue, 01 Jan 2019 10:00:00 +0000</pubDate>
			<wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2021-03-04 05:06:07</wp:post_date_gmt>`,
			time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)},
		{"zero gmt falls back to pubDate", `<pubDate>Tue, 01 Jan 2019 10:00:00 +0200</pubDate>
			<wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>`,
			time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC)},
		{"RFC 822 zone name", `<pubDate>Mon, 2 Jan 2006 15:04:05 EST</pubDate>`,
			time.Date(2006, 1, 2, 20, 4, 5, 0, time.UTC)},
		{"draft pubDate -0001 falls back to local date in site zone", `<pubDate>Wed, 30 Nov -0001 00:00:00 +0000</pubDate>
			<wp:post_date>2024-07-01 09:30:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>`,
			time.Date(2024, 7, 1, 13, 30, 0, 0, time.UTC)},
		{"all unset", `<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate>
			<wp:post_date>0000-00-00 00:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>`,
			time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := ParseWXR(strings.NewReader(wxrDoc(wxrPostXML("1", "Dated", "<wp:status>publish</wp:status>"+c.fields))), "x", ny)
			if err != nil {
				t.Fatal(err)
			}
			got := b.Items[0].Published
			if !got.Equal(c.want) || (!got.IsZero() && got.Location() != time.UTC) {
				t.Errorf("Published = %v, want %v", got, c.want)
			}
		})
	}
}

func TestWXRUpdated(t *testing.T) {
	b := wxrParse(t, wxrDoc(wxrPostXML("1", "A", `<wp:status>publish</wp:status>
		<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt><wp:post_modified_gmt>2024-01-02 11:00:00</wp:post_modified_gmt>`)+
		wxrPostXML("2", "B", `<wp:status>publish</wp:status>
		<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt><wp:post_modified_gmt>2024-01-01 10:00:00</wp:post_modified_gmt>`)))
	if got := wxrItemByID(t, b, "1").Updated; !got.Equal(time.Date(2024, 1, 2, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("Updated = %v", got)
	}
	if got := wxrItemByID(t, b, "2").Updated; !got.IsZero() {
		t.Errorf("unmodified post has Updated %v", got)
	}
}

func TestWXRAuthors(t *testing.T) {
	doc := wxrDoc(`
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[jane]]></wp:author_login>
		<wp:author_email><![CDATA[jane@gazette.example]]></wp:author_email>
		<wp:author_display_name><![CDATA[Jane Q. Reporter]]></wp:author_display_name>
		<wp:author_first_name><![CDATA[Jane]]></wp:author_first_name><wp:author_last_name><![CDATA[Reporter]]></wp:author_last_name></wp:author>
	<wp:wp_author><wp:author_login>omar</wp:author_login><wp:author_email>omar@gazette.example</wp:author_email>
		<wp:author_first_name>Omar</wp:author_first_name><wp:author_last_name>Haddad</wp:author_last_name></wp:wp_author>
	` + wxrPostXML("1", "By Jane", "<wp:status>publish</wp:status>") +
		strings.Replace(wxrPostXML("2", "By Omar", "<wp:status>publish</wp:status>"), "[jane]", "[omar]", 1) +
		strings.Replace(wxrPostXML("3", "By Ghost", "<wp:status>publish</wp:status>"), "[jane]", "[ghost]", 1))
	b := wxrParse(t, doc)
	want := map[string]AuthorRef{
		"1": {Slug: "jane", Name: "Jane Q. Reporter", Email: "jane@gazette.example"},
		"2": {Slug: "omar", Name: "Omar Haddad", Email: "omar@gazette.example"},
		"3": {Slug: "ghost", Name: "ghost"},
	}
	for id, w := range want {
		got := wxrItemByID(t, b, id).Authors
		if len(got) != 1 || got[0] != w {
			t.Errorf("post %s authors = %+v, want %+v", id, got, w)
		}
	}
}

func TestWXRCoAuthorsPlus(t *testing.T) {
	doc := wxrDoc(`
	<wp:author><wp:author_login>jane</wp:author_login><wp:author_display_name>Jane Reporter</wp:author_display_name></wp:author>
	<wp:author><wp:author_login>li-wei</wp:author_login><wp:author_display_name>Li Wei</wp:author_display_name></wp:author>
	` + wxrPostXML("1", "Joint", `<wp:status>publish</wp:status>
		<category domain="author" nicename="cap-li-wei"><![CDATA[li-wei]]></category>
		<category domain="author" nicename="cap-guest-writer"><![CDATA[Guest Writer]]></category>
		<category domain="author" nicename="cap-jane"><![CDATA[jane]]></category>`))
	got := wxrParse(t, doc).Items[0].Authors
	want := []AuthorRef{{Slug: "li-wei", Name: "Li Wei"}, {Slug: "guest-writer", Name: "Guest Writer"}, {Slug: "jane", Name: "Jane Reporter"}}
	if len(got) != len(want) {
		t.Fatalf("authors = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("byline %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestWXRTaxonomy(t *testing.T) {
	doc := wxrDoc(`
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>politics</wp:category_nicename><wp:cat_name><![CDATA[Politics]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>
	<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>elections</wp:tag_slug><wp:tag_name><![CDATA[Elections]]></wp:tag_name></wp:tag>
	` + wxrPostXML("1", "Vote", `<wp:status>publish</wp:status>
		<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
		<category domain="category" nicename="politics"><![CDATA[Politics]]></category>
		<category domain="category" nicename="world"></category>
		<category domain="post_tag" nicename="elections"></category>
		<category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>`) +
		wxrPostXML("2", "Primary", `<wp:status>publish</wp:status>
		<category domain="category" nicename="politics"><![CDATA[Politics]]></category>
		<category domain="category" nicename="world"><![CDATA[World]]></category>
		<wp:postmeta><wp:meta_key>_yoast_wpseo_primary_category</wp:meta_key><wp:meta_value><![CDATA[4]]></wp:meta_value></wp:postmeta>`))
	b := wxrParse(t, doc)
	one := wxrItemByID(t, b, "1")
	if one.Section == nil || *one.Section != (Ref{Slug: "politics", Name: "Politics"}) {
		t.Errorf("section = %+v", one.Section)
	}
	wantTags := []Ref{{Slug: "elections", Name: "Elections"}, {Slug: "world", Name: "World"}}
	if len(one.Tags) != 2 || one.Tags[0] != wantTags[0] || one.Tags[1] != wantTags[1] {
		t.Errorf("tags = %+v, want %+v", one.Tags, wantTags)
	}
	if two := wxrItemByID(t, b, "2"); two.Section == nil || two.Section.Slug != "world" {
		t.Errorf("Yoast primary category ignored: %+v", two.Section)
	}
}

func TestWXRPostTypesAndStatuses(t *testing.T) {
	post := func(id, typ, status, extra string) string {
		return strings.Replace(wxrPostXML(id, "T"+id, "<wp:status>"+status+"</wp:status>"+extra),
			"<wp:post_type><![CDATA[post]]></wp:post_type>", "<wp:post_type>"+typ+"</wp:post_type>", 1)
	}
	doc := wxrDoc(post("1", "post", "publish", "") + post("2", "post", "draft", "") + post("3", "post", "pending", "") +
		post("4", "post", "private", "") + post("5", "post", "trash", "") + post("6", "revision", "inherit", "") +
		post("7", "page", "publish", "") + post("8", "attachment", "inherit", "") + post("9", "nav_menu_item", "publish", "") +
		post("10", "wp_global_styles", "publish", "") + post("11", "post", "publish", "<wp:post_password>secret</wp:post_password>") +
		post("12", "post", "future", "<wp:post_date_gmt>2099-01-01 00:00:00</wp:post_date_gmt>") + post("13", "post", "auto-draft", "") +
		post("14", "post", "inherit", ""))
	b := wxrParse(t, doc)
	want := map[string]struct {
		kind   model.Kind
		status model.Status
	}{
		"1": {model.KindArticle, model.StatusPublished}, "2": {model.KindArticle, model.StatusDraft},
		"3": {model.KindArticle, model.StatusReview}, "4": {model.KindArticle, model.StatusPrivate},
		"7": {model.KindPage, model.StatusPublished}, "11": {model.KindArticle, model.StatusPrivate},
		"12": {model.KindArticle, model.StatusPublished}, "13": {model.KindArticle, model.StatusDraft},
	}
	if len(b.Items) != len(want) {
		t.Errorf("%d items, want %d", len(b.Items), len(want))
	}
	for id, w := range want {
		it := wxrItemByID(t, b, id)
		if it.Kind != w.kind || it.Status != w.status {
			t.Errorf("post %s: %s/%s, want %s/%s", id, it.Kind, it.Status, w.kind, w.status)
		}
	}
	skipped := map[string]string{}
	for _, s := range b.Skipped {
		skipped[s.ID] = s.Reason
	}
	wantSkip := map[string]string{"5": "trash", "6": "revision", "8": "attachment", "9": "nav_menu_item", "10": "wp_global_styles", "14": "inherit"}
	for id, r := range wantSkip {
		if skipped[id] != r {
			t.Errorf("post %s skipped as %q, want %q", id, skipped[id], r)
		}
	}
	if len(b.Notes) != 1 || !strings.Contains(b.Notes[0], "password-protected") || !strings.Contains(b.Notes[0], "11") {
		t.Errorf("notes = %q", b.Notes)
	}
}

const wxrAttachmentXML = `<item>
	<title>Harbour at dawn</title>
	<guid isPermaLink="false">https://gazette.example/wp-content/uploads/harbour.jpg</guid>
	<excerpt:encoded><![CDATA[Fishing boats leave the harbour at dawn. Photo: Ana Lima/Reuters]]></excerpt:encoded>
	<wp:post_id>90</wp:post_id>
	<wp:post_parent>1</wp:post_parent>
	<wp:status>inherit</wp:status>
	<wp:post_type>attachment</wp:post_type>
	<wp:attachment_url><![CDATA[https://gazette.example/wp-content/uploads/harbour.jpg]]></wp:attachment_url>
	<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Boats in a harbour]]></wp:meta_value></wp:postmeta>
	<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[a:5:{s:5:"width";i:1600;s:6:"height";i:900;s:4:"file";s:11:"harbour.jpg";}]]></wp:meta_value></wp:postmeta>
</item>`

func TestWXRFeaturedImageAfterPost(t *testing.T) {
	doc := wxrDoc(wxrPostXML("1", "Harbour", `<wp:status>publish</wp:status>
		<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[90]]></wp:meta_value></wp:postmeta>`) +
		wxrPostXML("2", "Missing", `<wp:status>publish</wp:status>
		<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>404</wp:meta_value></wp:postmeta>`) +
		wxrAttachmentXML)
	b := wxrParse(t, doc)
	want := MediaRef{URL: "https://gazette.example/wp-content/uploads/harbour.jpg", Alt: "Boats in a harbour",
		Caption: "Fishing boats leave the harbour at dawn.", Credit: "Ana Lima/Reuters", MIME: "image/jpeg", Width: 1600, Height: 900}
	if l := wxrItemByID(t, b, "1").Lead; l == nil || *l != want {
		t.Errorf("lead = %+v, want %+v", l, want)
	}
	if l := wxrItemByID(t, b, "2").Lead; l != nil {
		t.Errorf("lead of missing attachment = %+v", l)
	}
	if len(b.Skipped) != 1 || b.Skipped[0].Reason != "attachment" {
		t.Errorf("skipped = %+v", b.Skipped)
	}
}

func TestWXRCommentCounting(t *testing.T) {
	c := func(approved, typ string) string {
		return `<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author>
			<wp:comment_content><![CDATA[Nice]]></wp:comment_content><wp:comment_approved>` + approved + `</wp:comment_approved>
			<wp:comment_type>` + typ + `</wp:comment_type><wp:commentmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:commentmeta></wp:comment>`
	}
	doc := wxrDoc(wxrPostXML("1", "Talked about", "<wp:status>publish</wp:status><wp:comment_status>closed</wp:comment_status>"+
		c("1", "")+c("1", "comment")+c("1", "<![CDATA[comment]]>")+c("0", "")+c("spam", "")+c("1", "pingback")+c("1", "trackback")))
	it := wxrParse(t, doc).Items[0]
	if it.Comments != 3 || it.CommentsOpen {
		t.Errorf("comments = %d, open = %v; want 3, false", it.Comments, it.CommentsOpen)
	}
}

func TestWXRNamespacesMatchedByURI(t *testing.T) {
	doc := `<?xml version="1.0"?>
<rss version="2.0" xmlns:press="https://wordpress.org/export/1.1/" xmlns:wp="http://example.com/not-wordpress/"
	xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:who="http://purl.org/dc/elements/1.1/">
<channel>
	<press:wxr_version>1.1</press:wxr_version>
	<press:base_site_url>https://odd.example</press:base_site_url>
	<wp:author><wp:author_login>fake</wp:author_login></wp:author>
	<press:author><press:author_login>real</press:author_login><press:author_display_name>Real Person</press:author_display_name></press:author>
	<item><title>Odd prefixes</title><who:creator>real</who:creator>
		<c:encoded><![CDATA[Text]]></c:encoded>
		<press:post_id>5</press:post_id><wp:post_id>999</wp:post_id>
		<press:status>publish</press:status><press:post_type>post</press:post_type></item>
	<item xmlns:press="http://hijack.example/"><title>Hijacked</title><press:post_id>6</press:post_id></item>
</channel></rss>`
	b := wxrParse(t, doc)
	if b.Source != "wxr:https://odd.example" || len(b.Items) != 1 {
		t.Fatalf("batch = %+v", b)
	}
	it := b.Items[0]
	if it.SourceID != "5" || len(it.Authors) != 1 || it.Authors[0].Name != "Real Person" || it.BodyHTML != "<p>Text</p>" {
		t.Errorf("item = %+v", it)
	}
	if len(b.Skipped) != 1 || b.Skipped[0].Reason != "no post id" {
		t.Errorf("skipped = %+v", b.Skipped)
	}
}

func TestWXRVersions(t *testing.T) {
	for _, v := range []string{"1.0", "1.1", "1.2"} {
		doc := strings.NewReplacer("export/1.2/", "export/"+v+"/", "<wp:wxr_version>1.2<", "<wp:wxr_version>"+v+"<").
			Replace(wxrDoc(wxrPostXML("1", "Old", "<wp:status>publish</wp:status><category domain=\"tag\"><![CDATA[news]]></category>")))
		b := wxrParse(t, doc)
		if len(b.Items) != 1 || len(b.Items[0].Tags) != 1 || b.Items[0].Tags[0].Slug != "news" {
			t.Errorf("WXR %s: %+v", v, b.Items)
		}
	}
}

func TestWXRCrazyCDATA(t *testing.T) {
	doc := wxrDoc(strings.Replace(wxrPostXML("1", "Nested", "<wp:status>publish</wp:status>"),
		"<![CDATA[Body of Nested]]>", "<![CDATA[Content with nested <![CDATA[ tags ]]> :)]]>", 1) +
		"<wp:term><wp:term_taxonomy>category</wp:term_taxonomy><wp:term_slug>x</wp:term_slug><wp:term_name><![CDATA[]]>]]></wp:term_name></wp:term>")
	b := wxrParse(t, doc)
	if got := b.Items[0].BodyHTML; got != "<p>Content with nested <![CDATA[ tags ]]> :)</p>" {
		t.Errorf("body = %q", got)
	}
	got, err := io.ReadAll(newWXRCDATAFixer(strings.NewReader("<a><![CDATA[x]]>]]></a> ]]> <![CDATA[y]]]]><![CDATA[>]]>\n</b><!-- ]]> -->")))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<a><![CDATA[x]]]]><![CDATA[>]]></a> ]]&gt; <![CDATA[y]]]]><![CDATA[>]]>\n</b><!-- ]]> -->"; string(got) != want {
		t.Errorf("fixer:\n got %q\nwant %q", got, want)
	}
}

func TestWXRBadInput(t *testing.T) {
	item := wxrPostXML("1", "Fine", "<wp:status>publish</wp:status>")
	cases := []struct{ name, doc, want string }{
		{"empty", "", "empty input"},
		{"blank", "  \n", "empty input"},
		{"not XML", "{\"posts\": []}", "line 1"},
		{"HTML page", "<!DOCTYPE html><html><body>hi</body></html>", "element <html>: not a WordPress export"},
		{"bad post id", wxrDoc(strings.Replace(item, "<wp:post_id>1<", "<wp:post_id>12a<", 1)), `line 18, column 2: element <wp:post_id>: post id "12a" is not a number`},
		{"mismatched tag", wxrDoc(strings.Replace(item, "</title>", "</titel>", 1)), "line 13, column 21: element <title>: XML syntax error: element <title> closed by </titel>"},
		{"truncated", wxrDoc(item)[:300], "unexpected EOF"},
		{"no version", strings.Replace(wxrDoc(item), "<wp:wxr_version>1.2</wp:wxr_version>", "", 1), "line 7, column 1: element <channel>: no <wp:wxr_version>"},
		{"bad version", strings.Replace(wxrDoc(item), ">1.2</wp:wxr_version>", ">abc</wp:wxr_version>", 1), `line 10, column 2: element <wp:wxr_version>: invalid WXR version "abc"`},
		{"no channel", `<rss version="2.0"></rss>`, "no <rss><channel>"},
		{"bad character", wxrDoc("<wp:tag>\x01</wp:tag>"), "element <wp:tag>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := ParseWXR(strings.NewReader(c.doc), "bad.xml", nil)
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			var we *WXRError
			if !errors.As(err, &we) {
				t.Errorf("error %T is not a *WXRError", err)
			}
		})
	}
}

// TestWXRWriteIdempotent writes the same batch twice: the second run
// updates every item and creates nothing.
func TestWXRWriteIdempotent(t *testing.T) {
	doc := wxrDoc(`<wp:author><wp:author_login>jane</wp:author_login><wp:author_display_name>Jane Reporter</wp:author_display_name></wp:author>` +
		wxrPostXML("1", "First", `<wp:status>publish</wp:status><wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
		<category domain="category" nicename="politics"><![CDATA[Politics]]></category>
		<category domain="post_tag" nicename="vote"><![CDATA[Vote]]></category>
		<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>90</wp:meta_value></wp:postmeta>
		<wp:comment><wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type></wp:comment>`) +
		wxrPostXML("2", "Second", `<wp:status>draft</wp:status>`) +
		strings.Replace(wxrPostXML("3", "About", `<wp:status>publish</wp:status>`), "<![CDATA[post]]>", "page", 1) +
		wxrAttachmentXML)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := wxrParse(t, doc)
		first, err := Write(ctx, s, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if first.Imported != 3 || first.Updated != 0 || first.Comments != 1 || first.Skipped["attachment"] != 1 {
			t.Errorf("first run: %+v", first)
		}
		before, err := s.CountAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		second, err := Write(ctx, s, wxrParse(t, doc), nil)
		if err != nil {
			t.Fatal(err)
		}
		if second.Imported != 0 || second.Updated != 3 {
			t.Errorf("second run: %+v", second)
		}
		after, _ := s.CountAll(ctx)
		if before != after || after != (store.Counts{Articles: 2, Pages: 1, Sections: 1, Authors: 1, Tags: 1, Media: 1}) {
			t.Errorf("counts before %+v after %+v", before, after)
		}
		a, err := s.ArticleBySource(ctx, b.Source, "1")
		if err != nil {
			t.Fatal(err)
		}
		if a.Slug != "first" || a.LeadMedia == nil || a.LeadCredit != "Ana Lima/Reuters" || len(a.Bylines) != 1 ||
			a.Bylines[0].Author.Name != "Jane Reporter" || a.Section == nil || a.Section.Name != "Politics" {
			t.Errorf("stored article = %+v", a)
		}
	})
}

func TestParseWXRSkipsUTF8BOM(t *testing.T) {
	doc := "\ufeff" + `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><link>https://bom.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>With BOM</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt><content:encoded><![CDATA[Hello]]></content:encoded></item>
</channel></rss>`
	b, err := ParseWXR(strings.NewReader(doc), "bom.xml", nil)
	if err != nil || len(b.Items) != 1 {
		t.Fatalf("BOM file: %v", err)
	}
}
