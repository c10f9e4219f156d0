package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/feed"
	"masthead/internal/model"
	"masthead/internal/store"
)

// feedItems is the number of stories in each feed.
const feedItems = 50

// sitemapChunk is the number of URLs per article sitemap file
// (sitemaps.org allows 50,000; smaller files are cheaper to regenerate).
const sitemapChunk = 1000

func (s *Site) links() feed.Links {
	return feed.Links{
		Article: func(a *model.Article) string { return s.absURL(articlePath(a)) },
		Author:  func(au *model.Author) string { return s.absURL(authorPath(au)) },
		Media:   s.mediaURL,
	}
}

// feedScope resolves the optional /sections|authors|tags/{slug} prefix of a
// feed URL into a filter and a feed title.
func (s *Site) feedScope(r *http.Request) (store.ArticleFilter, string, error) {
	f := store.ArticleFilter{VisibleAt: s.clock(), Limit: feedItems}
	slug := r.PathValue("slug")
	if slug == "" {
		return f, s.cfg.SiteName, nil
	}
	ctx := r.Context()
	switch strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0] {
	case "sections":
		sec, err := s.st.SectionBySlug(ctx, slug)
		if err != nil {
			return f, "", storeErr(err, "No such section.")
		}
		f.SectionID = sec.ID
		return f, sec.Name + " — " + s.cfg.SiteName, nil
	case "authors":
		au, err := s.st.AuthorBySlug(ctx, slug)
		if err != nil {
			return f, "", storeErr(err, "No such author.")
		}
		f.AuthorID = au.ID
		return f, au.Name + " — " + s.cfg.SiteName, nil
	default:
		t, err := s.st.TagBySlug(ctx, slug)
		if err != nil {
			return f, "", storeErr(err, "No such topic.")
		}
		f.TagID = t.ID
		return f, t.Name + " — " + s.cfg.SiteName, nil
	}
}

type feedWriter func(w io.Writer, ch feed.Channel, items []*model.Article, l feed.Links) error

func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, ctype string, write feedWriter) error {
	f, title, err := s.feedScope(r)
	if err != nil {
		return err
	}
	list, _, err := s.st.ListArticles(r.Context(), f)
	if err != nil {
		return err
	}
	ch := feed.Channel{Title: title, Description: "Latest stories from " + title, SiteURL: s.cfg.BaseURL,
		SelfURL: s.absURL(r.URL.Path), Language: "en", Rights: s.cfg.RightsLine(s.clock().In(s.cfg.Location).Year()),
		Location: s.cfg.Location}
	var buf bytes.Buffer
	if err := write(&buf, ch, list, s.links()); err != nil {
		return err
	}
	return s.writeDoc(w, ctype, 300, latest(list), buf.Bytes())
}

func (s *Site) writeDoc(w http.ResponseWriter, ctype string, maxAge int, lastMod time.Time, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	if !lastMod.IsZero() {
		h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	}
	_, err := w.Write(body)
	return err
}

func (s *Site) feedRSS(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, "application/rss+xml; charset=utf-8", feed.RSS)
}

func (s *Site) feedAtom(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, "application/atom+xml; charset=utf-8", feed.Atom)
}

func (s *Site) feedJSON(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, "application/feed+json; charset=utf-8", feed.JSONFeed)
}

// sitemapIndex lists sitemaps/pages.xml and one sitemaps/articles-N.xml per
// sitemapChunk visible articles and pages.
func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	_, total, err := s.st.ListArticles(r.Context(), store.ArticleFilter{Kind: "*", VisibleAt: s.clock(), Limit: 1})
	if err != nil {
		return err
	}
	lm, err := s.st.LastModified(r.Context())
	if err != nil {
		return err
	}
	refs := []feed.SitemapRef{{Loc: s.absURL("/sitemaps/pages.xml"), LastMod: lm}}
	for i := 0; i*sitemapChunk < total; i++ {
		refs = append(refs, feed.SitemapRef{Loc: s.absURL("/sitemaps/articles-" + strconv.Itoa(i+1) + ".xml"), LastMod: lm})
	}
	var buf bytes.Buffer
	if err := feed.SitemapIndex(&buf, refs); err != nil {
		return err
	}
	return s.writeDoc(w, "application/xml; charset=utf-8", 600, lm, buf.Bytes())
}

// sitemap serves sitemaps/pages.xml (front, sections, authors, tags) and
// sitemaps/articles-N.xml.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := r.PathValue("name")
	var urls []feed.URL
	switch {
	case name == "pages.xml":
		urls = append(urls, feed.URL{Loc: s.absURL("/")})
		secs, err := s.st.Sections(ctx)
		if err != nil {
			return err
		}
		for i := range secs {
			urls = append(urls, feed.URL{Loc: s.absURL(sectionPath(&secs[i]))})
		}
		aus, err := s.st.Authors(ctx)
		if err != nil {
			return err
		}
		for i := range aus {
			urls = append(urls, feed.URL{Loc: s.absURL(authorPath(&aus[i]))})
		}
	case strings.HasPrefix(name, "articles-") && strings.HasSuffix(name, ".xml"):
		num := strings.TrimSuffix(strings.TrimPrefix(name, "articles-"), ".xml")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || strconv.Itoa(n) != num {
			return notFound("No such sitemap.")
		}
		list, _, err := s.st.ListArticles(ctx, store.ArticleFilter{Kind: "*", VisibleAt: s.clock(), Limit: sitemapChunk, Offset: (n - 1) * sitemapChunk})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return notFound("No such sitemap.")
		}
		urls = feed.ArticleURLs(list, s.links())
	default:
		return notFound("No such sitemap.")
	}
	var buf bytes.Buffer
	if err := feed.Sitemap(&buf, urls); err != nil {
		return err
	}
	return s.writeDoc(w, "application/xml; charset=utf-8", 600, time.Time{}, buf.Bytes())
}

// newsSitemap is the Google News sitemap: stories of the last 48 hours.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	now := s.clock()
	list, _, err := s.st.ListArticles(r.Context(), store.ArticleFilter{VisibleAt: now, Since: now.Add(-48 * time.Hour), Limit: 1000})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := feed.NewsSitemap(&buf, s.cfg.SiteName, "en", list, now, s.links()); err != nil {
		return err
	}
	return s.writeDoc(w, "application/xml; charset=utf-8", 300, latest(list), buf.Bytes())
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := feed.Robots(&buf, s.cfg.BaseURL, []string{s.absURL("/sitemap.xml"), s.absURL("/news-sitemap.xml")}); err != nil {
		return err
	}
	return s.writeDoc(w, "text/plain; charset=utf-8", 3600, time.Time{}, buf.Bytes())
}
