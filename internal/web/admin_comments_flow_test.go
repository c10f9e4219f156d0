package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Rate limits through the real posting path: the key is the TCP peer (no
// trusted proxies here), so forged X-Forwarded-For and X-Real-IP headers
// from the client change nothing, and a different IPv6 address is a
// different key while the same one written another way is not.
func TestCommentRateLimitIgnoresForgedHeaders(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		f.site.decider.Limiter = spam.NewLimiter(spam.RateLimits{IdentityBurst: 100, IdentityEvery: time.Second, IPBurst: 3, IPEvery: time.Minute})
		post := func(ip string, hdr ...string) *http.Response {
			b := f.browser(ip) // a new browser: a new guest identity each time
			res, _ := b.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Guest"}, "body": {"Comment " + strconv.Itoa(len(hdr)) + ip + fmt.Sprint(time.Now().UnixNano())}}, hdr...)
			return res
		}
		for i := 0; i < 3; i++ {
			if res := post("198.51.100.7"); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("post %d: %d", i, res.StatusCode)
			}
		}
		for _, hdr := range [][]string{
			{"X-Forwarded-For", "203.0.113.1"},
			{"X-Real-IP", "203.0.113.2"},
			{"X-Forwarded-For", "2001:db8::1, 203.0.113.3", "X-Real-IP", "203.0.113.4"},
		} {
			res := post("198.51.100.7", hdr...)
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
				t.Fatalf("forged %v from a non-proxy: %d, Retry-After %q; want 429", hdr, res.StatusCode, res.Header.Get("Retry-After"))
			}
		}
		// IPv6: whole addresses.
		for i := 0; i < 3; i++ {
			if res := post("[2001:db8:0:1::1]"); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("IPv6 post %d: %d", i, res.StatusCode)
			}
		}
		if res := post("[2001:DB8:0:1:0:0:0:1]"); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("the same IPv6 address in another spelling: %d, want 429", res.StatusCode)
		}
		if res := post("[2001:db8:0:1::2]"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("another IPv6 address in the same /64: %d, want accepted", res.StatusCode)
		}
	})
}

// A shadow-banned author still sees their new comments; nobody else does,
// and the count ignores them. A moderator's approval of a held comment
// shows it to readers; an author's edit into a banned word hides it.
func TestModerationThroughTheReaderSite(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		troll := f.browser("198.51.100.66")
		reader := f.browser("203.0.113.9")
		first := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Before the ban"}})
		res, _ := ana.do(t, "POST", "/admin/comments/bans", url.Values{"comment": {fmt.Sprint(first)}, "duration": {"30d"},
			"by": {"identity"}, "shadow": {"1"}})
		wantRedirect(t, res, 303, fmt.Sprint("/admin/comments/", first, "?done=ban"))
		shadowed := postComment(t, troll, "harbour-story", url.Values{"name": {"Terry"}, "body": {"Shadowed words"}})
		c, _ := f.st.Comment(ctx, shadowed)
		if !c.Shadow || c.Status != model.CommentApproved {
			t.Fatalf("comment after a shadow ban: %+v", c)
		}
		if _, own := troll.do(t, "GET", "/articles/harbour-story", nil); !strings.Contains(own, "Shadowed words") {
			t.Error("the shadow-banned author does not see their comment")
		}
		_, page := reader.do(t, "GET", "/articles/harbour-story", nil)
		if strings.Contains(page, "Shadowed words") || !strings.Contains(page, "Before the ban") {
			t.Error("another reader sees the shadowed comment, or not the earlier one")
		}
		if n, _ := f.st.CommentCounts(ctx, []int64{a.ID}); n[a.ID] != 1 {
			t.Errorf("count with a shadowed comment: %d", n[a.ID])
		}

		// Pre-moderation: held, then approved from the queue, then shown.
		if err := f.st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeSite, Mode: model.ModePre, AutoCloseDays: 14}); err != nil {
			t.Fatal(err)
		}
		f.site.decider.Invalidate()
		held := postComment(t, f.browser("198.51.100.8"), "harbour-story", url.Values{"name": {"Hal"}, "body": {"Held for review"}})
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); strings.Contains(page, "Held for review") {
			t.Fatal("a held comment is public")
		}
		res, _ = ana.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint("approve:", held)}})
		wantRedirect(t, res, 303, "/admin/comments?done=approved&n=1")
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); !strings.Contains(page, "Held for review") {
			t.Fatal("an approved comment is not shown to readers")
		}

		// An approved comment edited into a banned word is hidden.
		res, _ = ana.do(t, "POST", "/admin/comments/words", url.Values{"kind": {store.WordsBanned}, "words": {"badword"}})
		wantRedirect(t, res, 303, "/admin/comments/settings?done=banned")
		if err := f.st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeSite, Mode: model.ModePost, AutoCloseDays: 14}); err != nil {
			t.Fatal(err)
		}
		f.site.decider.Invalidate()
		author := f.browser("198.51.100.9")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Edna"}, "body": {"A fine first version"}})
		if c, _ := f.st.Comment(ctx, id); c.Status != model.CommentApproved {
			t.Fatalf("posted as %s", c.Status)
		}
		res, _ = author.do(t, "POST", fmt.Sprint("/comments/", id, "/edit"), url.Values{"body": {"now a ba<b></b>dword"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", res.StatusCode)
		}
		c, _ = f.st.Comment(ctx, id)
		if c.Status != model.CommentRejected || !strings.Contains(c.SpamReason, "edited: banned word") {
			t.Fatalf("after editing in a banned word: %s %q", c.Status, c.SpamReason)
		}
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); strings.Contains(page, "badword") || strings.Contains(page, "A fine first version") {
			t.Error("the edited comment is still shown")
		}
	})
}
