package web

import (
	"net/http"
	"strconv"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
)

// A story whose comments are closed (by the editor, a moderator, or the
// auto-close rule N days after publication; comment.OpenAt) shows its
// thread read-only: no form, no Reply, vote, Report or Edit controls (with
// and without JavaScript), and those actions answer 403 "Comments are
// closed for this story.". An author may still delete their own comment
// within the edit window: their words are theirs to take back.

// requireOpen answers 403 comment.ErrClosed unless article a takes
// comments now.
func (s *Site) requireOpen(r *http.Request, a *model.Article) error {
	set, err := s.st.EffectiveCommentSettings(r.Context(), a)
	if err != nil {
		return err
	}
	if !comment.OpenAt(a, set, s.clock()) {
		return &httpError{http.StatusForbidden, comment.ErrClosed.Error()}
	}
	return nil
}

// formCacheTTL returns how many seconds the page cache may keep a story
// page that shows the open comment form of cv: comment.FormCacheSeconds,
// or less when the auto-close rule closes the thread sooner, so a cached
// page never offers the form after the close.
func formCacheTTL(cv *commentsView, now time.Time) string {
	ttl := time.Duration(comment.FormCacheSeconds) * time.Second
	if !cv.ClosesAt.IsZero() {
		ttl = min(ttl, cv.ClosesAt.Sub(now))
	}
	return strconv.Itoa(max(1, int(ttl.Seconds())))
}
