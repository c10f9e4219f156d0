package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/realtime"
)

// Live comments over Server-Sent Events, and keeping cached pages fresh.
//
// Topics on the realtime broker (in-process, or NATS across instances):
//
//   - comments.article.<id>: one change readers can see on that article,
//     as a whole Server-Sent Event already in the wire format (realtime.Frame
//     of a "comment" event whose data is a liveEvent as JSON), encoded once
//     per change and written as it is to every open stream;
//     GET /articles/{slug}/comments/live streams them.
//   - comments.pages: the path of an article whose comments changed; every
//     instance drops that article's cached pages (and the comment feeds).
//     "*" (site or section comment settings changed) drops every page.

const topicCommentPages = "comments.pages"

func commentTopic(articleID int64) string {
	return "comments.article." + strconv.FormatInt(articleID, 10)
}

// liveEvent is the data of one "comment" Server-Sent Event.
type liveEvent struct {
	Kind      string `json:"kind"` // comment, edit, delete, hide, vote, moderate
	ID        int64  `json:"id"`
	Parent    int64  `json:"parent"`
	Root      int64  `json:"root"`
	HTML      string `json:"html,omitempty"` // the comment as the thread shows it to everyone
	Upvotes   int    `json:"upvotes"`
	Downvotes int    `json:"downvotes"`
	Count     int    `json:"count"` // comments readers see on the article now
}

// commentChanged drops the article's cached pages here and on the other
// instances, and tells live readers what changed (only what everyone may
// see: nothing for held or shadowed comments).
func (s *Site) commentChanged(a *model.Article, c *model.Comment, kind string) {
	s.commentPagesChanged(articlePath(a))
	public := c.Status == model.CommentApproved && !c.Shadow
	if public && kind == "comment" {
		s.CommentPosted(s.clock()) // comments per minute on the live analytics view
	}
	switch {
	case !public && (kind == "edit" || kind == "moderate"):
		kind = "hide" // held again after an edit, or taken down: live readers lose it
	case !public && kind != "delete":
		return
	}
	ev := liveEvent{Kind: kind, ID: c.ID, Parent: c.ParentID, Root: c.RootID, Upvotes: c.Upvotes, Downvotes: c.Downvotes}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if n, err := s.st.CommentCounts(ctx, []int64{a.ID}); err == nil {
		ev.Count = n[a.ID]
	}
	if public && (kind == "comment" || kind == "edit") {
		html, err := s.renderCommentItem(commentItem{Item: comment.Item{C: c, Indent: min(c.Depth, comment.MaxIndent)}})
		if err != nil {
			s.log.Error("comments: render live comment", "err", err)
			return
		}
		ev.HTML = html
	}
	if err := s.broker.Publish(commentTopic(a.ID), liveFrame(ev)); err != nil {
		s.log.Warn("comments: publish live comment", "err", err)
	}
}

// liveFrame returns ev as a "comment" Server-Sent Event in the wire format.
// The JSON keeps <, > and & as they are (no \u003c escapes): it is read by
// the page's script from the event stream, never placed in HTML, and the
// rendered comment is most of its bytes.
func liveFrame(ev liveEvent) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(ev) // a struct of strings and numbers always encodes
	return realtime.Frame(realtime.Event{Name: "comment", Data: bytes.TrimSuffix(b.Bytes(), []byte("\n"))})
}

// commentsModerated brings readers' pages and live views in line with a
// moderator's decision on the comments ids (admin queue).
func (s *Site) commentsModerated(ctx context.Context, ids []int64) {
	arts := map[int64]*model.Article{}
	for _, id := range ids {
		c, err := s.st.Comment(ctx, id)
		if err != nil {
			continue
		}
		a := arts[c.ArticleID]
		if a == nil {
			if a, err = s.st.ArticleByID(ctx, c.ArticleID); err != nil {
				continue
			}
			arts[a.ID] = a
		}
		kind := "moderate"
		if c.Status == model.CommentApproved && !c.Shadow {
			kind = "comment" // approved from the queue: it appears live
		}
		s.commentChanged(a, c, kind)
		if kind == "comment" && c.ParentID != 0 {
			s.notifyReply(ctx, a, c) // a held reply: its e-mail goes now (once)
		}
	}
}

// commentSettingsChanged drops the cached pages whose comment form may
// open or close: one article's, or (a nil) every page.
func (s *Site) commentSettingsChanged(a *model.Article) {
	if a == nil {
		s.commentPagesChanged("*")
		return
	}
	s.commentPagesChanged(articlePath(a))
}

// commentPagesChanged drops this instance's cached pages for path (an
// article path, or "*" for every page) at once, so the writer's next read
// sees the change, and publishes path on comments.pages for the other
// instances (this one drops them again when its own message arrives, which
// costs a few map deletions).
func (s *Site) commentPagesChanged(path string) {
	s.dropCommentPages(path)
	if err := s.broker.Publish(topicCommentPages, []byte(path)); err != nil {
		s.log.Warn("comments: publish page change", "err", err)
	}
}

// dropCommentPages forgets the cached pages that show the comments of the
// article at path.
func (s *Site) dropCommentPages(path string) {
	if path == "*" { // site or section comment settings changed
		s.cache.Invalidate()
		return
	}
	s.cache.dropPath(path)
	s.cache.dropPath(path + "/comments.atom")
	s.cache.dropPath(path + "/comments.rss")
	s.cache.dropPath("/comments.atom")
	s.cache.dropPath("/comments.rss")
}

// watchCommentPages follows comments.pages for the life of the process, so
// comments posted on another instance reach this one's cached pages.
func (s *Site) watchCommentPages() {
	sub := s.broker.Subscribe(topicCommentPages, 1024)
	go func() {
		for b := range sub.C {
			s.dropCommentPages(string(b))
		}
	}()
}

// maxLiveStreams is how many live comment streams one client IP
// (auth.ClientIP) may hold open at once in this process; beyond it the
// stream is refused with 429. A reader with many story tabs open stays far
// below it; a NAT of many readers on the same stories may reach it, and
// their pages then simply show comments without live updates.
const maxLiveStreams = 20

// liveStreams counts the open live comment streams per client IP.
type liveStreams struct {
	mu sync.Mutex
	n  map[string]int
}

// open takes one stream for ip and reports whether ip was under the cap;
// when it was, close must be called once the stream ends.
func (l *liveStreams) open(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == nil {
		l.n = map[string]int{}
	}
	if l.n[ip] >= maxLiveStreams {
		return false
	}
	l.n[ip]++
	return true
}

func (l *liveStreams) close(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n[ip]--; l.n[ip] <= 0 {
		delete(l.n, ip)
	}
}

// liveCoalesce is how long a live comment stream waits after a change for
// more to send in the same write: on a busy story each stream then costs
// one write per liveCoalesce, not one per comment (see BENCHMARKS.md,
// "Comments (issue 4)"), and a comment reaches readers at most this much
// later.
const liveCoalesce = 25 * time.Millisecond

// maxMissed bounds the comments one reconnecting stream catches up on.
const maxMissed = 100

// commentsAfter returns, as "comment" events in the wire format (liveFrame)
// oldest first, the public comments of a posted after the comment id in the
// query parameter after (a page's newest comment, sent when its stream
// reopens), at most the newest maxMissed. None without the parameter or on
// a store error.
func (s *Site) commentsAfter(r *http.Request, a *model.Article) []byte {
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil || after <= 0 {
		return nil
	}
	all, err := s.st.ArticleComments(r.Context(), a.ID, 0, model.CommentApproved)
	if err != nil {
		s.log.Warn("comments: live catch-up", "err", err)
		return nil
	}
	var cs []*model.Comment
	for _, c := range all {
		if c.ID > after && !c.Shadow {
			cs = append(cs, c)
		}
	}
	if len(cs) > maxMissed {
		cs = cs[len(cs)-maxMissed:]
	}
	var out []byte
	for _, c := range cs {
		html, err := s.renderCommentItem(commentItem{Item: comment.Item{C: c, Indent: min(c.Depth, comment.MaxIndent)}})
		if err != nil {
			s.log.Error("comments: render live comment", "err", err)
			return out
		}
		out = append(out, liveFrame(liveEvent{Kind: "comment", ID: c.ID, Parent: c.ParentID, Root: c.RootID, HTML: html,
			Upvotes: c.Upvotes, Downvotes: c.Downvotes, Count: len(all)})...)
	}
	return out
}

// commentLive streams an article's live comment events (text/event-stream,
// event name "comment", data a liveEvent as JSON). With ?after=ID it first
// sends the public comments posted after comment ID (see commentsAfter),
// so a page whose stream was closed in the background catches up. Past maxLiveStreams
// open streams from the client IP it answers 429 with Retry-After (seconds).
func (s *Site) commentLive(w http.ResponseWriter, r *http.Request) {
	a, err := s.commentArticle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ip := s.auth.ClientIP(r)
	if !s.ckeys.live.open(ip) {
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Too many live comment streams are open from your address ("+strconv.Itoa(maxLiveStreams)+
			" at most). Close some story tabs; comments still show when you reload.", http.StatusTooManyRequests)
		return
	}
	defer s.ckeys.live.close(ip)
	sub := s.broker.Subscribe(commentTopic(a.ID), 256)
	defer sub.Close()
	// The catch-up is read after subscribing, so nothing falls between;
	// events waiting on the subscription go out together (Coalesce).
	opts := realtime.SSEOptions{Retry: 5 * time.Second, Coalesce: liveCoalesce, First: s.commentsAfter(r, a)}
	if err := realtime.ServeFrames(w, r, sub.C, opts); err != nil {
		s.log.Debug("comments: live stream ended", "err", err)
	}
}
