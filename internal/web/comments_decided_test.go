package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/model"
)

// TestDecidedCommentsCannotBeEdited: once a moderator rejects a comment or
// marks it spam, its author can no longer edit it (page or post), only
// delete it; the text the moderator judged stays.
func TestDecidedCommentsCannotBeEdited(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		for i, action := range []string{"reject", "spam"} {
			author := f.browser(fmt.Sprint("198.51.100.", 30+i))
			id := postComment(t, author, "harbour-story", url.Values{"name": {"Edna"}, "body": {"The text judged " + action}})
			if res, _ := ana.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint(action, ":", id)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", action, res.StatusCode)
			}
			edit := fmt.Sprint("/comments/", id, "/edit")
			if res, page := author.do(t, "GET", edit, nil); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "can no longer be edited") {
				t.Errorf("%s: edit page %d, want 403 saying why", action, res.StatusCode)
			}
			res, page := author.do(t, "POST", edit, url.Values{"body": {"Something harmless now"}})
			if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "can no longer be edited") {
				t.Errorf("%s: edit post %d, want 403", action, res.StatusCode)
			}
			if c, _ := f.st.Comment(ctx, id); c.BodySource != "The text judged "+action || !c.Edited.IsZero() {
				t.Errorf("%s: the edit changed the comment: %q", action, c.BodySource)
			}
			if res, _ := author.do(t, "POST", fmt.Sprint("/comments/", id, "/delete"), url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: delete %d, want 303", action, res.StatusCode)
			}
			if c, _ := f.st.Comment(ctx, id); c.Status != model.CommentDeleted {
				t.Errorf("%s: after delete the status is %s", action, c.Status)
			}
		}
		// A comment nobody decided against stays editable.
		author := f.browser("198.51.100.40")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Eve"}, "body": {"First try"}})
		if res, _ := author.do(t, "POST", fmt.Sprint("/comments/", id, "/edit"), url.Values{"body": {"Second try"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("edit of an approved comment: %d", res.StatusCode)
		}
	})
}

// TestShadowCommentsAbsentForOthers: a shadow-banned author's comment cannot
// be replied to, voted on or reported by anyone else, and its /reply and
// /flag pages do not show its text; its author still reaches them.
func TestShadowCommentsAbsentForOthers(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		troll := f.browser("198.51.100.66")
		first := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Before the ban"}})
		res, _ := ana.do(t, "POST", "/admin/comments/bans", url.Values{"comment": {fmt.Sprint(first)}, "duration": {"30d"},
			"by": {"identity"}, "shadow": {"1"}})
		wantRedirect(t, res, 303, fmt.Sprint("/admin/comments/", first, "?done=ban"))
		shadowed := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Secret shadow words"}})
		if c, _ := f.st.Comment(ctx, shadowed); !c.Shadow {
			t.Fatalf("not shadowed: %+v", c)
		}
		other := f.browser("203.0.113.9")
		postComment(t, other, "harbour-story", url.Values{"name": {"Rita"}, "body": {"My own comment"}}) // gets an identity
		anon := f.browser("203.0.113.10")
		for _, b := range []*browser{other, anon} {
			for _, p := range []string{"/reply", "/flag"} {
				res, page := b.do(t, "GET", fmt.Sprint("/comments/", shadowed, p), nil)
				if res.StatusCode != http.StatusNotFound || strings.Contains(page, "Secret shadow words") {
					t.Errorf("GET %s by %s: %d (text shown: %v), want 404 without the text", p, b.ip, res.StatusCode, strings.Contains(page, "Secret shadow words"))
				}
			}
			if res, _ := b.do(t, "POST", fmt.Sprint("/comments/", shadowed, "/vote"), url.Values{"value": {"1"}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("vote by %s: %d, want 404", b.ip, res.StatusCode)
			}
			if res, _ := b.do(t, "POST", fmt.Sprint("/comments/", shadowed, "/flag"), url.Values{"reason": {"abuse"}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("flag by %s: %d, want 404", b.ip, res.StatusCode)
			}
		}
		res, _ = other.do(t, "POST", "/articles/harbour-story/comments", url.Values{"body": {"A reply to nothing"}, "name": {"Rita"}, "parent": {fmt.Sprint(shadowed)}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("reply to a shadow comment: %d, want 422", res.StatusCode)
		}
		if c, _ := f.st.Comment(ctx, shadowed); c.Upvotes != 0 || c.Flags != 0 {
			t.Errorf("shadow comment got votes or flags: %+v", c)
		}
		if all, _ := f.st.ArticleComments(ctx, a.ID, 0); len(all) != 2 { // the shadow comment is not listed for viewer 0
			t.Errorf("%d comments listed, want 2 (no reply to the shadow comment)", len(all))
		}
		// Its author still sees and reaches it.
		if res, page := troll.do(t, "GET", fmt.Sprint("/comments/", shadowed, "/reply"), nil); res.StatusCode != http.StatusOK || !strings.Contains(page, "Secret shadow words") {
			t.Errorf("author's reply page: %d", res.StatusCode)
		}
	})
}
