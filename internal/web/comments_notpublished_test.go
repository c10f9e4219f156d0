package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
)

// TestRefusedCommentToldToAuthor: a comment stored rejected (banned word)
// or spam (a hard rule) is not published, and its author is told so on
// the response — with JavaScript off (the page the post leads to) and on
// (the JSON carries a notice and no comment to insert). Others see
// nothing. A shadow-banned author still sees their comment as published
// (issue 4 tester finding 6).
func TestRefusedCommentToldToAuthor(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		if res, _ := ana.do(t, "POST", "/admin/comments/words", url.Values{"kind": {store.WordsBanned}, "words": {"badword"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("word list: %d", res.StatusCode)
		}
		const notice = "Your comment was not published"
		for i, form := range []url.Values{
			{"name": {"Rex"}, "body": {"This badword stays out"}},
			{"name": {"Sid"}, "body": {"Caught by the honeypot"}, "website_url": {"http://x.example"}},
		} {
			author := f.browser(fmt.Sprint("198.51.100.", 70+i))
			id := postComment(t, author, "harbour-story", form)
			res, page := author.do(t, "GET", fmt.Sprint("/comments/", id), nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, notice) || !strings.Contains(page, form.Get("body")) {
				t.Errorf("%q: author's page after posting %d, want 200 saying %q with the text kept:\n%s", form.Get("body"), res.StatusCode, notice, page)
			}
			other := f.browser("203.0.113.50")
			if res, page := other.do(t, "GET", fmt.Sprint("/comments/", id), nil); res.StatusCode != http.StatusFound || strings.Contains(page, form.Get("body")) {
				t.Errorf("%q: another reader's permalink %d", form.Get("body"), res.StatusCode)
			}
			// With JavaScript: a notice and nothing to insert.
			js := f.browser(fmt.Sprint("198.51.100.", 80+i))
			form.Set("body", form.Get("body")+" again")
			res, out := js.do(t, "POST", "/articles/harbour-story/comments", form, "Accept", "application/json")
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("JSON: %v %s", err, out)
			}
			if n, _ := got["notice"].(string); !strings.HasPrefix(n, notice) || got["html"] != nil || res.StatusCode != http.StatusCreated {
				t.Errorf("%q with JavaScript: %d %v, want a notice and no html", form.Get("body"), res.StatusCode, got)
			}
		}
		// A shadow-banned author is not told anything: the comment looks published to them.
		troll := f.browser("198.51.100.90")
		first := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Before the ban"}})
		res, _ := ana.do(t, "POST", "/admin/comments/bans", url.Values{"comment": {fmt.Sprint(first)}, "duration": {"30d"}, "by": {"identity"}, "shadow": {"1"}})
		wantRedirect(t, res, 303, fmt.Sprint("/admin/comments/", first, "?done=ban"))
		id := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Shadowed words"}})
		if page := ownPage(t, troll, id); strings.Contains(page, notice) || strings.Contains(page, "Awaiting moderation") || !strings.Contains(page, "Shadowed words") {
			t.Error("the shadow-banned author's page gives the ban away or hides the comment")
		}
		_, out := troll.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Terry"}, "body": {"More shadowed words"}}, "Accept", "application/json")
		if strings.Contains(out, "notice") || !strings.Contains(out, `"approved"`) {
			t.Errorf("shadow-banned author's JSON: %s", out)
		}
	})
}
