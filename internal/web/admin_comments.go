package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
)

// The moderation queue (issue 4, "Moderators"; permission "moderate
// comments": moderators, editors, owners):
//
//   - GET /admin/comments lists one tab (pending, flagged, spam, rejected,
//     approved) with filters (article, section, author, text, dates), each
//     comment with its parent, reply count, the author's history, the spam
//     filter's score and top tokens, and approve/reject/spam buttons; a
//     little script adds keyboard shortcuts (j/k, a/r/s, x), all of it works
//     without;
//   - POST /admin/comments/moderate applies one decision to one comment
//     (button "one" = "ACTION:ID") or to the ticked ones (button "action");
//   - GET /admin/comments/{id} shows one comment in its thread (ancestors
//     and replies) with the author's recent comments and bans, and the ban
//     form (admin_comments_bans.go).
//
// Decisions go through comment.Decider.Moderate: audited, and approve/spam
// train the learning filter.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/comments", s.signedIn(s.adminComments))
		am.Handle("POST /admin/comments/moderate", s.signedIn(s.adminCommentsModerate))
		am.Handle("GET /admin/comments/{id}", s.signedIn(s.adminComment))
	})
}

// commentsScriptCSP is the admin CSP plus the queue's own script.
const commentsScriptCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func canModerate(u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ModerateComments) {
		return forbidden("Only moderators, editors and owners can moderate comments.")
	}
	return nil
}

// queueTabs are the queue's tabs in order.
var queueTabs = []struct{ Key, Label string }{
	{"pending", "Pending"}, {store.QueueFlagged, "Flagged"}, {"spam", "Spam"}, {"rejected", "Rejected"}, {"approved", "Approved"},
}

const queuePageSize = 50

// queueRow is one comment as the queue and the comment page show it.
type queueRow struct {
	C         *model.Comment
	Body      template.HTML // sanitised at write time (markup.Comment)
	Slug      string
	Headline  string
	Parent    *model.Comment
	Replies   int
	History   map[string]int // the author's comments by status
	Banned    bool
	Score     spam.Score
	Reasons   []string
	FlagNotes []model.CommentFlag
}

type queuePage struct {
	Tab      string
	Tabs     []struct{ Key, Label string }
	Counts   map[string]int
	Rows     []*queueRow
	Sections []model.Section
	// Filters as typed, for the form and the links.
	Article, Section, Author, Text, From, To string
	Total, Page, Pages                       int
	PrevURL, NextURL                         string
	Back                                     string // this page's URL, for the action forms
	Notice                                   string
	Script                                   string
}

var moderateNotices = map[string]string{
	"approved": "approved", "rejected": "rejected", "spam": "marked as spam", "pending": "returned to pending",
}

// parseDay reads a YYYY-MM-DD filter date in the site's zone.
func (s *Site) parseDay(v, what string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, s.cfg.Location)
	if err != nil {
		return time.Time{}, badRequest("The " + what + " date “" + v + "” is not a date like 2026-03-01.")
	}
	return t.UTC(), nil
}

// adminComments renders the queue (GET /admin/comments).
func (s *Site) adminComments(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := &queuePage{Tab: q.Get("tab"), Tabs: queueTabs, Article: strings.TrimSpace(q.Get("article")),
		Section: q.Get("section"), Author: q.Get("author"), Text: q.Get("q"), From: q.Get("from"), To: q.Get("to"), Page: 1,
		Script: s.static.url("admin_comments.js")}
	if p.Tab == "" {
		p.Tab = "pending"
	}
	f := store.QueueFilter{Tab: p.Tab, Author: p.Author, Text: p.Text, Limit: queuePageSize}
	known := false
	for _, t := range queueTabs {
		known = known || t.Key == p.Tab
	}
	if !known {
		return badRequest("There is no queue tab “" + p.Tab + "”: use pending, flagged, spam, rejected or approved.")
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		p.Page = n
	}
	f.Offset = (p.Page - 1) * queuePageSize
	var err error
	if f.From, err = s.parseDay(p.From, "from"); err != nil {
		return err
	}
	if f.To, err = s.parseDay(p.To, "to"); err != nil {
		return err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // "to" includes that day
	}
	if p.Article != "" {
		a, err := s.findArticle(r, p.Article)
		if err != nil {
			return err
		}
		f.ArticleID = a.ID
	}
	if p.Sections, err = s.st.Sections(ctx); err != nil {
		return err
	}
	if p.Section != "" {
		for _, sec := range p.Sections {
			if sec.Slug == p.Section {
				f.SectionID = sec.ID
			}
		}
		if f.SectionID == 0 {
			return badRequest("There is no section “" + p.Section + "”.")
		}
	}
	items, total, err := s.st.ModerationQueue(ctx, f)
	if err != nil {
		return err
	}
	if p.Counts, err = s.st.QueueCounts(ctx); err != nil {
		return err
	}
	p.Total, p.Pages = total, (total+queuePageSize-1)/queuePageSize
	if p.Rows, err = s.queueRows(r, items); err != nil {
		return err
	}
	p.Back = r.URL.Path
	qq := r.URL.Query()
	qq.Del("done")
	qq.Del("n")
	if len(qq) > 0 {
		p.Back += "?" + qq.Encode()
	}
	if p.Page > 1 {
		qq.Set("page", strconv.Itoa(p.Page-1))
		p.PrevURL = "/admin/comments?" + qq.Encode()
	}
	if p.Page < p.Pages {
		qq.Set("page", strconv.Itoa(p.Page+1))
		p.NextURL = "/admin/comments?" + qq.Encode()
	}
	if verb := moderateNotices[q.Get("done")]; verb != "" {
		p.Notice = q.Get("n") + " comment(s) " + verb + "."
	}
	w.Header().Set("Content-Security-Policy", commentsScriptCSP)
	return s.renderAdmin(w, http.StatusOK, "admin_comments", "Comments", u, p)
}

// findArticle resolves a filter value: an article id or slug.
func (s *Site) findArticle(r *http.Request, v string) (*model.Article, error) {
	var a *model.Article
	var err error
	if id, perr := strconv.ParseInt(v, 10, 64); perr == nil {
		a, err = s.st.ArticleByID(r.Context(), id)
	} else {
		a, err = s.st.ArticleBySlug(r.Context(), v)
	}
	if err == store.ErrNotFound {
		return nil, badRequest("There is no article “" + v + "” (give its id or slug).")
	}
	return a, err
}

// queueRows adds to each comment its parent, reply count, author history,
// bans and filter score.
func (s *Site) queueRows(r *http.Request, items []store.QueueItem) ([]*queueRow, error) {
	ctx := r.Context()
	var ids, parents []int64
	for _, it := range items {
		ids = append(ids, it.ID)
		if it.ParentID != 0 {
			parents = append(parents, it.ParentID)
		}
	}
	pmap, err := s.st.CommentsByIDs(ctx, parents)
	if err != nil {
		return nil, err
	}
	replies, err := s.st.ReplyCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	history := map[int64]map[string]int{}
	now := s.clock()
	rows := make([]*queueRow, 0, len(items))
	for _, it := range items {
		row := &queueRow{C: it.Comment, Body: template.HTML(it.BodyHTML), Slug: it.ArticleSlug, Headline: it.ArticleHeadline,
			Parent: pmap[it.ParentID], Replies: replies[it.ID]}
		if h, ok := history[it.IdentityID]; ok {
			row.History = h
		} else {
			counts, err := s.st.CommentStatusCounts(ctx, it.IdentityID)
			if err != nil {
				return nil, err
			}
			row.History = map[string]int{}
			for st, n := range counts {
				row.History[string(st)] = n
			}
			history[it.IdentityID] = row.History
		}
		bans, err := s.st.MatchingCommentBans(ctx, it.IdentityID, it.Identity.Email, it.IPHash, now)
		if err != nil {
			return nil, err
		}
		row.Banned = len(bans) > 0
		if row.Score, err = s.decider.CommentScore(ctx, it.Comment); err != nil {
			return nil, err
		}
		if it.SpamReason != "" {
			row.Reasons = strings.Split(it.SpamReason, "; ")
		}
		if it.Flags > 0 {
			if row.FlagNotes, err = s.st.CommentFlags(ctx, it.ID); err != nil {
				return nil, err
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// safeBack returns back when it is a path of the comments admin, else the
// queue.
func safeBack(back string) string {
	b := auth.SafeNext(back, "/admin/comments")
	if b != "/admin/comments" && !strings.HasPrefix(b, "/admin/comments?") && !strings.HasPrefix(b, "/admin/comments/") {
		return "/admin/comments"
	}
	return b
}

// withDone adds the done and n parameters for the notice after an action.
func withDone(back, done string, n int) string {
	u, err := url.Parse(back)
	if err != nil {
		return back
	}
	q := u.Query()
	q.Set("done", done)
	q.Set("n", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

// adminCommentsModerate applies a decision (POST /admin/comments/moderate).
func (s *Site) adminCommentsModerate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	action := r.PostForm.Get("action")
	var ids []int64
	if one := r.PostForm.Get("one"); one != "" {
		act, id, ok := strings.Cut(one, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || n <= 0 {
			return badRequest("The comment to moderate is not a comment id.")
		}
		action, ids = act, []int64{n}
	} else {
		for _, v := range r.PostForm["id"] {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return badRequest("“" + v + "” is not a comment id.")
			}
			ids = append(ids, n)
		}
		if len(ids) == 0 {
			return badRequest("Tick at least one comment, then choose what to do with them.")
		}
		if len(ids) > 500 {
			return badRequest("At most 500 comments can be moderated at once.")
		}
	}
	var status model.CommentStatus
	switch action {
	case "approve":
		status = model.CommentApproved
	case "reject":
		status = model.CommentRejected
	case "spam":
		status = model.CommentSpam
	case "pending":
		status = model.CommentPending
	default:
		return badRequest("Choose approve, reject, spam or pending.")
	}
	n, err := s.decider.Moderate(r.Context(), ids, status, u, s.clock())
	if err != nil {
		return err
	}
	s.commentsModerated(r.Context(), ids) // readers' pages and live views follow
	http.Redirect(w, r, withDone(safeBack(r.PostForm.Get("back")), string(status), n), http.StatusSeeOther)
	return nil
}

// commentPage is the view of admin_comment.html.
type commentPage struct {
	Row       *queueRow
	Ancestors []*model.Comment // outermost first
	Replies   []*model.Comment
	Recent    []*model.Comment
	Bans      []model.CommentBan
	Back      string
	Notice    string
	Error     string
	Durations []struct{ Key, Label string }
	Script    string
}

// adminComment shows one comment in context (GET /admin/comments/{id}).
func (s *Site) adminComment(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	p, err := s.commentPageFor(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "ban":
		p.Notice = "Ban recorded."
	case "lift":
		p.Notice = "Ban lifted."
	default:
		if verb := moderateNotices[r.URL.Query().Get("done")]; verb != "" {
			p.Notice = "Comment " + verb + "."
		}
	}
	w.Header().Set("Content-Security-Policy", commentsScriptCSP)
	return s.renderAdmin(w, http.StatusOK, "admin_comment", "Comment "+r.PathValue("id"), u, p)
}

func (s *Site) commentPageFor(r *http.Request, idText string) (*commentPage, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound("There is no such comment.")
	}
	c, err := s.st.Comment(ctx, id)
	if err == store.ErrNotFound {
		return nil, notFound("There is no such comment.")
	}
	if err != nil {
		return nil, err
	}
	a, err := s.st.ArticleByID(ctx, c.ArticleID)
	if err != nil {
		return nil, err
	}
	rows, err := s.queueRows(r, []store.QueueItem{{Comment: c, ArticleSlug: a.Slug, ArticleHeadline: a.Headline}})
	if err != nil {
		return nil, err
	}
	p := &commentPage{Row: rows[0], Back: "/admin/comments/" + idText, Durations: banDurations, Script: s.static.url("admin_comments.js")}
	for pid, depth := c.ParentID, 0; pid != 0 && depth < 6; depth++ {
		pc, err := s.st.Comment(ctx, pid)
		if err != nil {
			break
		}
		p.Ancestors = append([]*model.Comment{pc}, p.Ancestors...)
		pid = pc.ParentID
	}
	if p.Replies, err = s.st.CommentReplies(ctx, id, 20); err != nil {
		return nil, err
	}
	if p.Recent, err = s.st.IdentityComments(ctx, c.IdentityID, 10); err != nil {
		return nil, err
	}
	if p.Bans, err = s.st.MatchingCommentBans(ctx, c.IdentityID, c.Identity.Email, c.IPHash, s.clock()); err != nil {
		return nil, err
	}
	return p, nil
}

// excerptText returns s on one line, cut to at most n runes with "…".
func excerptText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
