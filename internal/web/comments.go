package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/auth"
	"masthead/internal/comment"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Readers' comments (issue 4): posting, editing and deleting. Every POST
// passes net/http.CrossOriginProtection; every answer to a POST is either a
// 303 back to the thread (forms, JavaScript off) or JSON (the page's script
// sends Accept: application/json). Pages personal to a commenter are never
// cached (Cache-Control: no-store); the article's cached pages are dropped
// when its comments change (dropComments), never the whole cache.

// maxCommentForm bounds the bytes of one comment form post.
const maxCommentForm = 64 << 10

func (s *Site) commentRoutes(mux *http.ServeMux) {
	cop := http.NewCrossOriginProtection()
	if s.base != nil && s.base.Host != "" {
		if err := cop.AddTrustedOrigin(s.base.Scheme + "://" + s.base.Host); err != nil {
			s.log.Warn("comments: base URL is not a usable origin for cross-origin checks", "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("comments: cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		s.commentFail(w, r, &httpError{http.StatusForbidden, "This form was sent from another site, so it was refused. Open the story on " +
			s.absURL("/") + " and try again."})
	}))
	post := func(pattern string, fn handler) { mux.Handle(pattern, cop.Handler(noStore(s.ch(fn)))) }
	get := func(pattern string, fn handler) { mux.Handle(pattern, noStore(s.h(fn))) }

	post("POST /articles/{slug}/comments", s.commentPost)
	mux.HandleFunc("GET /articles/{slug}/comments/live", s.commentLive) // no request timeout: a stream
	get("GET /comments/{id}", s.commentPermalink)
	get("GET /comments/{id}/reply", s.commentReplyPage)
	get("GET /comments/{id}/edit", s.commentEditPage)
	get("GET /comments/{id}/delete", s.commentDeletePage)
	post("POST /comments/{id}/edit", s.commentEdit)
	post("POST /comments/{id}/delete", s.commentDelete)
	post("POST /comments/{id}/vote", s.commentVote)
	get("GET /comments/{id}/flag", s.commentFlagPage)
	post("POST /comments/{id}/flag", s.commentFlag)
	post("POST /comments/{id}/pick", s.commentPick)
	post("POST /comments/{id}/pin", s.commentPin)
	s.commentReaderRoutes(mux, get, post)
	s.commentFeedRoutes(mux)
}

// noStore marks responses personal: neither the page cache nor browsers
// or proxies keep them.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// ch is h for comment actions: errors go to commentFail (JSON for scripts).
func (s *Site) ch(fn handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		if err := fn(w, r); err != nil {
			s.commentFail(w, r, err)
		}
	})
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// commentFail answers a failed comment action: JSON {"error": …} for the
// page's script, the error page otherwise.
func (s *Site) commentFail(w http.ResponseWriter, r *http.Request, err error) {
	if !wantsJSON(r) {
		s.fail(w, r, err)
		return
	}
	var he *httpError
	if !errors.As(err, &he) {
		if auth.ClientGone(r, err) {
			s.log.Debug("comment request: client gone", "method", r.Method, "path", r.URL.Path, "err", err)
			return
		}
		s.log.Error("comment request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		he = &httpError{http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment."}
	}
	writeJSON(w, he.status, map[string]any{"error": he.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// commentArticle returns the visible article of the {slug} in r, without
// its body or relations (store.ArticleHeadBySlug): posting, the live stream
// and the comment feeds need only its id, headline, path and times.
func (s *Site) commentArticle(r *http.Request) (*model.Article, error) {
	a, err := s.st.ArticleHeadBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, storeErr(err, "We could not find that story.")
	}
	if a.Kind != model.KindArticle || !a.VisibleAt(s.clock()) {
		return nil, notFound("We could not find that story.")
	}
	return a, nil
}

// commentByID returns the comment of the {id} in r and its article.
// visibleComment is commentByID plus the reader asking (commentViewer),
// answering 404 when the comment is not shown to them (held, removed, or
// shadow-banned and not theirs; comment.VisibleTo).
func (s *Site) visibleComment(r *http.Request) (*model.Comment, *model.Article, *viewer, error) {
	c, a, err := s.commentByID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := s.commentViewer(r)
	if err != nil {
		return nil, nil, nil, err
	}
	if !comment.VisibleTo(c, v.ID()) {
		return nil, nil, nil, notFound(comment.ErrNotShown.Error())
	}
	return c, a, v, nil
}

func (s *Site) commentByID(r *http.Request) (*model.Comment, *model.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, notFound("There is no such comment.")
	}
	c, err := s.st.Comment(r.Context(), id)
	if err != nil {
		return nil, nil, storeErr(err, "There is no such comment.")
	}
	a, err := s.st.ArticleByID(r.Context(), c.ArticleID)
	if err != nil {
		return nil, nil, storeErr(err, "There is no such comment.")
	}
	if a.Kind != model.KindArticle || !a.VisibleAt(s.clock()) {
		return nil, nil, notFound("There is no such comment.")
	}
	return c, a, nil
}

// unprocessable is a 422 for a form that cannot be taken as sent.
func unprocessable(msg string) error { return &httpError{http.StatusUnprocessableEntity, msg} }

// commentPost takes a new comment or reply (form fields body, parent,
// name, email, website, notify, issued).
func (s *Site) commentPost(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		return badRequest("The comment form could not be read (it may be too long).")
	}
	ctx := r.Context()
	a, err := s.commentArticle(r)
	if err != nil {
		return err
	}
	v, err := s.commentViewer(r)
	if err != nil {
		return err
	}
	set, err := s.st.EffectiveCommentSettings(ctx, a)
	if err != nil {
		return err
	}
	now := s.clock()
	if !comment.OpenAt(a, set, now) {
		return &httpError{http.StatusForbidden, comment.ErrClosed.Error()}
	}
	f := r.PostForm
	parentID, _ := strconv.ParseInt(f.Get("parent"), 10, 64)
	form, err := s.commentFormFor(ctx, v, a, parentID)
	if err != nil {
		return err
	}
	form.Body = f.Get("body")
	body, err := comment.ValidBody(f.Get("body"))
	if err != nil {
		return s.commentFormError(w, r, a, form, err)
	}
	ident := v.Identity
	if ident == nil || ident.Kind == model.IdentityGuest {
		form.Name, form.Email, form.Website = f.Get("name"), f.Get("email"), f.Get("website")
		name, err := comment.ValidName(f.Get("name"))
		if err != nil {
			return s.commentFormError(w, r, a, form, err)
		}
		email, err := comment.ValidEmail(f.Get("email"))
		if err != nil {
			return s.commentFormError(w, r, a, form, err)
		}
		website, err := comment.ValidWebsite(f.Get("website"))
		if err != nil {
			return s.commentFormError(w, r, a, form, err)
		}
		ident = s.guestIdentity(v, name, email, website)
	}
	if parentID != 0 {
		p, err := s.st.Comment(ctx, parentID)
		if err != nil || p.ArticleID != a.ID || !comment.VisibleTo(p, ident.ID) {
			return unprocessable("The comment you are replying to is not available any more.")
		}
	}
	rendered, err := markup.Comment(body)
	if err != nil {
		return err
	}
	if strings.TrimSpace(rendered.Text) == "" {
		return s.commentFormError(w, r, a, form, comment.ErrEmptyBody)
	}
	sub := comment.Submission{Article: a, Identity: ident, Settings: set, ParentID: parentID, BodySource: body,
		BodyHTML: rendered.HTML, IPHash: v.IPHash, Now: now, Honeypot: f.Get(comment.HoneypotField)}
	if sub.Elapsed, err = s.decider.Elapsed(ctx, f.Get("ts"), a.ID, now); errors.Is(err, comment.ErrFormExpired) {
		return s.commentFormError(w, r, a, form, err)
	} else if err != nil {
		return err
	}
	sub.NoStamp = sub.Elapsed == 0
	d, err := s.decider.Decide(ctx, sub)
	var refused *comment.Refusal
	if errors.As(err, &refused) {
		if refused.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(refused.RetryAfter.Seconds()+0.5)))
		}
		return s.commentRefused(w, r, a, form, refused)
	}
	if err != nil {
		return err
	}
	if ident.Kind == model.IdentityGuest {
		isNew := ident.ID == 0
		if err := s.saveGuestIdentity(w, r, v, ident); err != nil {
			return err
		}
		if isNew {
			s.decider.NewIdentityPosted(ident.ID, now) // Decide could not count it against an identity yet
		}
	}
	c := &model.Comment{ArticleID: a.ID, ParentID: parentID, IdentityID: ident.ID, Identity: ident, Status: d.Status, Shadow: d.Shadow,
		BodySource: body, BodyHTML: rendered.HTML, BodyHash: d.BodyHash, IPHash: v.IPHash, Created: now,
		SpamScore: d.SpamScore, SpamReason: d.SpamReason}
	if err := s.st.CreateComment(ctx, c); err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrParentElsewhere) {
			return unprocessable("The comment you are replying to is not available any more.")
		}
		return err
	}
	if ident.Kind == model.IdentityReader && f.Get("notify") != "" {
		if _, err := s.st.Subscribe(ctx, ident.ID, a.ID, newToken(), now); err != nil {
			return err
		}
	}
	s.commentChanged(a, c, "comment")
	if c.Status == model.CommentApproved && !c.Shadow && parentID != 0 {
		s.notifyReply(ctx, a, c)
	}
	if notice := comment.NotPublished(c); notice != "" && wantsJSON(r) {
		writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "status": c.Status, "notice": notice})
		return nil
	}
	if wantsJSON(r) {
		html, err := s.renderCommentItem(commentItem{Item: comment.Item{C: c, Indent: min(c.Depth, comment.MaxIndent),
			Held: c.Status == model.CommentPending}, Own: true,
			CanEdit: comment.CanChange(c, ident.ID, s.cfg.CommentEditWindow, now) == nil})
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "status": c.Status, "html": html,
			"parent": c.ParentID, "root": c.RootID})
		return nil
	}
	http.Redirect(w, r, "/comments/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// commentFormError shows the form again with the reader's text and what
// to fix (422), or the message as JSON.
func (s *Site) commentFormError(w http.ResponseWriter, r *http.Request, a *model.Article, f commentForm, err error) error {
	if wantsJSON(r) {
		return unprocessable(err.Error())
	}
	f.Error = err.Error()
	return s.commentPage(w, r, http.StatusUnprocessableEntity, &commentPageView{Title: "Your comment", Article: a, Form: &f})
}

// commentRefused answers a comment the decider refused (ban, duplicate,
// rate limit; comment.Refusal): JSON for the page's script, else the form
// again with the reader's text and the reason, under the refusal's status.
func (s *Site) commentRefused(w http.ResponseWriter, r *http.Request, a *model.Article, f commentForm, refused *comment.Refusal) error {
	if wantsJSON(r) {
		return &httpError{refused.Code, refused.Message}
	}
	f.Error = refused.Message
	return s.commentPage(w, r, refused.Code, &commentPageView{Title: "Your comment", Article: a, Form: &f})
}

// commentEdit replaces the body of the viewer's own comment within the
// edit window.
func (s *Site) commentEdit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read (it may be too long).")
	}
	c, a, err := s.ownComment(r, true)
	if err != nil {
		return err
	}
	if err := s.requireOpen(r, a); err != nil {
		return err
	}
	body, err := comment.ValidBody(r.PostForm.Get("body"))
	if err == nil {
		err = s.applyEdit(r, c, a, body)
	}
	var refused *comment.Refusal
	if errors.As(err, &refused) {
		return &httpError{refused.Code, refused.Message}
	}
	if err != nil && !errors.Is(err, comment.ErrEmptyBody) && !errors.Is(err, comment.ErrLongBody) {
		return err
	}
	if err != nil {
		if wantsJSON(r) {
			return unprocessable(err.Error())
		}
		return s.commentPage(w, r, http.StatusUnprocessableEntity, &commentPageView{Title: "Edit your comment", Article: a,
			Edit: c, Body: r.PostForm.Get("body"), Error: err.Error()})
	}
	s.commentChanged(a, c, "edit")
	return s.commentDone(w, r, c, a)
}

// applyEdit renders body, lets the decider re-run the text rules on it
// (an edit can hold a comment again, never free it) and stores it. Errors
// of the reader's making are returned as themselves (shown with the form).
func (s *Site) applyEdit(r *http.Request, c *model.Comment, a *model.Article, body string) error {
	ctx := r.Context()
	rendered, err := markup.Comment(body)
	if err != nil {
		return err
	}
	if strings.TrimSpace(rendered.Text) == "" {
		return comment.ErrEmptyBody
	}
	set, err := s.st.EffectiveCommentSettings(ctx, a)
	if err != nil {
		return err
	}
	now := s.clock()
	d, err := s.decider.DecideEdit(ctx, c, comment.Submission{Article: a, Identity: c.Identity, Settings: set, ParentID: c.ParentID,
		BodySource: body, BodyHTML: rendered.HTML, IPHash: c.IPHash, Now: now})
	if err != nil {
		return err
	}
	if err := s.st.EditComment(ctx, c.ID, store.CommentEdit{BodySource: body, BodyHTML: rendered.HTML, BodyHash: d.BodyHash,
		Status: d.Status, SpamScore: d.SpamScore, SpamReason: d.SpamReason, At: now}); err != nil {
		return storeErr(err, "There is no such comment.")
	}
	c.BodySource, c.BodyHTML, c.Edited, c.Status = body, rendered.HTML, now, d.Status
	return nil
}

// commentDelete deletes the viewer's own comment within the edit window,
// once confirmed (field confirm=yes; without it the confirmation page is
// shown, or 400 for the page's script: comments_delete.go).
func (s *Site) commentDelete(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.ownComment(r, false)
	if err != nil {
		return err
	}
	if ok, err := s.deleteConfirmed(w, r, c, a); !ok {
		return err
	}
	if err := s.st.DeleteComment(r.Context(), c.ID, s.clock()); err != nil {
		return storeErr(err, "There is no such comment.")
	}
	c.Status = model.CommentDeleted
	s.commentChanged(a, c, "delete")
	return s.commentDone(w, r, c, a)
}

// ownComment loads the {id} comment and checks that the viewer may change
// it now (403 otherwise): delete it, or with edit also edit it
// (comment.CanEdit: not once rejected or marked spam).
func (s *Site) ownComment(r *http.Request, edit bool) (*model.Comment, *model.Article, error) {
	c, a, err := s.commentByID(r)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.commentViewer(r)
	if err != nil {
		return nil, nil, err
	}
	can := comment.CanChange
	if edit {
		can = comment.CanEdit
	}
	if err := can(c, v.ID(), s.cfg.CommentEditWindow, s.clock()); err != nil {
		return nil, nil, &httpError{http.StatusForbidden, err.Error()}
	}
	return c, a, nil
}

// commentDone answers a successful action on comment c: JSON for scripts,
// else a 303 to the comment in its thread.
func (s *Site) commentDone(w http.ResponseWriter, r *http.Request, c *model.Comment, a *model.Article) error {
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "status": c.Status, "upvotes": c.Upvotes, "downvotes": c.Downvotes})
		return nil
	}
	http.Redirect(w, r, "/comments/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// renderCommentItem renders one comment as the thread shows it.
func (s *Site) renderCommentItem(it commentItem) (string, error) {
	var buf bytes.Buffer
	if err := s.tmpl["article"].ExecuteTemplate(&buf, "comment", it); err != nil {
		return "", err
	}
	return buf.String(), nil
}
