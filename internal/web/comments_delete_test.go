package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/model"
)

// TestCommentDeleteConfirmation (issue 4, testers' gap): deleting one's
// own comment took one click with no way back. The Delete control now
// leads to a confirmation page (works with JavaScript off) whose form
// posts confirm=yes; a POST without it changes nothing and shows that
// page; the script asks for confirmation itself and posts confirm=yes.
func TestCommentDeleteConfirmation(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		owner := f.browser("198.51.100.7")
		other := f.browser("198.51.100.8")
		id := postComment(t, owner, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Words I may regret"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		status := func() model.CommentStatus {
			c, err := f.st.Comment(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c.Status
		}

		_, page := owner.do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, `href="`+path+`/delete"`) || strings.Contains(page, `action="`+path+`/delete"`) {
			t.Fatalf("the thread should link to the confirmation, not post the delete: %s", page)
		}
		_, page = owner.do(t, "GET", path+"/edit", nil)
		if !strings.Contains(page, `href="`+path+`/delete"`) || strings.Contains(page, `action="`+path+`/delete"`) {
			t.Error("the edit page posts the delete without confirmation")
		}
		confirmPage := func(res *http.Response, page, how string) {
			t.Helper()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", how, res.StatusCode, page)
			}
			for _, want := range []string{"Delete your comment?", "Words I may regret", `action="` + path + `/delete"`,
				`name="confirm" value="yes"`, `href="` + path + `">Cancel</a>`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the confirmation lacks %q", how, want)
				}
			}
			if status() != model.CommentApproved {
				t.Fatalf("%s: the comment changed", how)
			}
		}
		res, page := owner.do(t, "GET", path+"/delete", nil)
		confirmPage(res, page, "GET")
		res, page = owner.do(t, "POST", path+"/delete", url.Values{})
		confirmPage(res, page, "POST without confirm")
		if res, page := owner.do(t, "POST", path+"/delete", url.Values{}, "Accept", "application/json"); res.StatusCode != http.StatusBadRequest ||
			!strings.Contains(page, "confirm") || status() != model.CommentApproved {
			t.Errorf("JSON without confirm: %d %s", res.StatusCode, page)
		}
		// Not theirs: no confirmation page, no delete.
		if res, _ := other.do(t, "GET", path+"/delete", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("another reader's confirmation page: %d", res.StatusCode)
		}
		if res, _ := other.do(t, "POST", path+"/delete", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden || status() != model.CommentApproved {
			t.Errorf("another reader's confirmed delete: %d", res.StatusCode)
		}
		if res, _ := owner.do(t, "GET", "/comments/999999/delete", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("missing comment: %d", res.StatusCode)
		}
		res, _ = owner.do(t, "POST", path+"/delete", url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, http.StatusSeeOther, path)
		if status() != model.CommentDeleted {
			t.Fatal("confirmed delete did not delete")
		}
		if res, _ := owner.do(t, "GET", path+"/delete", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("confirmation for a deleted comment: %d", res.StatusCode)
		}
		// The script's way: JSON with confirm=yes.
		id2 := postComment(t, owner, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Second thoughts"}})
		res, page = owner.do(t, "POST", "/comments/"+strconv.FormatInt(id2, 10)+"/delete", url.Values{"confirm": {"yes"}}, "Accept", "application/json")
		if res.StatusCode != http.StatusOK || !strings.Contains(page, `"status":"deleted"`) {
			t.Errorf("JSON delete: %d %s", res.StatusCode, page)
		}
	})
}
