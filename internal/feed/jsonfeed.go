package feed

import (
	"encoding/json"
	"fmt"
	"io"

	"masthead/internal/model"
)

// JSONFeedVersion is the version URL written in every JSON Feed.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name   string `json:"name,omitempty"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url,omitempty"`
	Title         string       `json:"title,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// JSONFeed writes items as a JSON Feed 1.1 document
// (https://jsonfeed.org/version/1.1) to w, indented by two spaces.
//
// Top level: version, title, home_page_url (ch.SiteURL), feed_url
// (ch.SelfURL), description, language, and the publication as authors[0].
// Each item: id (the same stable tag: URI as the Atom entry id), url, title,
// summary (plain text), content_html (as in RSS content:encoded), image (the
// lead photo URL), date_published, date_modified (only when the article was
// updated after publication), authors[] (name, url, avatar from the author's
// head shot) and tags (section name, then tag names).
//
// JSON Feed has no field for image captions or credits; readers that want
// them should use the RSS feed. Dates are RFC 3339 in ch.Location. HTML
// characters are not \u-escaped (the output is served as
// application/feed+json, not embedded in HTML). Errors are those of RSS.
func JSONFeed(w io.Writer, ch Channel, items []*model.Article, l Links) error {
	p, err := prepare(ch, items, l)
	if err != nil {
		return err
	}
	b, es, site, self := p.b, p.es, p.site, p.self
	f := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       clean(ch.Title),
		HomePageURL: site,
		FeedURL:     self,
		Description: clean(ch.Description),
		Language:    clean(ch.Language),
		Items:       make([]jsonItem, 0, len(es)),
	}
	if ch.Title != "" {
		f.Authors = []jsonAuthor{{Name: clean(ch.Title), URL: site}}
	}
	for i := range es {
		e := &es[i]
		it := jsonItem{
			ID:          e.id,
			URL:         e.url,
			Title:       e.title,
			Summary:     e.summary,
			ContentHTML: e.contentHTML,
			Tags:        e.categories,
		}
		if e.image != nil {
			it.Image = e.image.url
		}
		if !e.published.IsZero() {
			it.DatePublished = rfc3339(e.published, b.loc)
		}
		if !e.updated.IsZero() {
			it.DateModified = rfc3339(e.updated, b.loc)
		}
		for _, p := range e.authors {
			it.Authors = append(it.Authors, jsonAuthor{Name: p.name, URL: p.url, Avatar: p.avatar})
		}
		f.Items = append(f.Items, it)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed: encode JSON Feed: %w", err)
	}
	return nil
}
