package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
)

// commentsView is the "Join the Conversation" section of an article page
// (template "comments" in comments_partials.html).
type commentsView struct {
	ArticleID  int64
	Path       string // the article's path
	Count      int
	Sort       comment.Sort
	Sorts      []sortTab
	Items      []commentItem
	Pinned     *commentItem
	Page       int
	Pages      int
	Prev, Next string // URLs of the neighbouring comment pages, "" at the ends
	Open       bool
	ClosesAt   time.Time // when the auto-close rule closes the thread; zero = never
	Form       commentForm
	Viewer     *viewer
	LiveURL    string
	FeedURL    string
	Script     string // checksummed URL of comments.js
	EditWindow time.Duration
}

// sortTab is one of the order links above the thread.
type sortTab struct {
	Label   string
	URL     string
	Current bool
}

// commentForm is what the comment form shows.
type commentForm struct {
	Action  string // POST target
	Parent  int64
	Name    string
	Email   string
	Website string
	Body    string
	Kind    model.IdentityKind // viewer's identity kind, "" when unknown
	Staff   bool
	Reader  bool
	Stamp   string // signed time the form was served (comment.Decider.FormStamp)
	Honey   string // name of the honeypot field (comment.HoneypotField)
	Error   string
	Next    string // where the sign-in link returns to
}

// commentItem is one comment as the template shows it, with the viewer's
// permissions worked out.
type commentItem struct {
	comment.Item
	Own     bool // the viewer wrote it
	CanEdit bool // the viewer may still edit or delete it
	Vote    int  // the viewer's vote, -1, 0 or 1
	Mod     bool // the viewer may pick and pin
	// Closed: the story's comments are closed, so the thread is read-only
	// (no vote, Reply, Report or Edit; the author's Delete and the
	// moderators' Pick and Pin stay).
	Closed bool
	// PinnedCopy marks the copy of the pinned comment shown above the
	// thread: its element id is "pinned-comment-N", so "comment-N" (the
	// permalink anchor, and what the page's script looks up) stays unique
	// and names the copy in the thread.
	PinnedCopy bool
}

// Body is the comment's HTML, sanitised once at write time by
// markup.Comment (store.CreateComment's contract).
func (it commentItem) Body() template.HTML { return template.HTML(it.C.BodyHTML) }

// Author returns the display name, or "Former reader" for an erased one.
func (it commentItem) Author() string {
	if it.C.Identity == nil || it.C.Identity.Name == "" {
		return "Former reader"
	}
	return it.C.Identity.Name
}

// Staff and Verified tell the badges.
func (it commentItem) Staff() bool {
	return it.C.Identity != nil && it.C.Identity.Kind == model.IdentityStaff
}
func (it commentItem) Verified() bool {
	return it.C.Identity != nil && it.C.Identity.Kind == model.IdentityReader
}

// commentsFor builds the comment section of article a for request r.
func (s *Site) commentsFor(r *http.Request, a *model.Article) (*commentsView, error) {
	ctx := r.Context()
	v, err := s.commentViewer(r)
	if err != nil {
		return nil, err
	}
	o, page, err := threadParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	all, err := s.st.ThreadComments(ctx, a.ID, v.ID())
	if err != nil {
		return nil, err
	}
	t := comment.Build(all, o, page, v.ID())
	if page > t.Pages {
		return nil, notFound(fmt.Sprintf("There is no page %d of comments on this story: it has %d.", page, t.Pages))
	}
	set, err := s.st.EffectiveCommentSettings(ctx, a)
	if err != nil {
		return nil, err
	}
	path := articlePath(a)
	cv := &commentsView{ArticleID: a.ID, Path: path, Count: t.Count, Sort: o, Page: t.Page, Pages: t.Pages,
		Open: comment.OpenAt(a, set, s.clock()), ClosesAt: comment.ClosesAt(a, set), Viewer: v, EditWindow: s.cfg.CommentEditWindow,
		LiveURL: path + "/comments/live", FeedURL: path + "/comments.atom", Script: s.static.url("comments.js")}
	if !cv.Open {
		cv.LiveURL = "" // a closed thread takes nothing new: no live stream
	}
	for _, st := range []struct {
		o     comment.Sort
		label string
	}{{comment.SortOldest, "Oldest"}, {comment.SortNewest, "Newest"}, {comment.SortBest, "Best"}, {comment.SortPicks, "Picks"}} {
		cv.Sorts = append(cv.Sorts, sortTab{Label: st.label, URL: commentPageURL(path, st.o, 1), Current: st.o == o})
	}
	if t.Page > 1 {
		cv.Prev = commentPageURL(path, o, t.Page-1)
	}
	if t.Page < t.Pages {
		cv.Next = commentPageURL(path, o, t.Page+1)
	}
	ids := make([]int64, 0, len(t.Items))
	for _, it := range t.Items {
		ids = append(ids, it.C.ID)
	}
	votes := map[int64]int{}
	if v.ID() != 0 {
		if votes, err = s.st.VotesBy(ctx, v.voter(), ids); err != nil {
			return nil, err
		}
	}
	now := s.clock()
	mk := func(it comment.Item) commentItem {
		ci := commentItem{Item: it, Vote: votes[it.C.ID], Mod: v.Moderator, Closed: !cv.Open}
		if v.ID() != 0 && it.C.IdentityID == v.ID() {
			ci.Own = true
			ci.CanEdit = comment.CanChange(it.C, v.ID(), s.cfg.CommentEditWindow, now) == nil
		}
		return ci
	}
	cv.Items = make([]commentItem, len(t.Items))
	for i, it := range t.Items {
		cv.Items[i] = mk(it)
	}
	if t.Pinned != nil && t.Page == 1 && o != comment.SortPicks {
		p := mk(comment.Item{C: t.Pinned})
		p.PinnedCopy = true
		cv.Pinned = &p
	}
	if cv.Form, err = s.commentFormFor(ctx, v, a, 0); err != nil {
		return nil, err
	}
	return cv, nil
}

// commentFormFor returns the empty form for viewer v under article a
// (parent 0 for a new conversation).
func (s *Site) commentFormFor(ctx context.Context, v *viewer, a *model.Article, parent int64) (commentForm, error) {
	path := articlePath(a)
	stamp, err := s.decider.FormStamp(ctx, a.ID, s.clock())
	if err != nil {
		return commentForm{}, err
	}
	f := commentForm{Action: path + "/comments", Parent: parent, Stamp: stamp, Honey: comment.HoneypotField, Next: path + "#comments"}
	if ci := v.Identity; ci != nil {
		f.Kind = ci.Kind
		f.Staff, f.Reader = ci.Kind == model.IdentityStaff, ci.Kind == model.IdentityReader
		f.Name, f.Website = ci.Name, ci.Website
		if ci.Kind == model.IdentityGuest {
			f.Email = ci.Email
		}
	}
	return f, nil
}

// threadParams reads the thread's order ("sort": oldest, newest, best or
// picks; absent or empty is oldest) and page ("page": 1, 2 …; absent or
// empty is 1) from an article page's query. A value that is neither is a
// 400 naming it; a page past the last is the caller's 404.
func threadParams(q url.Values) (comment.Sort, int, error) {
	o := comment.SortOldest
	if raw := q.Get("sort"); raw != "" {
		if o = comment.ParseSort(raw); string(o) != raw {
			return "", 0, badRequest(fmt.Sprintf("%q is not an order of comments: use oldest, newest, best or picks.", raw))
		}
	}
	page := 1
	if raw := q.Get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return "", 0, badRequest(fmt.Sprintf("%q is not a page number: the pages of comments are numbered from 1.", raw))
		}
		page = n
	}
	return o, page, nil
}

// commentPageURL is the address of page page of a thread in order o.
func commentPageURL(path string, o comment.Sort, page int) string {
	q := url.Values{}
	if o != comment.SortOldest {
		q.Set("sort", string(o))
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// commentCounts fills CommentCount of each article (fronts and lists).
func (s *Site) commentCounts(ctx context.Context, list []*model.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	n, err := s.st.CommentCounts(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range list {
		a.CommentCount = n[a.ID]
	}
	return nil
}
