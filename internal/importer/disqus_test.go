package importer

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// disqusDoc wraps body in a Disqus export root.
func disqusDoc(body string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<category dsq:id="1"><forum>dailybugle</forum><title>General</title></category>
` + body + `
</disqus>
`
}

const disqusThreads = `<thread dsq:id="10"><id>post-10</id><forum>dailybugle</forum><link>https://bugle.example/2020/01/city-hall/</link><title>City hall</title><isClosed>true</isClosed></thread>
<thread dsq:id="11"><id/><link>undefined</link><title>No link</title></thread>
`

func disqusPost(id, thread, parent, extra string) string {
	attr := ""
	if id != "" {
		attr = ` dsq:id="` + id + `"`
	}
	p := ""
	if parent != "" {
		p = `<parent dsq:id="` + parent + `"/>`
	}
	return `<post` + attr + `><id/><message><![CDATA[<p>Post ` + id + `</p>]]></message><createdAt>2020-01-02T03:04:05Z</createdAt>
<isDeleted>false</isDeleted><isSpam>false</isSpam><author><email>Reader@Example.ORG</email><name>Reader ` + id + `</name><isAnonymous>false</isAnonymous><username>undefined</username></author>
<ipAddress>192.0.2.7</ipAddress><thread dsq:id="` + thread + `"/>` + p + extra + `</post>
`
}

func TestParseDisqusMapsThreadsAndPosts(t *testing.T) {
	in := "`" + disqusDoc(disqusThreads+
		disqusPost("100", "10", "", "")+
		disqusPost("101", "10", "100", "")+
		strings.Replace(disqusPost("102", "10", "", ""), "<isSpam>false", "<isSpam>true", 1)+
		strings.Replace(strings.Replace(disqusPost("103", "10", "", ""), "<isDeleted>false", "<isDeleted>true", 1), "<p>Post 103</p>", "", 1)+
		disqusPost("104", "10", "103", "")+ // reply to a deleted post
		disqusPost("105", "10", "999", "")+ // reply to a post not in the file
		disqusPost("106", "1337", "", "")+ // thread not in the file
		strings.Replace(disqusPost("107", "10", "", ""), "2020-01-02T03:04:05Z", "2020-13-45", 1)+
		strings.Replace(disqusPost("", "11", "", ""), "<id/>", "<id>legacy-7</id>", 1)+
		disqusPost("", "11", "", "")+
		strings.Replace(disqusPost("108", "10", "", ""), "<isSpam>false</isSpam>", "<isSpam>false</isSpam><isApproved>false</isApproved>", 1))
	b, err := ParseDisqus(strings.NewReader(in), "bugle.xml")
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != "disqus:dailybugle" {
		t.Errorf("source %q", b.Source)
	}
	wantThreads := []CommentThread{
		{Key: "10", URL: "https://bugle.example/2020/01/city-hall/", Identifier: "post-10", Title: "City hall", Closed: true, Line: 4},
		{Key: "11", Title: "No link", Line: 5},
	}
	if d := cmp.Diff(wantThreads, b.Threads); d != "" {
		t.Errorf("threads (-want +got):\n%s", d)
	}
	type shape struct {
		ID, Thread, Parent string
		Status             CommentStatus
		Body               string
	}
	var got []shape
	for _, c := range b.Comments {
		got = append(got, shape{c.SourceID, c.ThreadKey, c.ParentID, c.Status, c.Body})
	}
	syn := b.Comments[5].SourceID
	want := []shape{
		{"100", "10", "", CommentApproved, "<p>Post 100</p>"},
		{"102", "10", "", CommentSpam, "<p>Post 102</p>"},
		{"103", "10", "", CommentDeleted, ""},
		{"105", "10", "", CommentApproved, "<p>Post 105</p>"},
		{"legacy-7", "11", "", CommentApproved, "<p>Post </p>"},
		{syn, "11", "", CommentApproved, "<p>Post </p>"},
		{"108", "10", "", CommentPending, "<p>Post 108</p>"},
		{"101", "10", "100", CommentApproved, "<p>Post 101</p>"},
		{"104", "10", "103", CommentApproved, "<p>Post 104</p>"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("comments (-want +got):\n%s", d)
	}
	if !strings.HasPrefix(syn, "h-") {
		t.Errorf("post without any id got %q, want a derived id", syn)
	}
	c := b.Comments[0]
	if c.Email != "reader@example.org" || c.Username != "" || c.IP != "192.0.2.7" || c.Name != "Reader 100" ||
		!c.Created.Equal(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)) || c.Format != CommentHTML {
		t.Errorf("first comment: %+v", c)
	}
	wantSkips := []Skip{{ID: "106 (line 24)", Reason: "missing thread"}, {ID: `post 107 (line 27): <createdAt> "2020-13-45"`, Reason: "unreadable date"}}
	// skips are appended as found: the date while reading, the thread at the end
	if d := cmp.Diff([]Skip{wantSkips[1], wantSkips[0]}, b.Skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	notes := strings.Join(b.Notes, "\n")
	for _, w := range []string{"1 stray byte(s) before the XML declaration", "1 reply to a comment missing from the file"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes %q lack %q", notes, w)
		}
	}
	// The derived id is stable: a second parse gives the same.
	b2, err := ParseDisqus(strings.NewReader(in), "bugle.xml")
	if err != nil || b2.Comments[5].SourceID != syn {
		t.Errorf("derived id not stable: %v", err)
	}
}

func TestParseDisqusUnquotedAttributeReadLeniently(t *testing.T) {
	in := disqusDoc(disqusThreads + disqusPost("100", "10", "", "") +
		strings.Replace(disqusPost("101", "10", "", ""), `<thread dsq:id="10"/>`, `<thread dsq:id=10/>`, 1))
	// Not seekable: the strict reading's error stands.
	_, err := ParseDisqus(struct{ io.Reader }{strings.NewReader(in)}, "x.xml")
	var de *DisqusError
	if !errors.As(err, &de) || de.Line != 11 || !strings.Contains(err.Error(), "unquoted") {
		t.Fatalf("err = %v, want an unquoted-attribute error at line 11", err)
	}
	b, err := ParseDisqus(bytes.NewReader([]byte(in)), "x.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Comments) != 2 || b.Comments[1].ThreadKey != "10" {
		t.Errorf("comments %+v", b.Comments)
	}
	if len(b.Notes) != 1 || !strings.Contains(b.Notes[0], "line 11") || !strings.Contains(b.Notes[0], "leniently") {
		t.Errorf("notes %q", b.Notes)
	}
}

func TestParseDisqusRefusesMalformedInput(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want string
	}{
		"empty":   {"", "no <disqus> element"},
		"not xml": {"hello there,\nthis is not an export", "line 1: text outside the root element"},
		// A Commento export given to the Disqus importer (issue 4 tester finding 10).
		"json":       {"\n  {\"version\": 1,\n \"comments\": [\n]}", "line 2: this is a JSON file, not a Disqus XML export"},
		"array":      {"[1, 2]", "line 1: this is a JSON file, not a Disqus XML export"},
		"wrong root": {`<?xml version="1.0"?><rss><channel/></rss>`, "line 1: element <rss>: not a Disqus export"},
		"truncated":  {disqusDoc(disqusThreads + disqusPost("1", "10", "", ""))[:400], "element <"},
		"bad nesting": {disqusDoc(disqusThreads + `<post dsq:id="5"><message>hi</post>`),
			"line 6: element <message>: XML syntax error: element <message> closed by </post>"},
		"bad entity": {disqusDoc(`<thread dsq:id="1"><title>a &nope; b</title></thread>`), "line 4: element <title>: XML syntax error: invalid character entity &nope;"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseDisqus(bytes.NewReader([]byte(tc.in)), "bad.xml")
			var de *DisqusError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a DisqusError containing %q", err, tc.want)
			}
		})
	}
}
