package api

import (
	"net/url"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
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

// Reader-site paths (the same shapes as package web's).
func articlePath(ar *model.Article) string {
	if ar.Kind == model.KindPage {
		return "/pages/" + url.PathEscape(ar.Slug)
	}
	return "/articles/" + url.PathEscape(ar.Slug)
}
func sectionPath(slug string) string { return "/sections/" + url.PathEscape(slug) }
func authorPath(slug string) string  { return "/authors/" + url.PathEscape(slug) }
func tagPath(slug string) string     { return "/tags/" + url.PathEscape(slug) }

// mediaURL is the absolute URL of an image: the remote URL, or the site's
// /media/ path that changes whenever the bytes do.
func (a *API) mediaURL(m *model.Media) string {
	if !m.Stored {
		return m.URL
	}
	sum := m.Checksum
	if len(sum) > 12 {
		sum = sum[:12]
	}
	if sum == "" {
		sum = "file"
	}
	ext := map[string]string{"image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}[m.MIME]
	if ext == "" {
		ext = ".jpg"
	}
	return a.abs("/media/" + itoa(m.ID) + "/" + sum + ext)
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
