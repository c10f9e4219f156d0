package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
)

// TestClosedStoryIsReadOnly (issue 4, testers' gap): a story whose
// comments are closed — by a moderator, or by the N-days rule — used to
// keep its Reply, vote, Report and Edit controls, which then answered
// 403. It now shows the thread read-only under "Comments are closed",
// to the comment's author too, and the actions are refused.
func TestClosedStoryIsReadOnly(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		author := f.browser("198.51.100.7")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Before the close"}})
		sid := strconv.FormatInt(id, 10)
		reader := f.browser("203.0.113.9")
		controls := []string{`/comments/` + sid + `/reply`, `/comments/` + sid + `/vote`, `/comments/` + sid + `/flag`,
			`/comments/` + sid + `/edit`, `data-comment-form`, `data-live="/articles`}
		_, open := author.do(t, "GET", "/articles/harbour-story", nil)
		for _, c := range controls {
			if !strings.Contains(open, c) {
				t.Fatalf("open story lacks %q", c)
			}
		}

		check := func(how string) {
			t.Helper()
			for _, b := range []*browser{author, reader} {
				res, page := b.do(t, "GET", "/articles/harbour-story", nil)
				if res.StatusCode != http.StatusOK || !strings.Contains(page, "Comments are closed") || !strings.Contains(page, "Before the close") {
					t.Fatalf("%s: %d, closed thread not shown: %s", how, res.StatusCode, page)
				}
				for _, c := range controls {
					if strings.Contains(page, c) {
						t.Errorf("%s: closed story still shows %q", how, c)
					}
				}
			}
			for _, req := range []struct {
				b    *browser
				path string
				form url.Values
			}{
				{reader, "/comments/" + sid + "/vote", url.Values{"value": {"1"}}},
				{reader, "/comments/" + sid + "/flag", url.Values{"reason": {"spam"}}},
				{author, "/comments/" + sid + "/edit", url.Values{"body": {"Changed after the close"}}},
				{reader, "/articles/harbour-story/comments", url.Values{"name": {"Pia"}, "body": {"Too late"}, "parent": {sid}}},
			} {
				res, page := req.b.do(t, "POST", req.path, req.form)
				if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "Comments are closed") {
					t.Errorf("%s: POST %s: %d %s", how, req.path, res.StatusCode, page)
				}
			}
			for _, p := range []string{"/comments/" + sid + "/flag", "/comments/" + sid + "/edit"} {
				if res, page := author.do(t, "GET", p, nil); res.StatusCode != http.StatusForbidden || strings.Contains(page, "<textarea") {
					t.Errorf("%s: GET %s: %d", how, p, res.StatusCode)
				}
			}
			if _, page := reader.do(t, "GET", "/comments/"+sid+"/reply", nil); strings.Contains(page, "<textarea") ||
				!strings.Contains(page, "Comments are closed") || strings.Contains(page, `/comments/`+sid+`/vote`) {
				t.Errorf("%s: the reply page offers a form or controls", how)
			}
			c, err := f.st.Comment(ctx, id)
			if err != nil || c.Upvotes != 0 || c.Flags != 0 || c.BodySource != "Before the close" {
				t.Errorf("%s: the closed thread changed: %+v %v", how, c, err)
			}
			if all, _ := f.st.ArticleComments(ctx, a.ID, 0); len(all) != 1 {
				t.Errorf("%s: %d comments stored", how, len(all))
			}
		}

		// Closed by a moderator.
		if err := f.st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, AutoCloseDays: -1,
			Closed: f.clk.now()}); err != nil {
			t.Fatal(err)
		}
		f.site.dropCommentPages(articlePath(a))
		check("moderator")

		// Reopened, then closed by the 14-day rule (the author is still within
		// the edit window of a comment posted a moment before the close).
		if err := f.st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, AutoCloseDays: -1}); err != nil {
			t.Fatal(err)
		}
		f.site.dropCommentPages(articlePath(a))
		a.PublishedAt = f.clk.now().Add(-14*24*time.Hour + time.Minute)
		if _, err := f.st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		// The cookie-less reader's copy comes from the page cache: it must not
		// outlive the close.
		for _, b := range []*browser{author, reader} {
			if _, page := b.do(t, "GET", "/articles/harbour-story", nil); !strings.Contains(page, "data-comment-form") {
				t.Fatal("not open a minute before the 14-day close")
			}
		}
		f.clk.add(2 * time.Minute)
		check("14 days")
	})
}
