package web

import (
	"context"
	"strings"
	"testing"

	"masthead/internal/comment"
	"masthead/internal/importer"
	"masthead/internal/model"
)

// An imported Disqus thread shows under its article on the reader page,
// even when the page was cached before the import: replies nested under
// their parents, the deleted post as a placeholder, pending and spam posts
// hidden, hostile markup gone.
func TestImportedCommentsShowOnTheArticlePage(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		reader := f.browser("192.0.2.44")
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); strings.Contains(page, "Imported first") {
			t.Fatal("comments before the import")
		}
		export := `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><forum>oldsite</forum><link>https://old.example.com/2019/05/harbour-story/</link><title>Harbour story</title></thread>
<post dsq:id="10"><message><![CDATA[<p>Imported first <script>alert(1)</script><a href="javascript:alert(2)">x</a></p>]]></message><createdAt>2019-05-01T10:00:00Z</createdAt><author><name>Old Reader</name><username>old</username></author><ipAddress>203.0.113.9</ipAddress><thread dsq:id="1"/></post>
<post dsq:id="11"><message><![CDATA[<p>Imported reply</p>]]></message><createdAt>2019-05-01T11:00:00Z</createdAt><author><name>Second Reader</name></author><thread dsq:id="1"/><parent dsq:id="10"/></post>
<post dsq:id="12"><message/><createdAt>2019-05-01T12:00:00Z</createdAt><isDeleted>true</isDeleted><author><name>Gone</name></author><thread dsq:id="1"/></post>
<post dsq:id="13"><message><![CDATA[<p>Reply to a deleted post</p>]]></message><createdAt>2019-05-01T13:00:00Z</createdAt><author><name>Third Reader</name></author><thread dsq:id="1"/><parent dsq:id="12"/></post>
<post dsq:id="14"><message>Held for review</message><createdAt>2019-05-01T14:00:00Z</createdAt><isApproved>false</isApproved><author><name>Waiting</name></author><thread dsq:id="1"/></post>
<post dsq:id="15"><message>Cheap pills</message><createdAt>2019-05-01T15:00:00Z</createdAt><isSpam>true</isSpam><author><name>Spammer</name></author><thread dsq:id="1"/></post>
</disqus>`
		b, err := importer.ParseDisqus(strings.NewReader(export), "oldsite.xml")
		if err != nil {
			t.Fatal(err)
		}
		rules := importer.CommentRules{HashIP: (&comment.Decider{Store: f.st}).HashIP, BodyHash: comment.BodyHash}
		sum, err := importer.WriteComments(ctx, f.st, b, rules, importer.CommentOptions{}, nil)
		if err != nil || sum.Imported != 6 {
			t.Fatalf("import: %+v %v", sum, err)
		}
		_, page := reader.do(t, "GET", "/articles/harbour-story", nil)
		for _, want := range []string{"Imported first", "Old Reader", "Imported reply", "Reply to a deleted post", `class="comment indent-1"`} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		for _, bad := range []string{"Held for review", "Cheap pills", "<script>alert(1)", "javascript:alert"} {
			if strings.Contains(page, bad) {
				t.Errorf("page shows %q", bad)
			}
		}
	})
}
