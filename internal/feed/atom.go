package feed

import (
	"encoding/xml"
	"io"
	"strconv"
	"time"

	"masthead/internal/model"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Sub     *atomText   `xml:"subtitle"`
	Updated string      `xml:"updated"`
	Links   []xmlLink   `xml:"link"`
	Rights  *atomText   `xml:"rights"`
	Author  *atomPerson `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

// atomHTML is an Atom text construct of type "html", written as CDATA so
// the markup stays readable (encoding/xml splits any "]]>" safely).
type atomHTML struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",cdata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID           string         `xml:"id"`
	Title        atomText       `xml:"title"`
	Links        []xmlLink      `xml:"link"`
	Published    string         `xml:"published,omitempty"`
	Updated      string         `xml:"updated"`
	Authors      []atomPerson   `xml:"author"`
	Contributors []atomPerson   `xml:"contributor"`
	Categories   []atomCategory `xml:"category"`
	Summary      *atomText      `xml:"summary"`
	Content      *atomHTML      `xml:"content"`
	Rights       *atomText      `xml:"rights"`
}

// Atom writes items as an Atom 1.0 feed (RFC 4287) to w.
//
// Feed: id (ch.SelfURL), title, subtitle, updated (ch.Updated, else the
// newest item change, else the Unix epoch for a feed that has never had an
// item), link rel="self" and rel="alternate", rights, and the publication
// (ch.Title, ch.SiteURL) as the feed author, which entries without a byline
// inherit as RFC 4287 §4.1.1 allows. xml:lang is ch.Language.
//
// Each entry: id (a tag: URI per RFC 4151 built from the site host,
// publication date and article id, stable across slug changes; the article
// URL when one cannot be built), title, link rel="alternate", published,
// updated (Article.UpdatedAt when the story was updated, else the
// publication time), one author per byline author (name, uri) and
// contributor for other byline roles, category per section and tag (term is
// the display name), summary (plain text), content type="html" (BodyHTML
// with recirculation placeholders removed, relative URLs made absolute,
// corrections appended), rights when the article overrides the site's, and
// the lead photo as link rel="enclosure" with type, length when known and
// the caption as title.
//
// Dates are RFC 3339 in ch.Location. Errors are those of RSS.
func Atom(w io.Writer, ch Channel, items []*model.Article, l Links) error {
	p, err := prepare(ch, items, l)
	if err != nil {
		return err
	}
	b, es, site, self := p.b, p.es, p.site, p.self
	up := b.updatedOf(es)
	if up.IsZero() {
		up = time.Unix(0, 0)
	}
	f := atomFeed{
		NS:      nsAtom,
		Lang:    clean(ch.Language),
		ID:      firstNonEmpty(self, site),
		Title:   atomText{Type: "text", Value: clean(ch.Title)},
		Updated: rfc3339(up, b.loc),
		Entries: make([]atomEntry, 0, len(es)),
	}
	if ch.Description != "" {
		f.Sub = &atomText{Type: "text", Value: clean(ch.Description)}
	}
	if self != "" {
		f.Links = append(f.Links, xmlLink{Href: self, Rel: "self", Type: "application/atom+xml"})
	}
	if site != "" {
		f.Links = append(f.Links, xmlLink{Href: site, Rel: "alternate", Type: "text/html"})
	}
	if ch.Rights != "" {
		f.Rights = &atomText{Type: "text", Value: clean(ch.Rights)}
	}
	if ch.Title != "" {
		f.Author = &atomPerson{Name: clean(ch.Title), URI: site}
	}
	for i := range es {
		f.Entries = append(f.Entries, atomEntryOf(&es[i], b))
	}
	return writeXML(w, f)
}

func atomEntryOf(e *entry, b *builder) atomEntry {
	ae := atomEntry{
		ID:    e.id,
		Title: atomText{Type: "text", Value: e.title},
		Links: []xmlLink{{Href: e.url, Rel: "alternate", Type: "text/html"}},
	}
	if !e.published.IsZero() {
		ae.Published = rfc3339(e.published, b.loc)
	}
	up := e.lastChanged()
	if up.IsZero() {
		up = b.updatedOf(nil)
	}
	if up.IsZero() {
		up = time.Unix(0, 0)
	}
	ae.Updated = rfc3339(up, b.loc)
	for _, p := range e.authors {
		ae.Authors = append(ae.Authors, atomPerson{Name: p.name, URI: p.url})
	}
	for _, p := range e.contribs {
		ae.Contributors = append(ae.Contributors, atomPerson{Name: p.name, URI: p.url})
	}
	for _, c := range e.categories {
		ae.Categories = append(ae.Categories, atomCategory{Term: c})
	}
	if e.summary != "" {
		ae.Summary = &atomText{Type: "text", Value: e.summary}
	}
	if e.contentHTML != "" {
		ae.Content = &atomHTML{Type: "html", Value: e.contentHTML}
	}
	if e.rights != "" {
		ae.Rights = &atomText{Type: "text", Value: e.rights}
	}
	if im := e.image; im != nil {
		enc := xmlLink{Href: im.url, Rel: "enclosure", Type: im.mime, Title: im.caption}
		if im.bytes > 0 {
			enc.Length = strconv.FormatInt(im.bytes, 10)
		}
		ae.Links = append(ae.Links, enc)
	}
	return ae
}
