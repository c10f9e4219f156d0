package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// wxrCommentXML is one <wp:comment>.
func wxrCommentXML(id, parent, approved, typ, content string) string {
	return fmt.Sprintf(`<wp:comment>
	<wp:comment_id>%s</wp:comment_id>
	<wp:comment_author><![CDATA[Reader %s]]></wp:comment_author>
	<wp:comment_author_email>Reader%s@Example.org
	</wp:comment_author_email>
	<wp:comment_author_url>https://reader.example/</wp:comment_author_url>
	<wp:comment_author_IP>::ffff:198.51.100.4</wp:comment_author_IP>
	<wp:comment_date>2024-05-01 12:00:00</wp:comment_date>
	<wp:comment_date_gmt>2024-05-01 10:00:00</wp:comment_date_gmt>
	<wp:comment_content><![CDATA[%s]]></wp:comment_content>
	<wp:comment_approved>%s</wp:comment_approved>
	<wp:comment_type>%s</wp:comment_type>
	<wp:comment_parent>%s</wp:comment_parent>
	<wp:commentmeta><wp:meta_key>rating</wp:meta_key><wp:meta_value><![CDATA[a:1:{s:5:"stars";i:4;}]]></wp:meta_value></wp:commentmeta>
	<wp:commentmeta><wp:meta_key>evil</wp:meta_key><wp:meta_value><![CDATA[O:8:"stdClass":0:{}]]></wp:meta_value></wp:commentmeta>
</wp:comment>
`, id, id, id, content, approved, typ, parent)
}

func wxrCommentsFixture() string {
	return wxrDoc(wxrPostXML("1", "Harbour reopens", "<wp:status>publish</wp:status><wp:comment_status>closed</wp:comment_status><link>https://gazette.example/2024/05/harbour-reopens/</link>"+
		wxrCommentXML("10", "0", "1", "", "First line\nsecond line")+
		wxrCommentXML("11", "10", "1", "comment", "A reply")+
		wxrCommentXML("12", "11", "0", "", "Awaiting")+
		wxrCommentXML("13", "0", "spam", "", "Buy now")+
		wxrCommentXML("14", "0", "trash", "", "Removed")+
		wxrCommentXML("15", "0", "1", "pingback", "Linked from elsewhere")+
		wxrCommentXML("16", "0", "1", "trackback", "Tracked")+
		wxrCommentXML("17", "0", "0", "note", "Order status changed")+
		wxrCommentXML("18", "42", "1", "", "Parent gone")) +
		wxrPostXML("2", "No comments", "<wp:status>publish</wp:status>"))
}

func TestParseWXRComments(t *testing.T) {
	b, err := ParseWXRComments(strings.NewReader(wxrCommentsFixture()), "gazette.xml", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != "wxr:https://gazette.example" {
		t.Errorf("source %q", b.Source)
	}
	wantThread := []CommentThread{{Key: "1", URL: "https://gazette.example/2024/05/harbour-reopens/", GUID: "https://gazette.example/?p=1",
		PostID: "1", Slug: "harbour-reopens", Title: "Harbour reopens", Closed: true, Line: 12}}
	if d := cmp.Diff(wantThread, b.Threads); d != "" {
		t.Errorf("threads (-want +got):\n%s", d)
	}
	type shape struct {
		ID, Parent string
		Status     CommentStatus
	}
	var got []shape
	for _, c := range b.Comments {
		got = append(got, shape{c.SourceID, c.ParentID, c.Status})
	}
	want := []shape{
		{"1/10", "", CommentApproved}, {"1/13", "", CommentSpam}, {"1/14", "", CommentRejected}, {"1/18", "", CommentApproved},
		{"1/11", "1/10", CommentApproved}, {"1/12", "1/11", CommentPending},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("comments (-want +got):\n%s", d)
	}
	c := b.Comments[0]
	if c.Name != "Reader 10" || c.Email != "reader10@example.org" || c.URL != "https://reader.example/" || c.IP != "::ffff:198.51.100.4" ||
		!c.Created.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) || c.Body != "<p>First line<br />\nsecond line</p>" || c.Format != CommentHTML {
		t.Errorf("first comment %+v", c)
	}
	reasons := map[string]int{}
	for _, s := range b.Skipped {
		reasons[s.Reason]++
	}
	if d := cmp.Diff(map[string]int{"pingback": 1, "trackback": 1, "note": 1}, reasons); d != "" {
		t.Errorf("skip reasons (-want +got):\n%s", d)
	}
	if b.Meta != 18 {
		t.Errorf("meta %d, want 18", b.Meta)
	}
	notes := strings.Join(b.Notes, "\n")
	for _, w := range []string{"not public comments, not imported: 1 note, 1 pingback, 1 trackback", "18 comment meta entries read and not imported (9 serialised value(s) refused",
		"1 reply to a comment missing from the file"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes %q lack %q", notes, w)
		}
	}
}

// ParseWXR carries the same comments for `masthead import wxr` and still
// counts approved reader comments per item.
func TestParseWXRCarriesComments(t *testing.T) {
	b, err := ParseWXR(strings.NewReader(wxrCommentsFixture()), "gazette.xml", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if b.Comments == nil || len(b.Comments.Comments) != 6 || b.Comments.Source != b.Source {
		t.Fatalf("comments %+v", b.Comments)
	}
	if b.Items[0].Comments != 3 { // 10, 11, 18: approved reader comments
		t.Errorf("item comment count %d, want 3", b.Items[0].Comments)
	}
}

func TestParseWXRCommentsWithoutVersion(t *testing.T) {
	doc := strings.Replace(wxrCommentsFixture(), "<wp:wxr_version>1.2</wp:wxr_version>", "", 1)
	if _, err := ParseWXR(strings.NewReader(doc), "x.xml", nil); err == nil {
		t.Fatal("ParseWXR accepted a file without wxr_version")
	}
	b, err := ParseWXRComments(strings.NewReader(doc), "x.xml", nil)
	if err != nil || len(b.Comments) != 6 {
		t.Fatalf("ParseWXRComments: %v", err)
	}
	_, err = ParseWXRComments(strings.NewReader(strings.Replace(doc, "</wp:comment_parent>", "</wp:comment_parnt>", 1)), "x.xml", nil)
	var we *WXRError
	if !errors.As(err, &we) || we.Element != "wp:comment_parent" || we.Line == 0 {
		t.Fatalf("err = %v, want a WXRError at <wp:comment_parent>", err)
	}
}
