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
