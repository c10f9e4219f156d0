package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"masthead/internal/feed"
	"masthead/internal/model"
)

// Comment feeds: Atom and RSS of the newest approved comments, per article
// (/articles/{slug}/comments.atom|.rss) and site-wide (/comments.atom|.rss).
// They are cached like other feeds and dropped when comments change.

const commentFeedItems = 50

func (s *Site) commentFeedRoutes(mux *http.ServeMux) {
	page := func(pattern string, fn handler) { mux.Handle(pattern, s.cache.wrap(s.h(fn))) }
	page("GET /comments.atom", s.commentFeed(true, false))
	page("GET /comments.rss", s.commentFeed(false, false))
	page("GET /articles/{slug}/comments.atom", s.commentFeed(true, true))
	page("GET /articles/{slug}/comments.rss", s.commentFeed(false, true))
}

func (s *Site) commentFeed(atom, perArticle bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		now := s.clock()
		ch := feed.Channel{Title: "Comments — " + s.cfg.SiteName, Description: "The newest comments on " + s.cfg.SiteName,
			SiteURL: s.cfg.BaseURL, SelfURL: s.absURL(r.URL.Path), Language: "en", Location: s.cfg.Location}
		var articleID int64
		if perArticle {
			a, err := s.commentArticle(r)
			if err != nil {
				return err
			}
			articleID = a.ID
			ch.Title = "Comments on “" + a.Headline + "”"
			ch.Description = ch.Title + " — " + s.cfg.SiteName
			ch.SiteURL = s.absURL(articlePath(a))
		}
		list, err := s.st.RecentComments(ctx, articleID, now, commentFeedItems)
		if err != nil {
			return err
		}
		heads := map[int64]string{}
		var ids []int64
		for _, c := range list {
			if _, ok := heads[c.ArticleID]; !ok {
				heads[c.ArticleID] = ""
				ids = append(ids, c.ArticleID)
			}
		}
		arts, err := s.st.ArticlesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, a := range arts {
			heads[a.ID] = a.Headline
		}
		items := make([]feed.CommentItem, 0, len(list))
		for _, c := range list {
			items = append(items, feed.CommentItem{URL: s.absURL("/comments/" + strconv.FormatInt(c.ID, 10)),
				Author: authorName(c), Article: heads[c.ArticleID], Published: c.Created, Updated: c.Edited, HTML: c.BodyHTML})
		}
		var buf bytes.Buffer
		write, ctype := feed.CommentsRSS, "application/rss+xml; charset=utf-8"
		if atom {
			write, ctype = feed.CommentsAtom, "application/atom+xml; charset=utf-8"
		}
		if err := write(&buf, ch, items); err != nil {
			return err
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "public, max-age=300")
		_, err = io.Copy(w, &buf)
		return err
	}
}

func authorName(c *model.Comment) string {
	if c.Identity == nil {
		return ""
	}
	return c.Identity.Name
}
