package web

import (
	"net/http"

	"masthead/internal/comment"
	"masthead/internal/model"
)

// Deleting one's own comment takes a confirmation, as the admin's
// hard-to-undo actions do (admin_confirm.go): the Delete link opens
// GET /comments/{id}/delete, a page showing the comment with a form that
// posts confirm=yes and a Cancel link back to it, so it works with
// JavaScript off. A POST without confirm=yes changes nothing and shows
// the same page; the page's script asks with window.confirm and then
// posts confirm=yes (Accept: application/json; without it: 400).

// commentDeletePage shows the confirmation (403 when the viewer may not
// delete the comment).
func (s *Site) commentDeletePage(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.ownComment(r, false)
	if err != nil {
		return err
	}
	return s.deleteConfirmPage(w, r, c, a)
}

// deleteConfirmed reports whether the POST r carries confirm=yes. When it
// does not, it has answered (the confirmation page, or 400 as JSON) and
// the caller must stop, returning the error.
func (s *Site) deleteConfirmed(w http.ResponseWriter, r *http.Request, c *model.Comment, a *model.Article) (bool, error) {
	if err := r.ParseForm(); err != nil {
		return false, badRequest("The form could not be read.")
	}
	if r.PostForm.Get("confirm") == "yes" {
		return true, nil
	}
	if wantsJSON(r) {
		return false, badRequest("Please confirm the deletion (confirm=yes).")
	}
	return false, s.deleteConfirmPage(w, r, c, a)
}

func (s *Site) deleteConfirmPage(w http.ResponseWriter, r *http.Request, c *model.Comment, a *model.Article) error {
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Delete your comment?", Article: a,
		Item: &commentItem{Item: comment.Item{C: c}, Own: true, Closed: true}, Delete: c,
		Message: "It will show as \u201cThis comment was deleted\u201d; replies to it keep their place. This cannot be undone."})
}
