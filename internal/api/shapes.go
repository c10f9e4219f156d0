package api

import (
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/sitepath"
)

// JSON shapes of the Content API. Field names are the wire contract; the
// OpenAPI schemas in openapi.go describe the same fields.

type sectionRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type tagJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type bylineJSON struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	Role string `json:"role"`
	URL  string `json:"url"`
}

type imageJSON struct {
	URL     string `json:"url"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

type correctionJSON struct {
	CreatedAt string `json:"created_at"`
	Text      string `json:"text"`
}

type articleJSON struct {
	ID          int64            `json:"id"`
	Slug        string           `json:"slug"`
	URL         string           `json:"url"`
	Headline    string           `json:"headline"`
	Dek         string           `json:"dek"`
	Kicker      string           `json:"kicker"`
	Section     *sectionRef      `json:"section"`
	Bylines     []bylineJSON     `json:"bylines"`
	Dateline    string           `json:"dateline"`
	PublishedAt string           `json:"published_at"`
	UpdatedAt   *string          `json:"updated_at"`
	LeadImage   *imageJSON       `json:"lead_image"`
	BodyHTML    string           `json:"body_html"`
	Tags        []tagJSON        `json:"tags"`
	Corrections []correctionJSON `json:"corrections"`
	Rights      string           `json:"rights"`
}

type sectionJSON struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`
}

type authorJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Bio   string `json:"bio"`
	URL   string `json:"url"`
}

// listJSON is every list response: one page of data and where the next is.
type listJSON struct {
	Data    any     `json:"data"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
	Total   int     `json:"total"`
	Next    *string `json:"next"`
}

// rfc3339 formats t in UTC.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// abs makes an absolute URL on the public base for a site path.
func (a *API) abs(path string) string { return a.base + path }

// Reader-site paths (shapes defined in package sitepath).
func articlePath(ar *model.Article) string { return sitepath.Article(ar) }
func sectionPath(slug string) string       { return sitepath.Section(slug) }
func authorPath(slug string) string        { return sitepath.Author(slug) }
func tagPath(slug string) string           { return sitepath.Tag(slug) }

// mediaURL is the absolute URL of an image: the remote URL, or the site's
// /media/ path that changes whenever the bytes do.
func (a *API) mediaURL(m *model.Media) string {
	p := sitepath.Media(m)
	if !m.Stored {
		return p
	}
	return a.abs(p)
}

// articleOut converts a visible article to its API shape.
func (a *API) articleOut(ar *model.Article) articleJSON {
	out := articleJSON{
		ID: ar.ID, Slug: ar.Slug, URL: a.abs(articlePath(ar)), Headline: ar.Headline, Dek: ar.Dek,
		Kicker: ar.Kicker, Dateline: ar.Dateline, PublishedAt: rfc3339(ar.PublishedAt),
		BodyHTML:    markup.ExpandRecircs(ar.BodyHTML, func(markup.Recirc) string { return "" }),
		Bylines:     []bylineJSON{},
		Tags:        []tagJSON{},
		Corrections: []correctionJSON{},
		Rights:      ar.Rights,
	}
	if out.Rights == "" {
		out.Rights = a.cfg.RightsLine(ar.PublishedAt.In(a.location()).Year())
	}
	if !ar.UpdatedAt.IsZero() {
		u := rfc3339(ar.UpdatedAt)
		out.UpdatedAt = &u
	}
	if ar.Section != nil {
		out.Section = &sectionRef{Slug: ar.Section.Slug, Name: ar.Section.Name}
	}
	for _, b := range ar.Bylines {
		if b.Author == nil {
			continue
		}
		out.Bylines = append(out.Bylines, bylineJSON{Name: b.Author.Name, Slug: b.Author.Slug, Role: b.Role,
			URL: a.abs(authorPath(b.Author.Slug))})
	}
	if m := ar.LeadMedia; m != nil {
		out.LeadImage = &imageJSON{URL: a.mediaURL(m), Alt: or(ar.LeadAlt, m.Alt), Caption: or(ar.LeadCaption, m.Caption),
			Credit: or(ar.LeadCredit, m.Credit), Width: m.Width, Height: m.Height}
	}
	for _, t := range ar.Tags {
		out.Tags = append(out.Tags, tagJSON{Slug: t.Slug, Name: t.Name, URL: a.abs(tagPath(t.Slug))})
	}
	for _, c := range ar.Corrections {
		out.Corrections = append(out.Corrections, correctionJSON{CreatedAt: rfc3339(c.Created), Text: c.Body})
	}
	return out
}

func (a *API) location() *time.Location {
	if a.cfg.Location != nil {
		return a.cfg.Location
	}
	return time.UTC
}

// or returns s, or def when s is blank.
func or(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
