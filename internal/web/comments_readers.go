package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/comment"
	"masthead/internal/mail"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Verified readers (magic links), their account page (download and
// erasure), reply notifications with one-click unsubscribe, and the staff
// comment pass.

const (
	magicLinkTTL     = 30 * time.Minute
	commentMailLimit = time.Minute // bounds sending one comment e-mail
)

func (s *Site) commentReaderRoutes(mux *http.ServeMux, get, post func(string, handler)) {
	get("GET /reader/signin", s.signInForm)
	post("POST /reader/signin", s.signInRequest)
	get("GET /reader/signin/{token}", s.signInConfirm)
	post("POST /reader/signin/{token}", s.signInUse)
	post("POST /reader/signout", s.signOut)
	get("GET /reader/account", s.accountPage)
	get("GET /reader/account/export.json", s.accountExport)
	post("POST /reader/account/erase", s.accountErase)
	get("GET /reader/unsubscribe/{token}", s.unsubscribePage)
	post("POST /reader/unsubscribe/{token}", s.unsubscribe)
}

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/comments/staff", s.signedIn(s.staffPassPage))
		am.Handle("POST /admin/comments/staff", s.signedIn(s.staffPass))
	})
}

// signInView is the sign-in part of comment_page.html.
type signInView struct {
	Email, Name, Next string
	Token             string // confirming a link
	Sent              bool
}

// accountView is the account part of comment_page.html.
type accountView struct {
	Identity *model.CommentIdentity
	Comments int
}

func (s *Site) signInForm(w http.ResponseWriter, r *http.Request) error {
	next := auth.SafeNext(r.URL.Query().Get("next"), "/")
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Sign in to comment", SignIn: &signInView{Next: next}})
}

// signInRequest mails a sign-in link (form fields email, name, next). The
// answer is the same whether or not the address is known.
func (s *Site) signInRequest(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	sv := &signInView{Email: f.Get("email"), Name: f.Get("name"), Next: auth.SafeNext(f.Get("next"), "/")}
	pv := &commentPageView{Title: "Sign in to comment", SignIn: sv}
	email, err := comment.ValidEmail(f.Get("email"))
	if err == nil && email == "" {
		err = comment.ErrEmail
	}
	name := ""
	if err == nil {
		name, err = comment.ValidName(f.Get("name"))
	}
	if err != nil {
		pv.Error = err.Error()
		return s.commentPage(w, r, http.StatusUnprocessableEntity, pv)
	}
	now := s.clock()
	if !s.ckeys.signinIP.allow(s.auth.ClientIP(r), now) || !s.ckeys.signinAddr.allow(email, now) {
		w.Header().Set("Retry-After", "600")
		pv.Error = "Too many sign-in links were asked for. Please wait a few minutes and try again."
		return s.commentPage(w, r, http.StatusTooManyRequests, pv)
	}
	token := newToken()
	if err := s.st.CreateMagicLink(r.Context(), hashToken(token), email, name, sv.Next, now, now.Add(magicLinkTTL)); err != nil {
		return err
	}
	to, err := mail.Address(name, email)
	if err != nil {
		to = email
	}
	s.sendCommentMail(r.Context(), mail.Message{To: to, Subject: "Your sign-in link for " + s.cfg.SiteName,
		Text: "To comment on " + s.cfg.SiteName + " as a verified reader, open this link within 30 minutes:\n\n" +
			s.absURL("/reader/signin/"+token) + "\n\nThe link works once. If you did not ask for it, ignore this message.\n"})
	sv.Sent = true
	return s.commentPage(w, r, http.StatusOK, pv)
}

// signInConfirm shows a button that uses the link: opening a link (mail
// scanners do) changes nothing.
func (s *Site) signInConfirm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	token := r.PathValue("token")
	email, _, _, err := s.st.MagicLink(r.Context(), hashToken(token), s.clock())
	if err != nil {
		return storeErr(err, "This sign-in link cannot be used: it was already used or has expired. Ask for a new one.")
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Sign in to comment", SignIn: &signInView{Email: email, Token: token}})
}

// signInUse uses a link: the reader identity of its address is created or
// re-verified and a reader session starts.
func (s *Site) signInUse(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.clock()
	email, name, next, err := s.st.UseMagicLink(ctx, hashToken(r.PathValue("token")), now)
	if err != nil {
		return storeErr(err, "This sign-in link cannot be used: it was already used or has expired. Ask for a new one.")
	}
	ci, err := s.st.VerifiedReader(ctx, email, name, now)
	if err != nil {
		return err
	}
	// The guest identity this browser held, and guest comments that gave
	// the address just proved, are the reader's from now on.
	v, err := s.commentViewer(r)
	if err != nil {
		return err
	}
	var guestID int64
	if v.Identity != nil && v.Identity.Kind == model.IdentityGuest {
		guestID = v.Identity.ID
	}
	if _, err := s.st.ClaimGuestIdentities(ctx, ci.ID, guestID, email); err != nil {
		return err
	}
	token := newToken()
	if err := s.st.CreateCommentSession(ctx, hashToken(token), ci.ID, now, now.Add(readerTTL)); err != nil {
		return err
	}
	s.setCommentCookie(w, cookieReader, token, readerTTL)
	s.clearCommentCookie(w, cookieGuest)
	http.Redirect(w, r, auth.SafeNext(next, "/"), http.StatusSeeOther)
	return nil
}

func (s *Site) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(cookieReader); err == nil {
		if err := s.st.DeleteCommentSession(r.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	for _, n := range []string{cookieReader, cookieGuest, cookieStaff} {
		s.clearCommentCookie(w, n)
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// reader returns the signed-in verified reader, or a 403 asking to sign in.
func (s *Site) reader(r *http.Request) (*model.CommentIdentity, error) {
	v, err := s.commentViewer(r)
	if err != nil {
		return nil, err
	}
	if v.Identity == nil || v.Identity.Kind != model.IdentityReader {
		return nil, &httpError{http.StatusForbidden, "Please sign in with your e-mail link first (/reader/signin)."}
	}
	return v.Identity, nil
}

func (s *Site) accountPage(w http.ResponseWriter, r *http.Request) error {
	ci, err := s.reader(r)
	if err != nil {
		return err
	}
	list, err := s.st.AllIdentityComments(r.Context(), ci.ID)
	if err != nil {
		return err
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Your comments account", Account: &accountView{Identity: ci, Comments: len(list)}})
}

// exportedComment is one comment in a reader's download.
type exportedComment struct {
	ID         int64     `json:"id"`
	URL        string    `json:"url"`
	Article    string    `json:"article"`
	ParentID   int64     `json:"parent_id,omitempty"`
	Status     string    `json:"status"`
	Created    time.Time `json:"created"`
	Edited     time.Time `json:"edited,omitzero"`
	BodySource string    `json:"body"`
	PostedAs   string    `json:"posted_as"`       // the display name it shows
	Guest      bool      `json:"guest,omitempty"` // posted as a guest before verifying`
	Upvotes    int       `json:"upvotes"`
	Downvotes  int       `json:"downvotes"`
}

// accountExport downloads every comment of the signed-in reader as JSON.
func (s *Site) accountExport(w http.ResponseWriter, r *http.Request) error {
	ci, err := s.reader(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	list, err := s.st.AllIdentityComments(ctx, ci.ID)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, c := range list {
		if !seen[c.ArticleID] {
			seen[c.ArticleID] = true
			ids = append(ids, c.ArticleID)
		}
	}
	arts, err := s.st.ArticlesByIDs(ctx, ids)
	if err != nil {
		return err
	}
	byID := map[int64]*model.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	out := struct {
		Name     string            `json:"name"`
		Email    string            `json:"email"`
		Since    time.Time         `json:"since"`
		Comments []exportedComment `json:"comments"`
	}{Name: ci.Name, Email: ci.Email, Since: ci.Created, Comments: []exportedComment{}}
	for _, c := range list {
		e := exportedComment{ID: c.ID, ParentID: c.ParentID, Status: string(c.Status), Created: c.Created, Edited: c.Edited,
			BodySource: c.BodySource, Upvotes: c.Upvotes, Downvotes: c.Downvotes, URL: s.absURL("/comments/" + strconv.FormatInt(c.ID, 10))}
		if c.Identity != nil {
			e.PostedAs, e.Guest = c.Identity.Name, c.Identity.Kind == model.IdentityGuest
		}
		if a := byID[c.ArticleID]; a != nil {
			e.Article = a.Headline
		}
		out.Comments = append(out.Comments, e)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="my-comments.json"`)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// accountErase erases the signed-in reader (field confirm=erase): see
// store.EraseReader and docs/COMMENTS.md for what is kept.
func (s *Site) accountErase(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	ci, err := s.reader(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "erase" {
		return unprocessable("To erase your account, tick the box that confirms it.")
	}
	ctx := r.Context()
	list, err := s.st.AllIdentityComments(ctx, ci.ID)
	if err != nil {
		return err
	}
	if err := s.st.EraseReader(ctx, ci.ID, s.clock()); err != nil {
		return storeErr(err, "This account was already erased.")
	}
	done := map[int64]bool{}
	for _, c := range list {
		if done[c.ArticleID] {
			continue
		}
		done[c.ArticleID] = true
		if a, err := s.st.ArticleByID(ctx, c.ArticleID); err == nil {
			c.Status = model.CommentDeleted
			s.commentChanged(a, c, "delete")
		}
	}
	s.clearCommentCookie(w, cookieReader)
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Account erased",
		Message: "Your account is erased: your comments were removed and we no longer hold your name or e-mail address."})
}

func (s *Site) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Stop reply e-mails",
		SignIn: &signInView{Token: r.PathValue("token"), Sent: false, Next: "unsubscribe"}})
}

// unsubscribe ends a reply subscription; mail programs call it with one
// POST (RFC 8058), readers with the button on unsubscribePage.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	if err := s.st.Unsubscribe(r.Context(), r.PathValue("token"), s.clock()); err != nil {
		return storeErr(err, "This unsubscribe link is not one we sent.")
	}
	return s.commentPage(w, r, http.StatusOK, &commentPageView{Title: "Unsubscribed", Message: "You will get no more reply e-mails for this subscription."})
}

// notifyReply e-mails the author of the comment c replies to, when they
// are a verified reader who opted in, once per reply (store
// ClaimReplyNotice) and only for an approved, unshadowed reply: called on
// posting and on a moderator's approval. User text goes in defanged (no live
// links); the name cannot hold CR/LF (comment.ValidName).
func (s *Site) notifyReply(ctx context.Context, a *model.Article, c *model.Comment) {
	if c.ParentID == 0 || c.Status != model.CommentApproved || c.Shadow {
		return
	}
	p, err := s.st.Comment(ctx, c.ParentID)
	if err != nil || p.Identity == nil || p.Identity.Kind != model.IdentityReader || p.Identity.Email == "" ||
		!p.Identity.Erased.IsZero() || p.IdentityID == c.IdentityID {
		return
	}
	if first, err := s.st.ClaimReplyNotice(ctx, c.ID, s.clock()); err != nil || !first {
		if err != nil {
			s.log.Error("comments: reply notice", "err", err)
		}
		return
	}
	token, err := s.st.ReplySubscription(ctx, p.IdentityID, a.ID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Error("comments: reply subscription", "err", err)
		}
		return
	}
	to, err := mail.Address(p.Identity.Name, p.Identity.Email)
	if err != nil {
		to = p.Identity.Email
	}
	author := "Someone"
	if c.Identity != nil && c.Identity.Name != "" {
		author = c.Identity.Name
	}
	headline := strings.Join(strings.Fields(a.Headline), " ") // staff text, one line
	unsub := s.absURL("/reader/unsubscribe/" + token)
	s.sendCommentMail(ctx, mail.Message{To: to, Subject: "New reply to your comment on " + headline, ListUnsubscribe: unsub,
		Text: comment.Defang(author) + " replied to your comment on \"" + headline + "\":\n\n" +
			comment.MailText(markup.PlainText(c.BodyHTML)) + "\n\nRead the conversation: " +
			s.absURL("/comments/"+strconv.FormatInt(c.ID, 10)) + "\n\nStop these e-mails: " + unsub + "\n"})
}

// sendCommentMail sends msg in the background; failures are logged.
func (s *Site) sendCommentMail(ctx context.Context, msg mail.Message) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commentMailLimit)
	s.ckeys.sending.Add(1)
	go func() {
		defer s.ckeys.sending.Done()
		defer cancel()
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.log.Error("comment mail not sent", "err", err)
		}
	}()
}

// staffPassPage offers a signed-in newsroom user to comment as staff.
func (s *Site) staffPassPage(w http.ResponseWriter, r *http.Request, u *store.User) error {
	next := auth.SafeNext(r.URL.Query().Get("next"), "/")
	return s.renderAdmin(w, http.StatusOK, "admin_comment_staff", "Comment as staff", u, map[string]any{"Next": next, "Name": u.Name})
}

// staffPass sets the staff comment pass cookie (see comments_identity.go)
// and returns to the story.
func (s *Site) staffPass(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	ckey, err := s.commentKey(r.Context())
	if err != nil {
		return err
	}
	val := strconv.FormatInt(u.ID, 10) + "-" + strconv.FormatInt(u.SessionGen, 10)
	s.setCommentCookie(w, cookieStaff, comment.Sign(ckey, "staff", val, s.clock().Add(staffTTL)), staffTTL)
	http.Redirect(w, r, auth.SafeNext(r.PostForm.Get("next"), "/"), http.StatusSeeOther)
	return nil
}
