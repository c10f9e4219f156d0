package importer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const commentoFixture = `{
  "version": 1,
  "comments": [
    {"commentHex": "c1", "domain": "Bugle.example", "url": "/2021/03/budget", "commenterHex": "anonymous",
     "markdown": "First *thoughts*", "html": "", "parentHex": "root", "score": 3, "state": "approved",
     "creationDate": "2021-03-12T11:21:56Z", "deleted": false},
    {"commentHex": "c2", "domain": "bugle.example", "url": "/2021/03/budget", "commenterHex": "u1",
     "markdown": "A reply", "parentHex": "c1", "state": "unapproved",
     "creationDate": "2021-03-12T12:00:00.5Z", "deleted": false},
    {"commentHex": "c3", "domain": "bugle.example", "url": "/2021/03/budget", "commenterHex": "u1",
     "markdown": "gone", "parentHex": "c2", "state": "approved",
     "creationDate": "2021-03-12T13:00:00Z", "deleted": true},
    {"commentHex": "c4", "domain": "bugle.example", "url": "/2021/04/other", "commenterHex": "u2",
     "markdown": "", "html": "<p>html only</p>", "parentHex": "c1", "state": "flagged",
     "creationDate": "2021-04-01T00:00:00Z"},
    {"commentHex": "c5", "domain": "bugle.example", "url": "/2021/04/other", "commenterHex": "undefined",
     "markdown": "bad date", "parentHex": "root", "state": "approved", "creationDate": "yesterday"},
    {"commentHex": "", "domain": "bugle.example", "url": "", "commenterHex": "u1",
     "markdown": "no page", "parentHex": "root", "state": "approved", "creationDate": "2021-04-01T00:00:00Z"}
  ],
  "commenters": [
    {"commenterHex": "u1", "email": "Reader@Example.org", "name": "Ana Ruiz", "link": "https://ana.example/", "provider": "commento"},
    {"commenterHex": "u2", "email": "undefined", "name": "Bo", "link": "undefined"}
  ]
}`

func TestParseCommento(t *testing.T) {
	b, err := ParseCommento(strings.NewReader(commentoFixture), "export.json")
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != "commento:bugle.example" {
		t.Errorf("source %q", b.Source)
	}
	wantThreads := []CommentThread{
		{Key: "bugle.example/2021/03/budget", URL: "/2021/03/budget", Line: 4},
		{Key: "bugle.example/2021/04/other", URL: "/2021/04/other", Line: 13},
	}
	if d := cmp.Diff(wantThreads, b.Threads); d != "" {
		t.Errorf("threads (-want +got):\n%s", d)
	}
	want := []CommentRecord{
		{SourceID: "c1", ThreadKey: "bugle.example/2021/03/budget", Body: "First *thoughts*", Format: CommentMarkdown,
			Created: time.Date(2021, 3, 12, 11, 21, 56, 0, time.UTC), Status: CommentApproved, Line: 4},
		{SourceID: "c4", ThreadKey: "bugle.example/2021/04/other", Name: "Bo", Username: "u2", Body: "<p>html only</p>", Format: CommentHTML,
			Created: time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC), Status: CommentPending, Line: 13},
		{SourceID: "c2", ThreadKey: "bugle.example/2021/03/budget", ParentID: "c1", Name: "Ana Ruiz", Email: "reader@example.org",
			URL: "https://ana.example/", Username: "u1", Body: "A reply", Format: CommentMarkdown,
			Created: time.Date(2021, 3, 12, 12, 0, 0, 5e8, time.UTC), Status: CommentPending, Line: 7},
		{SourceID: "c3", ThreadKey: "bugle.example/2021/03/budget", ParentID: "c2", Name: "Ana Ruiz", Email: "reader@example.org",
			URL: "https://ana.example/", Username: "u1", Format: CommentMarkdown,
			Created: time.Date(2021, 3, 12, 13, 0, 0, 0, time.UTC), Status: CommentDeleted, Line: 10},
	}
	if d := cmp.Diff(want, b.Comments); d != "" {
		t.Errorf("comments (-want +got):\n%s", d)
	}
	if len(b.Skipped) != 2 || b.Skipped[0] != (Skip{ID: `comment c5 (line 16): "creationDate" "yesterday"`, Reason: "unreadable date"}) || b.Skipped[1].Reason != "missing thread" {
		t.Errorf("skipped %+v", b.Skipped)
	}
	if !strings.Contains(strings.Join(b.Notes, "\n"), "1 reply to a comment missing from the file") {
		t.Errorf("notes %q (c4 replies to c1, which is on another page)", b.Notes)
	}
}

func TestParseCommentoRefusesMalformedInput(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"empty":       {"", "empty input"},
		"array":       {"[1,2]", "line 1: not a Commento export"},
		"no comments": {`{"version":1}`, `no "comments" array`},
		"syntax":      {"{\n\"comments\": [\n{\"commentHex\": }\n]}", "line 3: element comments[0]: JSON syntax error"},
		"wrong type":  {"{\"comments\": [\n\n  {\"commentHex\": 5}]}", `line 3: element comments[0]: "commentHex" must be text in quotes, not a number`},
		"wrong type later": {"{\"comments\": [{\"commentHex\": \"a\"},\n  {\"commentHex\": \"b\",\n  \"deleted\": \"yes\"}]}",
			`line 3: element comments[1]: "deleted" must be true or false, not text`},
		"nested type":   {"{\"comments\": [{\"markdown\": [1]}]}", `line 1: element comments[0]: "markdown" must be text in quotes, not a list`},
		"not array":     {`{"comments": {}}`, "element comments: must be an array"},
		"truncated":     {"{\"comments\": [{\"commentHex\": \"a\"}", "unexpected end of file"},
		"trailing":      {`{"comments": []} {}`, "data after the end"},
		"bad version":   {`{"version": "one", "comments": []}`, `element version: must be a number, not text`},
		"bad commenter": {"{\"comments\": [], \"commenters\": [\n true]}", "line 2: element commenters[0]"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCommento(strings.NewReader(tc.in), "bad.json")
			var ce *CommentoError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a CommentoError containing %q", err, tc.want)
			}
		})
	}
}
