package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
)

// Comment permalinks, votes, flags, editor's picks and the pinned comment,
// and the small pages that carry their forms when JavaScript is off.

// commentPermalink sends /comments/{id} to the page of the article's
// thread that shows the comment (oldest first), at #comment-ID. A comment
// readers cannot see goes to the top of the thread.
func (s *Site) commentPermalink(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.commentByID(r)
	if err != nil {
		return err
	}
	v, err := s.commentViewer(r)
	if err != nil {
		return err
	}
	if notice := comment.NotPublished(c); notice != "" && v.ID() != 0 && c.IdentityID == v.ID() {
		// Its author learns that it was not published (and keeps the text).
		return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Your comment was not published", Article: a,
			Message: notice, Kept: c.BodySource})
	}
	all, err := s.st.ArticleComments(r.Context(), a.ID, v.ID())
	if err != nil {
		return err
	}
	// The "c" parameter (read by nothing, and left out of page cache keys)
	// makes the address new to the browser, so a copy of the story it
	// cached before the comment was posted is not shown instead.
	to := articlePath(a) + "#comments"
	if p := comment.PageOf(all, comment.SortOldest, v.ID(), c.ID); p > 0 {
		u := commentPageURL(articlePath(a), comment.SortOldest, p)
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		to = u + sep + "c=" + strconv.FormatInt(c.ID, 10) + "#comment-" + strconv.FormatInt(c.ID, 10)
	}
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

// commentVote records the viewer's vote (form field value: 1, -1 or 0 to
// withdraw). Visitors with no identity vote under their hashed IP.
func (s *Site) commentVote(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("The vote could not be read.")
	}
	value, err := strconv.Atoi(r.PostForm.Get("value"))
	if err != nil || value < -1 || value > 1 {
		return badRequest("A vote is 1 (recommend), -1 (not helpful) or 0 (withdraw).")
	}
	c, a, v, err := s.visibleComment(r)
	if err != nil {
		return err
	}
	if err := s.requireOpen(r, a); err != nil {
		return err
	}
	if v.ID() == c.IdentityID && v.ID() != 0 {
		return &httpError{http.StatusForbidden, "You cannot vote on your own comment."}
	}
	voter := v.voter()
	if voter == "" {
		return badRequest("We could not tell who is voting.")
	}
	if err := s.voteLimit(w, v); err != nil {
		return err
	}
	up, down, err := s.st.Vote(r.Context(), c.ID, voter, v.ID(), value, s.clock())
	if err != nil {
		return storeErr(err, "Only published comments take votes.")
	}
	c.Upvotes, c.Downvotes, c.Score = up, down, up-down
	s.commentChanged(a, c, "vote")
	return s.commentDone(w, r, c, a)
}

// voteLimit spends one of the viewer's client IP's vote-and-report
// tokens (voteBurst, then one per voteEvery); a 429 with Retry-After
// (seconds) when there is none left.
func (s *Site) voteLimit(w http.ResponseWriter, v *viewer) error {
	if s.ckeys.votes.allow(v.IPHash, s.clock()) {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(voteEvery/time.Second)))
	return &httpError{http.StatusTooManyRequests, "You are voting or reporting too fast. Please wait a few seconds and try again."}
}

// commentFlag records a report (fields reason, note). A second report by
// the same person on the same comment changes nothing.
func (s *Site) commentFlag(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("The report could not be read.")
	}
	reason := model.FlagReason(r.PostForm.Get("reason"))
	if !reason.Valid() {
		return badRequest("Please choose why you are reporting this comment: spam, abuse, off-topic or other.")
	}
	note := comment.CleanName(r.PostForm.Get("note"))
	if len([]rune(note)) > comment.MaxNoteRunes {
		return badRequest("Please keep the note under 500 characters.")
	}
	c, a, v, err := s.visibleComment(r)
	if err != nil {
		return err
	}
	if err := s.requireOpen(r, a); err != nil {
		return err
	}
	f := &model.CommentFlag{CommentID: c.ID, Reporter: v.voter(), IdentityID: v.ID(), Reason: reason, Note: note, Created: s.clock()}
	if f.Reporter == "" {
		return badRequest("We could not tell who is reporting.")
	}
	if err := s.voteLimit(w, v); err != nil {
		return err
	}
	added, err := s.st.FlagComment(r.Context(), f)
	if err != nil {
		return storeErr(err, "There is no such comment.")
	}
	if added {
		if err := s.holdReported(r.Context(), c); err != nil {
			return err
		}
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "flagged": true})
		return nil
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Thank you", Article: a,
		Message: "Thank you. The moderators will look at this comment."})
}

// commentPick and commentPin are for staff allowed to moderate comments
// (field on: 1 or 0).
func (s *Site) commentPick(w http.ResponseWriter, r *http.Request) error {
	return s.commentModerate(w, r, func(c *model.Comment, on bool) error {
		return s.st.SetCommentPicked(r.Context(), c.ID, on, s.clock())
	})
}

func (s *Site) commentPin(w http.ResponseWriter, r *http.Request) error {
	return s.commentModerate(w, r, func(c *model.Comment, on bool) error {
		return s.st.SetCommentPinned(r.Context(), c.ID, on, s.clock())
	})
}

func (s *Site) commentModerate(w http.ResponseWriter, r *http.Request, fn func(c *model.Comment, on bool) error) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	v, err := s.commentViewer(r)
	if err != nil {
		return err
	}
	if !v.Moderator {
		return &httpError{http.StatusForbidden, "Only newsroom staff who moderate comments can do this."}
	}
	c, a, err := s.commentByID(r)
	if err != nil {
		return err
	}
	if err := fn(c, r.PostForm.Get("on") == "1"); err != nil {
		return storeErr(err, "Only published comments can be picked or pinned.")
	}
	s.commentChanged(a, c, "moderate")
	return s.commentDone(w, r, c, a)
}

// commentPageView is what comment_page.html shows: one of a reply form,
// an edit form, a report form, a message, or the sign-in form.
type commentPageView struct {
	Title   string
	Article *model.Article
	Item    *commentItem // the comment in question, shown for context
	Form    *commentForm // reply (or a new comment sent back with an error)
	Edit    *model.Comment
	Flag    *model.Comment
	Delete  *model.Comment // asks to confirm deleting it
	Body    string         // edit form text
	Error   string
	Message string
	Kept    string // the text of the viewer's comment that was not published, to copy
	SignIn  *signInView
	Account *accountView
}

// commentPage renders comment_page.html (never cached).
func (s *Site) commentPage(w http.ResponseWriter, r *http.Request, status int, v *commentPageView) error {
	l := &layout{Title: v.Title, Robots: "noindex", Page: v}
	return s.render(w, r, status, "comment_page", l, -1, time.Time{})
}

func (s *Site) commentReplyPage(w http.ResponseWriter, r *http.Request) error {
	c, a, v, err := s.visibleComment(r)
	if err != nil {
		return err
	}
	set, err := s.st.EffectiveCommentSettings(r.Context(), a)
	if err != nil {
		return err
	}
	open := comment.OpenAt(a, set, s.clock())
	pv := &commentPageView{Title: "Reply to " + c.Identity.Name, Article: a, Item: &commentItem{Item: comment.Item{C: c}, Closed: !open}}
	if open {
		f, err := s.commentFormFor(r.Context(), v, a, c.ID)
		if err != nil {
			return err
		}
		pv.Form = &f
	} else {
		pv.Message = comment.ErrClosed.Error()
	}
	return s.commentPage(w, r, http.StatusOK, pv)
}

func (s *Site) commentEditPage(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.ownComment(r, true)
	if err != nil {
		return err
	}
	if err := s.requireOpen(r, a); err != nil {
		return err
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Edit your comment", Article: a, Edit: c, Body: c.BodySource})
}

func (s *Site) commentFlagPage(w http.ResponseWriter, r *http.Request) error {
	c, a, _, err := s.visibleComment(r)
	if err != nil {
		return err
	}
	if err := s.requireOpen(r, a); err != nil {
		return err
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Report a comment", Article: a,
		Item: &commentItem{Item: comment.Item{C: c}}, Flag: c})
}
