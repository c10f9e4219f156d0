package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"time"

	"masthead/internal/model"
)

// Sitemap limits.
const (
	// MaxSitemapURLs is the most <url> (or <sitemap>) entries one file may
	// hold (sitemaps.org 0.9). The same protocol caps a file at 50 MB
	// (52,428,800 bytes) uncompressed; at Masthead's URL lengths 50,000
	// entries stay well below that.
	MaxSitemapURLs = 50000
	// MaxSitemapLocLen is the longest URL, in bytes, a sitemap may list.
	MaxSitemapLocLen = 2048
	// MaxImagesPerURL is the most image:image entries Google reads per URL.
	MaxImagesPerURL = 1000
	// MaxNewsURLs is the most URLs a Google News sitemap may hold.
	MaxNewsURLs = 1000
	// NewsWindow is how far back a Google News sitemap reaches.
	NewsWindow = 48 * time.Hour
)

// Sitemap namespaces.
const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsImage   = "http://www.google.com/schemas/sitemap-image/1.1"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// SitemapRef is one entry of a sitemap index: the absolute URL of a sitemap
// file and when it last changed (UTC; zero omits lastmod).
type SitemapRef struct {
	Loc     string
	LastMod time.Time
}

// URL is one page listed in a sitemap.
type URL struct {
	Loc     string    // absolute URL of the page, at most 2,048 bytes
	LastMod time.Time // last significant change (UTC); zero omits lastmod
	Images  []Image   // images on the page (lead photo first), at most 1,000
}

// Image is one image:image entry of the Google image sitemap extension 1.1.
type Image struct {
	Loc string // absolute URL of the image
	// Caption is written as image:caption. Google stopped reading it in
	// 2022 but the schema still allows it and other crawlers use it.
	Caption string
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	NSImage string       `xml:"xmlns:image,attr,omitempty"`
	NSNews  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"`
	Images  []sitemapImage `xml:"image:image"`
	News    *newsNews      `xml:"news:news"`
}

type sitemapImage struct {
	Loc     string `xml:"image:loc"`
	Caption string `xml:"image:caption,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name      `xml:"sitemapindex"`
	NS       string        `xml:"xmlns,attr"`
	Sitemaps []sitemapItem `xml:"sitemap"`
}

type sitemapItem struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type newsNews struct {
	Publication newsPublication `xml:"news:publication"`
	Date        string          `xml:"news:publication_date"`
	Title       string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// checkLoc returns an error unless loc is an absolute http(s) URL of at most
// MaxSitemapLocLen bytes.
func checkLoc(what string, i int, loc string) error {
	u, err := url.Parse(loc)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("feed: %s %d: %q is not an absolute http(s) URL", what, i, loc)
	}
	if len(loc) > MaxSitemapLocLen {
		return fmt.Errorf("feed: %s %d: URL is %d bytes, over the %d-byte limit", what, i, len(loc), MaxSitemapLocLen)
	}
	return nil
}

// w3cDate formats a sitemap date (W3C Datetime, the RFC 3339 profile) in UTC.
func w3cDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// SitemapIndex writes a sitemap index (sitemaps.org 0.9) listing sitemaps in
// the order given. It returns an error when there are more than
// MaxSitemapURLs entries or a Loc is not an absolute http(s) URL, and any
// error from w. Dates are written in UTC.
func SitemapIndex(w io.Writer, sitemaps []SitemapRef) error {
	if len(sitemaps) > MaxSitemapURLs {
		return fmt.Errorf("feed: sitemap index has %d entries, over the %d limit", len(sitemaps), MaxSitemapURLs)
	}
	idx := sitemapIndex{NS: nsSitemap, Sitemaps: make([]sitemapItem, 0, len(sitemaps))}
	for i, s := range sitemaps {
		if err := checkLoc("sitemap", i, s.Loc); err != nil {
			return err
		}
		idx.Sitemaps = append(idx.Sitemaps, sitemapItem{Loc: clean(s.Loc), LastMod: w3cDate(s.LastMod)})
	}
	return writeXML(w, idx)
}

// Sitemap writes a urlset (sitemaps.org 0.9) with the Google image sitemap
// extension 1.1 (namespace http://www.google.com/schemas/sitemap-image/1.1,
// declared only when some URL has images). Use ChunkURLs to split larger
// lists and SitemapIndex to list the parts.
//
// It returns an error when len(urls) > MaxSitemapURLs, a URL has more than
// MaxImagesPerURL images, a Loc (page or image) is not an absolute http(s)
// URL or is longer than MaxSitemapLocLen bytes, and any error from w.
func Sitemap(w io.Writer, urls []URL) error {
	if len(urls) > MaxSitemapURLs {
		return fmt.Errorf("feed: sitemap has %d URLs, over the %d limit; use ChunkURLs", len(urls), MaxSitemapURLs)
	}
	set := urlset{NS: nsSitemap, URLs: make([]sitemapURL, 0, len(urls))}
	for i, u := range urls {
		if err := checkLoc("sitemap URL", i, u.Loc); err != nil {
			return err
		}
		if len(u.Images) > MaxImagesPerURL {
			return fmt.Errorf("feed: sitemap URL %d has %d images, over the %d limit", i, len(u.Images), MaxImagesPerURL)
		}
		su := sitemapURL{Loc: clean(u.Loc), LastMod: w3cDate(u.LastMod)}
		for _, im := range u.Images {
			if err := checkLoc("image of sitemap URL", i, im.Loc); err != nil {
				return err
			}
			su.Images = append(su.Images, sitemapImage{Loc: clean(im.Loc), Caption: clean(im.Caption)})
			set.NSImage = nsImage
		}
		set.URLs = append(set.URLs, su)
	}
	return writeXML(w, set)
}

// ChunkURLs splits urls into consecutive parts of at most size URLs each
// (MaxSitemapURLs when size <= 0 or larger), one part per sitemap file. The
// parts share urls' backing array. An empty list gives no parts.
func ChunkURLs(urls []URL, size int) [][]URL {
	if size <= 0 || size > MaxSitemapURLs {
		size = MaxSitemapURLs
	}
	var parts [][]URL
	for len(urls) > 0 {
		n := min(size, len(urls))
		parts = append(parts, urls[:n:n])
		urls = urls[n:]
	}
	return parts
}

// ArticleURLs turns articles into sitemap URLs: Loc from l.Article, LastMod
// from Article.LastChanged, and the lead photo (with its caption) as the
// URL's image when l.Media (or a remote Media.URL) gives one. Nil articles
// are skipped. Relative URLs are not resolved here: Links must return
// absolute URLs, which Sitemap checks.
func ArticleURLs(items []*model.Article, l Links) []URL {
	out := make([]URL, 0, len(items))
	for _, a := range items {
		if a == nil || l.Article == nil {
			continue
		}
		u := URL{Loc: l.Article(a), LastMod: a.LastChanged()}
		if m := a.LeadMedia; m != nil {
			var src string
			if l.Media != nil {
				src = l.Media(m)
			} else if !m.Stored {
				src = m.URL
			}
			if src != "" {
				u.Images = []Image{{Loc: src, Caption: firstNonEmpty(a.LeadCaption, m.Caption)}}
			}
		}
		out = append(out, u)
	}
	return out
}

// NewsSitemap writes a Google News sitemap (sitemaps.org 0.9 urlset with
// the Google News extension, namespace
// http://www.google.com/schemas/sitemap-news/0.9) to w.
//
// Only articles (not pages) that are visible at now (model.Article.VisibleAt)
// and were published in the 48 hours before now (NewsWindow, inclusive) are
// listed, in the order given, at most MaxNewsURLs of them. Each URL carries
// news:publication (news:name pubName, news:language pubLang — an ISO 639
// code such as "en", or "zh-cn"/"zh-tw"), news:publication_date (RFC 3339,
// UTC) and news:title. It returns ErrNoArticleLink when l.Article is nil, an
// error when an article URL is not an absolute http(s) URL, and any error
// from w.
func NewsSitemap(w io.Writer, pubName, pubLang string, items []*model.Article, now time.Time, l Links) error {
	if l.Article == nil {
		return ErrNoArticleLink
	}
	set := urlset{NS: nsSitemap, NSNews: nsNews, URLs: []sitemapURL{}}
	oldest := now.Add(-NewsWindow)
	for i, a := range items {
		if len(set.URLs) == MaxNewsURLs {
			break
		}
		if a == nil || a.Kind == model.KindPage || !a.VisibleAt(now) ||
			a.PublishedAt.IsZero() || a.PublishedAt.Before(oldest) || a.PublishedAt.After(now) {
			continue
		}
		loc := l.Article(a)
		if err := checkLoc("news article", i, loc); err != nil {
			return err
		}
		set.URLs = append(set.URLs, sitemapURL{
			Loc: clean(loc),
			News: &newsNews{
				Publication: newsPublication{Name: clean(pubName), Language: clean(pubLang)},
				Date:        w3cDate(a.PublishedAt),
				Title:       clean(a.Headline),
			},
		})
	}
	return writeXML(w, set)
}
