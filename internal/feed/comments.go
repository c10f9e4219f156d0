package feed

import (
	"io"
	"time"
)

// CommentItem is one comment in a comments feed. The web layer fills it
// from model.Comment; all URLs are absolute.
type CommentItem struct {
	URL       string    // permalink of the comment
	Author    string    // display name (plain text)
	Article   string    // headline of the article commented on
	Published time.Time // UTC
	Updated   time.Time // zero when never edited
	HTML      string    // the comment's stored HTML (sanitised by markup.Comment)
}

func (c CommentItem) title() string {
	n := c.Author
	if n == "" {
		n = "A former reader"
	}
	return clean(n + " on “" + c.Article + "”")
}

func (c CommentItem) updated() time.Time {
	if c.Updated.After(c.Published) {
		return c.Updated
	}
	return c.Published
}

// CommentsAtom writes comments, newest first as given, as an Atom 1.0
// feed (RFC 4287): feed id and rel="self" link ch.SelfURL, rel="alternate"
// ch.SiteURL, updated the newest comment change (the Unix epoch when
// empty). Each entry: id and link the comment permalink, title "NAME on
// “HEADLINE”", author name, published, updated, content type="html".
func CommentsAtom(w io.Writer, ch Channel, items []CommentItem) error {
	loc := ch.Location
	if loc == nil {
		loc = time.UTC
	}
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: ch.Language, ID: ch.SelfURL,
		Title: atomText{Value: clean(ch.Title)}, Updated: rfc3339(time.Unix(0, 0), time.UTC),
		Links:  []xmlLink{{Href: ch.SelfURL, Rel: "self", Type: "application/atom+xml"}, {Href: ch.SiteURL, Rel: "alternate", Type: "text/html"}},
		Author: &atomPerson{Name: clean(ch.Title), URI: ch.SiteURL}}
	if ch.Description != "" {
		f.Sub = &atomText{Value: clean(ch.Description)}
	}
	var newest time.Time
	for _, c := range items {
		if u := c.updated(); u.After(newest) {
			newest = u
		}
		f.Entries = append(f.Entries, atomEntry{ID: c.URL, Title: atomText{Value: c.title()},
			Links: []xmlLink{{Href: c.URL, Rel: "alternate", Type: "text/html"}}, Published: rfc3339(c.Published, loc),
			Updated: rfc3339(c.updated(), loc), Authors: []atomPerson{{Name: clean(firstNonEmpty(c.Author, "A former reader"))}},
			Content: &atomHTML{Type: "html", Value: clean(c.HTML)}})
	}
	if !newest.IsZero() {
		f.Updated = rfc3339(newest, loc)
	}
	return writeXML(w, f)
}

// CommentsRSS writes comments as an RSS 2.0 feed: channel title, link
// ch.SiteURL, description, atom:link rel="self"; each item title as in
// CommentsAtom, link and guid (isPermaLink) the permalink, pubDate
// (RFC 822), dc:creator the author, description the comment HTML.
func CommentsRSS(w io.Writer, ch Channel, items []CommentItem) error {
	loc := ch.Location
	if loc == nil {
		loc = time.UTC
	}
	doc := rssDoc{Version: "2.0", NSAtom: "http://www.w3.org/2005/Atom", NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC: "http://purl.org/dc/elements/1.1/", NSMedia: "http://search.yahoo.com/mrss/",
		Channel: rssChannel{Title: clean(ch.Title), Link: ch.SiteURL, Description: clean(firstNonEmpty(ch.Description, ch.Title)),
			Language: ch.Language, Self: xmlLink{Href: ch.SelfURL, Rel: "self", Type: "application/rss+xml"}}}
	for i, c := range items {
		if i == 0 {
			doc.Channel.LastBuildDate = rfc822(c.updated(), loc)
		}
		doc.Channel.Items = append(doc.Channel.Items, rssItem{Title: c.title(), Link: c.URL, GUID: rssGUID{IsPermaLink: true, Value: c.URL},
			PubDate: rfc822(c.Published, loc), Creators: []string{clean(firstNonEmpty(c.Author, "A former reader"))},
			Description: clean(c.HTML)})
	}
	return writeXML(w, doc)
}
