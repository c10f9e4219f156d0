package web

import (
	"fmt"
	"strings"
	"testing"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// TestQueueExcerptsShowText (issue 4 tester finding 8): the queue and a
// comment's page quote other comments as text — an imported comment whose
// source is HTML shows its words, not escaped tags.
func TestQueueExcerptsShowText(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := t.Context()
		g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "tellyworthtest2", Source: "disqus:bugle", SourceID: "user:t2"}
		if err := f.st.CreateCommentIdentity(ctx, g); err != nil {
			t.Fatal(err)
		}
		src := `<p>Contributor comment &amp; <a href="https://x.example/">a link</a>.</p>`
		parent := &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentApproved, BodySource: src,
			BodyHTML: markup.CommentHTML(src).HTML, Created: f.clk.now().Add(-60), Source: "disqus:bugle", SourceID: "1"}
		if err := f.st.CreateComment(ctx, parent); err != nil {
			t.Fatal(err)
		}
		reply := &model.Comment{ArticleID: a.ID, ParentID: parent.ID, IdentityID: g.ID, Status: model.CommentPending,
			BodySource: "A held reply", BodyHTML: "<p>A held reply</p>", Created: f.clk.now()}
		if err := f.st.CreateComment(ctx, reply); err != nil {
			t.Fatal(err)
		}
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		for _, path := range []string{"/admin/comments", fmt.Sprint("/admin/comments/", reply.ID)} {
			_, page := ana.do(t, "GET", path, nil)
			if !strings.Contains(page, "Contributor comment &amp; a link.") || strings.Contains(page, "&lt;p&gt;") || strings.Contains(page, "&lt;a") {
				t.Errorf("%s does not quote the imported comment as text", path)
			}
		}
	})
}
