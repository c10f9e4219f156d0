package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"masthead/internal/model"
)

// XML namespaces used by the RSS writer.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	Copyright     string    `xml:"copyright,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          xmlLink   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

// xmlLink is an Atom link element (also used inside RSS as atom:link).
type xmlLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Updated     string        `xml:"atom:updated,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Contribs    []string      `xml:"dc:contributor"`
	Categories  []string      `xml:"category"`
	Description string        `xml:"description,omitempty"`
	Content     *cdata        `xml:"content:encoded"`
	Media       *mediaContent `xml:"media:content"`
}

// cdata is element text written as a CDATA section, the customary form of
// content:encoded (encoding/xml splits any "]]>" in the text safely).
type cdata struct {
	Value string `xml:",cdata"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// mediaContent is a Media RSS 1.5.1 media:content element.
type mediaContent struct {
	URL         string       `xml:"url,attr"`
	Medium      string       `xml:"medium,attr"`
	Type        string       `xml:"type,attr,omitempty"`
	FileSize    string       `xml:"fileSize,attr,omitempty"`
	Width       string       `xml:"width,attr,omitempty"`
	Height      string       `xml:"height,attr,omitempty"`
	Description *mediaText   `xml:"media:description"`
	Credit      *mediaCredit `xml:"media:credit"`
}

type mediaText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type mediaCredit struct {
	Role   string `xml:"role,attr"`
	Scheme string `xml:"scheme,attr"`
	Value  string `xml:",chardata"`
}

// RSS writes items as an RSS 2.0 feed (RSS 2.0.11, rssboard.org) to w.
//
// Channel: title, link (SiteURL), description, language, copyright,
// lastBuildDate and atom:link rel="self". Each item carries title, link,
// guid isPermaLink="true" (the article URL), pubDate, one dc:creator per
// byline author (Dublin Core, http://purl.org/dc/elements/1.1/) and
// dc:contributor for other byline roles, one category for the section and
// each tag, description (the dek, else the SEO description, else a 280-rune
// excerpt of the body text) and content:encoded (BodyHTML with recirculation
// placeholders removed, relative URLs made absolute, corrections appended).
//
// Updates: when Article.UpdatedAt is after PublishedAt, the item carries
// atom:updated (RFC 3339) — the Atom element most RSS readers already
// understand in RSS (gofeed, Feedly, NetNewsWire); dc:date is avoided
// because readers take it as the publication date.
//
// The lead photo is a Media RSS 1.5.1 media:content (namespace
// http://search.yahoo.com/mrss/) with url, medium="image", type, fileSize,
// width and height when known, the caption as media:description type="plain"
// and the credit, separately, as media:credit role="photographer"
// scheme="urn:ebu" (the EBU role scheme the Media RSS spec defaults to).
//
// Dates are RFC 1123 with numeric offsets in ch.Location. It returns
// ErrNoArticleLink when l.Article is nil, an error naming the item when an
// item is nil or a URL cannot be made absolute, and any error from w.
func RSS(w io.Writer, ch Channel, items []*model.Article, l Links) error {
	p, err := prepare(ch, items, l)
	if err != nil {
		return err
	}
	b, es, site, self := p.b, p.es, p.site, p.self
	doc := rssDoc{
		Version: "2.0", NSAtom: nsAtom, NSContent: nsContent, NSDC: nsDC, NSMedia: nsMedia,
		Channel: rssChannel{
			Title:       clean(ch.Title),
			Link:        site,
			Description: clean(ch.Description),
			Language:    clean(ch.Language),
			Copyright:   clean(ch.Rights),
			Self:        xmlLink{Href: self, Rel: "self", Type: "application/rss+xml"},
			Items:       make([]rssItem, 0, len(es)),
		},
	}
	if up := b.updatedOf(es); !up.IsZero() {
		doc.Channel.LastBuildDate = rfc822(up, b.loc)
	}
	for i := range es {
		doc.Channel.Items = append(doc.Channel.Items, rssItemOf(&es[i], b))
	}
	return writeXML(w, doc)
}

func rssItemOf(e *entry, b *builder) rssItem {
	it := rssItem{
		Title:       e.title,
		Link:        e.url,
		GUID:        rssGUID{IsPermaLink: true, Value: e.url},
		Description: e.summary,
		Categories:  e.categories,
	}
	if e.contentHTML != "" {
		it.Content = &cdata{e.contentHTML}
	}
	if !e.published.IsZero() {
		it.PubDate = rfc822(e.published, b.loc)
	}
	if !e.updated.IsZero() {
		it.Updated = rfc3339(e.updated, b.loc)
	}
	for _, p := range e.authors {
		it.Creators = append(it.Creators, p.name)
	}
	for _, p := range e.contribs {
		it.Contribs = append(it.Contribs, p.name)
	}
	if im := e.image; im != nil {
		mc := &mediaContent{URL: im.url, Medium: "image", Type: im.mime}
		if im.bytes > 0 {
			mc.FileSize = strconv.FormatInt(im.bytes, 10)
		}
		if im.width > 0 && im.height > 0 {
			mc.Width, mc.Height = strconv.Itoa(im.width), strconv.Itoa(im.height)
		}
		if im.caption != "" {
			mc.Description = &mediaText{Type: "plain", Value: im.caption}
		}
		if im.credit != "" {
			mc.Credit = &mediaCredit{Role: "photographer", Scheme: "urn:ebu", Value: im.credit}
		}
		it.Media = mc
	}
	return it
}

// writeXML writes the XML declaration and v, indented by two spaces,
// followed by a newline.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("feed: encode XML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
