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

// TestFlaggedTabApproveClearsReports: an approved comment that readers
// reported has its own "Approve / clear reports" button in the Flagged tab
// and on its context page; using it keeps the comment published, closes its
// reports and takes it off the tab.
func TestFlaggedTabApproveClearsReports(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		id := postComment(t, f.browser("198.51.100.7"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"A sharp but fair opinion"}})
		for i, reason := range []string{"abuse", "spam"} {
			res, _ := f.browser(fmt.Sprint("203.0.113.", 20+i)).do(t, "POST", fmt.Sprint("/comments/", id, "/flag"), url.Values{"reason": {reason}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("flag: %d", res.StatusCode)
			}
		}
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		button := fmt.Sprintf(`name="one" value="approve:%d"`, id)
		for _, p := range []string{"/admin/comments?tab=flagged", fmt.Sprint("/admin/comments/", id)} {
			res, page := ana.do(t, "GET", p, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(page, button) || !strings.Contains(page, "Approve / clear reports") {
				t.Errorf("%s: %d, no per-comment approve button for a reported approved comment", p, res.StatusCode)
			}
		}
		res, _ := ana.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint("approve:", id)}, "back": {"/admin/comments?tab=flagged"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d", res.StatusCode)
		}
		c, _ := f.st.Comment(ctx, id)
		if c.Status != model.CommentApproved || c.Flags != 0 {
			t.Errorf("after approve / clear: %s with %d open flags", c.Status, c.Flags)
		}
		if _, page := ana.do(t, "GET", "/admin/comments?tab=flagged", nil); strings.Contains(page, button) {
			t.Error("the cleared comment is still in the Flagged tab")
		}
		// An approved comment without reports shows no such button.
		if _, page := ana.do(t, "GET", "/admin/comments?tab=approved", nil); strings.Contains(page, button) {
			t.Error("approve button on an approved comment with no reports")
		}
	})
}

// TestReportsHoldComment: a published comment reported by three different
// readers (the default) is held for review and leaves the article page; the
// threshold is a site setting, 0 turning the rule off.
func TestReportsHoldComment(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		id := postComment(t, f.browser("198.51.100.7"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"Something people dislike"}})
		flag := func(ip string) {
			t.Helper()
			res, _ := f.browser(ip).do(t, "POST", fmt.Sprint("/comments/", id, "/flag"), url.Values{"reason": {"abuse"}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("flag by %s: %d", ip, res.StatusCode)
			}
		}
		flag("203.0.113.1")
		flag("203.0.113.1") // the same reader twice counts once
		flag("203.0.113.2")
		if c, _ := f.st.Comment(ctx, id); c.Status != model.CommentApproved {
			t.Fatalf("held after 2 reporters: %s", c.Status)
		}
		flag("203.0.113.3")
		c, _ := f.st.Comment(ctx, id)
		if c.Status != model.CommentPending || !strings.Contains(c.SpamReason, "held after 3 reports") {
			t.Fatalf("after 3 reporters: %s %q, want pending", c.Status, c.SpamReason)
		}
		if _, page := f.browser("203.0.113.50").do(t, "GET", "/articles/harbour-story", nil); strings.Contains(page, "Something people dislike") {
			t.Error("the held comment is still on the article page")
		}
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		if _, page := ana.do(t, "GET", "/admin/comments?tab=pending", nil); !strings.Contains(page, "Something people dislike") || !strings.Contains(page, "held after 3 reports") {
			t.Error("the held comment is not in the pending tab with its reason")
		}

		// Turned off in the settings: reports no longer hold anything.
		res, _ := ana.do(t, "POST", "/admin/comments/settings", url.Values{"mode": {"post"}, "auto_close_days": {"14"}, "max_links": {"3"},
			"min_submit_seconds": {"0"}, "hold_score": {"0.9"}, "spam_score": {"0.99"}, "duplicate_spam": {"3"}, "hide_flags": {"0"}})
		wantRedirect(t, res, 303, "/admin/comments/settings?done=site")
		if d, _ := f.st.CommentDefences(ctx); d.HideFlags != 0 {
			t.Fatalf("hide_flags saved as %d", d.HideFlags)
		}
		if _, page := ana.do(t, "GET", "/admin/comments/settings", nil); !strings.Contains(page, `name="hide_flags" type="number" min="0" max="1000" value="0"`) {
			t.Error("settings page does not show the saved threshold")
		}
		id = postComment(t, f.browser("198.51.100.8"), "harbour-story", url.Values{"name": {"Pia"}, "body": {"Another opinion"}})
		for _, ip := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"} {
			flag(ip)
		}
		if c, _ := f.st.Comment(ctx, id); c.Status != model.CommentApproved || c.Flags != 4 {
			t.Errorf("with the rule off: %s, %d flags", c.Status, c.Flags)
		}
	})
}

// TestAdminMenuPendingBadge: the admin menu's "Comments" item shows how many
// comments await moderation, and nothing when none do.
func TestAdminMenuPendingBadge(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		if _, page := ana.do(t, "GET", "/admin", nil); strings.Contains(page, "nav-badge") {
			t.Error("badge shown with nothing pending")
		}
		if err := f.st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeSite, Mode: model.ModePre, AutoCloseDays: 14}); err != nil {
			t.Fatal(err)
		}
		f.site.decider.Invalidate()
		for i := 0; i < 2; i++ {
			postComment(t, f.browser(fmt.Sprint("198.51.100.", 60+i)), "harbour-story", url.Values{"name": {"Hal"}, "body": {fmt.Sprint("Held ", i)}})
		}
		for _, p := range []string{"/admin", "/admin/articles", "/admin/comments"} {
			if _, page := ana.do(t, "GET", p, nil); !strings.Contains(page, `<span class="nav-badge" data-pending="2">2<span class="visually-hidden"> pending</span></span>`) {
				t.Errorf("%s: no badge with 2 pending", p)
			}
		}
	})
}
