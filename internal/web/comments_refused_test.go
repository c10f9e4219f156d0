package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment/spam"
	"masthead/internal/model"
)

// TestRefusedCommentKeepsTheForm (issue 4, testers' gap): with JavaScript
// off, a refused comment (duplicate, ban, rate limit) used to land on a
// bare error page and the reader's text was lost. The story's comment
// form now comes back with the text, name and e-mail kept and the reason
// above it, under the refusal's 4xx status (as the 422 validation path
// does); nothing is stored and no guest cookie is set. The page's script
// still gets JSON.
func TestRefusedCommentKeepsTheForm(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		f.site.decider.Limiter = spam.NewLimiter(spam.RateLimits{IdentityBurst: 100, IdentityEvery: time.Second, IPBurst: 2, IPEvery: time.Hour})
		first := f.browser("198.51.100.7")
		postComment(t, first, "harbour-story", url.Values{"name": {"Ola"}, "body": {"The ferry is late again"}})
		count := func() int {
			all, err := f.st.ArticleComments(ctx, a.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(all)
		}
		check := func(b *browser, form url.Values, status int, msg string) {
			t.Helper()
			n := count()
			res, page := b.do(t, "POST", "/articles/harbour-story/comments", form)
			if res.StatusCode != status {
				t.Fatalf("%v: %d, want %d: %s", form, res.StatusCode, status, page)
			}
			for _, want := range []string{`data-comment-form`, `role="alert">` + html.EscapeString(msg), ">" + html.EscapeString(form.Get("body")) + "</textarea>",
				`name="name" value="` + form.Get("name") + `"`, `href="/articles/harbour-story#comments"`} {
				if !strings.Contains(page, want) {
					t.Errorf("%v: the page lacks %q", form, want)
				}
			}
			if e := form.Get("email"); e != "" && !strings.Contains(page, `value="`+e+`"`) {
				t.Errorf("%v: e-mail not kept", form)
			}
			if n2 := count(); n2 != n {
				t.Errorf("%v: %d comments stored, want %d", form, n2, n)
			}
			if b.cookies[cookieGuest] == nil && res.Header.Get("Set-Cookie") != "" {
				t.Errorf("%v: cookie set on a refusal: %s", form, res.Header.Get("Set-Cookie"))
			}
			// The script asks for JSON and gets the message as JSON.
			res, page = b.do(t, "POST", "/articles/harbour-story/comments", form, "Accept", "application/json")
			if res.StatusCode != status || !strings.Contains(page, `"error"`) {
				t.Errorf("%v as JSON: %d %s", form, res.StatusCode, page)
			}
		}
		// The same text again from the same person: 409.
		check(first, url.Values{"name": {"Ola"}, "body": {"The ferry is late again"}}, http.StatusConflict,
			"You have already posted this comment on this article.")
		// A banned e-mail address: 403.
		if err := f.st.AddCommentBan(ctx, &model.CommentBan{Email: "troll@example.com", Reason: "abuse"}); err != nil {
			t.Fatal(err)
		}
		banned := f.browser("203.0.113.50")
		check(banned, url.Values{"name": {"Tro"}, "email": {"troll@example.com"}, "body": {"Let me in"}}, http.StatusForbidden,
			"You cannot comment here")
		// Past the IP's limit (2 in a row): 429 with Retry-After.
		busy := f.browser("192.0.2.77")
		postComment(t, busy, "harbour-story", url.Values{"name": {"Kai"}, "body": {"One"}})
		postComment(t, busy, "harbour-story", url.Values{"name": {"Kai"}, "body": {"Two"}})
		check(busy, url.Values{"name": {"Kai"}, "body": {"Three, kept for later"}, "parent": {"1"}}, http.StatusTooManyRequests,
			"You are commenting too fast.")
		if res, _ := busy.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Kai"}, "body": {"Four"}}); res.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	})
}
