// Package feed writes Masthead's syndication and discovery documents: RSS
// 2.0, Atom 1.0, JSON Feed 1.1, sitemaps (with the image extension), the
// Google News sitemap and robots.txt.
//
// Everything here is a pure function over model values: no database, no HTTP.
// The web layer selects the articles (published, visible, newest first),
// builds a Channel and a Links value from its own routes, and writes the bytes
// these functions produce. Items are written in the order given.
//
// All XML is produced with encoding/xml and is UTF-8. Text that cannot appear
// in XML 1.0 (control characters other than tab, LF and CR; lone surrogates;
// U+FFFE/U+FFFF; invalid UTF-8) is stripped from every string before it is
// written, in JSON Feed output too, so one bad import never breaks a feed.
//
// Dates: RSS uses RFC 1123 with a numeric zone offset ("Thu, 20 Jun 2024
// 10:21:00 -0400"), never a zone abbreviation; Atom and JSON Feed use RFC
// 3339. Feed dates are shown in Channel.Location (UTC when nil); sitemap
// dates are written in UTC.
package feed

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// Channel describes the feed being written (the publication, or a section,
// author or tag feed of it).
type Channel struct {
	Title       string // feed title, e.g. "The Daily Example — Politics"
	Description string // one-line description (plain text)
	// SiteURL is the absolute base URL of the site, without a trailing
	// slash, e.g. "https://news.example.com". Relative URLs returned by Links
	// or found in article bodies are resolved against it (or against the
	// article URL for body links).
	SiteURL string
	// SelfURL is the absolute URL this feed is served at.
	SelfURL string
	// Language is a BCP 47 tag, e.g. "en" or "en-GB".
	Language string
	// Updated is the newest change among the items (UTC). When zero, the
	// newest Article.LastChanged among the items is used.
	Updated time.Time
	// Rights is the site's rights line, e.g. "© 2024 The Daily Example".
	Rights string
	// Location is the site's time zone for displayed dates (dates always
	// carry numeric offsets). Nil means UTC.
	Location *time.Location
}

// Links computes absolute URLs. The web layer passes its own functions so
// feed URLs agree with its routes.
//
// Article is required. Author may be nil (authors are then written without
// a URL). Media may be nil, in which case only remote media (Media.URL) get
// an image URL. A function may return "" for "no URL"; a relative URL is
// resolved against Channel.SiteURL.
type Links struct {
	Article func(a *model.Article) string // absolute URL of an article
	Author  func(au *model.Author) string // absolute URL of an author page
	Media   func(m *model.Media) string   // absolute URL of an image (remote URL for remote media)
}

// ErrNoArticleLink is returned by the feed writers when Links.Article is nil.
var ErrNoArticleLink = errors.New("feed: Links.Article is nil")

// summaryRunes is the length in runes of a summary cut from the body text
// when an article has no dek.
const summaryRunes = 280

// person is an author or contributor as written in feeds.
type person struct {
	name, url, avatar string
}

// image is an article's lead photo as written in feeds.
type image struct {
	url, mime       string
	width, height   int   // pixels, 0 when unknown
	bytes           int64 // 0 when unknown
	alt             string
	caption, credit string
}

// entry is one article normalised for every output format; all strings are
// already cleaned of characters XML cannot carry.
type entry struct {
	url, id     string // id: stable tag: URI (RFC 4151), or url when none can be built
	title       string
	summary     string // plain text
	contentHTML string
	published   time.Time // zero when unknown
	updated     time.Time // zero unless the article was updated after publication
	authors     []person
	contribs    []person // bylines with non-writing roles (photos, editing …)
	categories  []string // section name first, then tag names
	image       *image
	rights      string
}

// lastChanged is what Atom's required <updated> carries.
func (e *entry) lastChanged() time.Time {
	if !e.updated.IsZero() {
		return e.updated
	}
	return e.published
}

// builder turns articles into entries for one channel.
type builder struct {
	ch   Channel
	l    Links
	loc  *time.Location
	site *url.URL // nil when SiteURL is empty or unparsable
}

func newBuilder(ch Channel, l Links) (*builder, error) {
	if l.Article == nil {
		return nil, ErrNoArticleLink
	}
	b := &builder{ch: ch, l: l, loc: ch.Location}
	if b.loc == nil {
		b.loc = time.UTC
	}
	if ch.SiteURL != "" {
		u, err := url.Parse(ch.SiteURL)
		if err != nil || !u.IsAbs() {
			return nil, fmt.Errorf("feed: Channel.SiteURL %q is not an absolute URL", ch.SiteURL)
		}
		b.site = u
	}
	return b, nil
}

// abs resolves ref against the site URL and reports an error when the result
// is not absolute. "" stays "".
func (b *builder) abs(what, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("%s URL %q: %w", what, ref, err)
	}
	if !u.IsAbs() && b.site != nil {
		u = b.site.ResolveReference(u)
	}
	if !u.IsAbs() || u.Host == "" {
		return "", fmt.Errorf("%s URL %q is not absolute (set Channel.SiteURL or return absolute URLs)", what, ref)
	}
	return u.String(), nil
}

// channelURLs returns the absolute site and self URLs of the channel.
func (b *builder) channelURLs() (site, self string, err error) {
	if site, err = b.abs("site", b.ch.SiteURL); err != nil {
		return "", "", fmt.Errorf("feed: %w", err)
	}
	if self, err = b.abs("self", b.ch.SelfURL); err != nil {
		return "", "", fmt.Errorf("feed: %w", err)
	}
	return site, self, nil
}

// updatedOf is the channel's last-change time: Channel.Updated, else the
// newest item change, else the zero time.
func (b *builder) updatedOf(es []entry) time.Time {
	if !b.ch.Updated.IsZero() {
		return b.ch.Updated
	}
	var newest time.Time
	for i := range es {
		if t := es[i].lastChanged(); t.After(newest) {
			newest = t
		}
	}
	return newest
}

// entries builds the entries for items, in order. A nil item is an error.
func (b *builder) entries(items []*model.Article) ([]entry, error) {
	out := make([]entry, 0, len(items))
	for i, a := range items {
		if a == nil {
			return nil, fmt.Errorf("feed: item %d is nil", i)
		}
		e, err := b.entry(a)
		if err != nil {
			return nil, fmt.Errorf("feed: item %d (%q): %w", i, a.Slug, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func (b *builder) entry(a *model.Article) (entry, error) {
	link, err := b.abs("article", b.l.Article(a))
	if err != nil {
		return entry{}, err
	}
	if link == "" {
		return entry{}, errors.New("Links.Article returned an empty URL")
	}
	e := entry{
		url:       link,
		id:        tagURI(b.site, a, link),
		title:     clean(a.Headline),
		summary:   clean(summaryOf(a)),
		published: a.PublishedAt,
		rights:    clean(a.Rights),
	}
	if !a.UpdatedAt.IsZero() && a.UpdatedAt.After(a.PublishedAt) {
		e.updated = a.UpdatedAt
	}
	body := markup.ExpandRecircs(a.BodyHTML, func(markup.Recirc) string { return "" })
	e.contentHTML = clean(absolutizeHTML(body, link) + b.correctionsHTML(a.Corrections))

	for _, bl := range bylines(a.Bylines) {
		p := person{name: clean(bl.Author.Name)}
		if b.l.Author != nil {
			if p.url, err = b.abs("author", b.l.Author(bl.Author)); err != nil {
				return entry{}, err
			}
		}
		if bl.Author.Photo != nil {
			if p.avatar, err = b.mediaURL(bl.Author.Photo); err != nil {
				return entry{}, err
			}
		}
		if writingRole(bl.Role) {
			e.authors = append(e.authors, p)
		} else {
			e.contribs = append(e.contribs, p)
		}
	}
	if len(e.authors) == 0 { // only photographers/editors credited: they are the byline
		e.authors, e.contribs = e.contribs, nil
	}

	if a.Section != nil && a.Section.Name != "" {
		e.categories = append(e.categories, clean(a.Section.Name))
	}
	for _, t := range a.Tags {
		if name := clean(t.Name); name != "" && !slices.Contains(e.categories, name) {
			e.categories = append(e.categories, name)
		}
	}

	if m := a.LeadMedia; m != nil {
		u, err := b.mediaURL(m)
		if err != nil {
			return entry{}, err
		}
		if u != "" {
			e.image = &image{
				url: u, mime: m.MIME, width: m.Width, height: m.Height, bytes: m.Bytes,
				alt:     clean(firstNonEmpty(a.LeadAlt, m.Alt)),
				caption: clean(firstNonEmpty(a.LeadCaption, m.Caption)),
				credit:  clean(firstNonEmpty(a.LeadCredit, m.Credit)),
			}
		}
	}
	return e, nil
}

// mediaURL is Links.Media(m), or m.URL for remote media when Links.Media is nil.
func (b *builder) mediaURL(m *model.Media) (string, error) {
	var u string
	if b.l.Media != nil {
		u = b.l.Media(m)
	} else if !m.Stored {
		u = m.URL
	}
	return b.abs("media", u)
}

// correctionsHTML renders correction notes as an aside appended to the
// content, so feed readers see them as the article page does.
func (b *builder) correctionsHTML(cs []model.Correction) string {
	if len(cs) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(`<aside class="corrections">`)
	for _, c := range cs {
		sb.WriteString("<p><strong>Correction")
		if !c.Created.IsZero() {
			sb.WriteString(" (" + c.Created.In(b.loc).Format("Jan 2, 2006") + ")")
		}
		sb.WriteString(":</strong> " + html.EscapeString(c.Body) + "</p>")
	}
	sb.WriteString(`</aside>`)
	return sb.String()
}

// bylines returns the bylines with a loaded author, ordered by Position.
func bylines(in []model.Byline) []model.Byline {
	out := make([]model.Byline, 0, len(in))
	for _, bl := range in {
		if bl.Author != nil && strings.TrimSpace(bl.Author.Name) != "" {
			out = append(out, bl)
		}
	}
	slices.SortStableFunc(out, func(x, y model.Byline) int { return x.Position - y.Position })
	return out
}

// writingRole reports whether a byline role makes the person an author (as
// opposed to a contributor such as a photographer or editor).
func writingRole(role string) bool {
	switch strings.ToLower(strings.TrimSpace(role)) {
	case "", "author", "reporting", "writing", "byline":
		return true
	}
	return false
}

// summaryOf is the dek, else the SEO description, else an excerpt of the body.
func summaryOf(a *model.Article) string {
	if s := strings.TrimSpace(a.Dek); s != "" {
		return s
	}
	if s := strings.TrimSpace(a.SEODescription); s != "" {
		return s
	}
	return markup.Excerpt(a.BodyText, summaryRunes)
}

// tagURI builds a stable entry id per RFC 4151 ("tag:news.example.com,
// 2024-06-20:article:42") so ids survive slug changes. It falls back to the
// article URL when the site host, article id or a date is missing.
func tagURI(site *url.URL, a *model.Article, fallback string) string {
	date := a.PublishedAt
	if date.IsZero() {
		date = a.Created
	}
	if site == nil || site.Hostname() == "" || a.ID == 0 || date.IsZero() {
		return fallback
	}
	kind := string(a.Kind)
	if kind == "" {
		kind = string(model.KindArticle)
	}
	return "tag:" + site.Hostname() + "," + date.UTC().Format("2006-01-02") + ":" + kind + ":" + strconv.FormatInt(a.ID, 10)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// rfc822 formats t per RSS 2.0 (RFC 822 with four-digit years, i.e. RFC 1123)
// in loc, always with a numeric offset: "Thu, 20 Jun 2024 10:21:00 -0400".
func rfc822(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC1123Z)
}

// rfc3339 formats t per RFC 3339 in loc: "2024-06-20T10:21:00-04:00".
func rfc3339(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339)
}

// validXMLChar reports whether r matches the Char production of XML 1.0.
func validXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// clean drops invalid UTF-8 and characters XML 1.0 cannot carry. It returns
// s itself (no allocation) when nothing needs dropping.
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !validXMLChar(r) {
			ok = false
			break
		}
		i += n
	}
	if ok {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && validXMLChar(r) {
			sb.WriteString(s[i : i+n])
		}
		i += n
	}
	return sb.String()
}

// absolutizeHTML rewrites relative href, src and srcset URLs in sanitised
// body HTML against base (the article's absolute URL): feed readers show the
// content away from the site, where relative links break. Stored bodies come
// out of bluemonday, which always writes double-quoted attribute values
// after a space, so a scan for ` name="` finds every attribute exactly
// (a literal ` href="` in text would have been escaped to &#34;).
func absolutizeHTML(body, base string) string {
	var (
		bu   *url.URL
		sb   strings.Builder
		last int // body[:last] is already in sb
	)
	resolve := func(ref string) string {
		if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") {
			return ref
		}
		raw := html.UnescapeString(ref)
		u, err := url.Parse(raw)
		if err != nil || u.IsAbs() || raw == "" {
			return ref
		}
		if bu == nil {
			if bu, err = url.Parse(base); err != nil {
				return ref
			}
		}
		return html.EscapeString(bu.ResolveReference(u).String())
	}
	for i := 0; ; {
		j := strings.Index(body[i:], `="`)
		if j < 0 {
			break
		}
		eq := i + j
		start := eq
		for start > 0 && body[start-1] >= 'a' && body[start-1] <= 'z' {
			start--
		}
		name := body[start:eq]
		vStart := eq + 2
		k := strings.IndexByte(body[vStart:], '"')
		if k < 0 {
			break
		}
		vEnd := vStart + k
		i = vEnd + 1
		if start == 0 || !isHTMLSpace(body[start-1]) || (name != "href" && name != "src" && name != "srcset") {
			continue
		}
		val := body[vStart:vEnd]
		var out string
		if name == "srcset" {
			parts := strings.Split(val, ",")
			for n, p := range parts {
				if f := strings.Fields(p); len(f) > 0 {
					f[0] = resolve(f[0])
					parts[n] = strings.Join(f, " ")
				}
			}
			out = strings.Join(parts, ", ")
		} else {
			out = resolve(val)
		}
		if out == val {
			continue
		}
		sb.WriteString(body[last:vStart])
		sb.WriteString(out)
		last = vEnd
	}
	if last == 0 {
		return body
	}
	sb.WriteString(body[last:])
	return sb.String()
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// prepared is what every feed writer needs before it lays out its format.
type prepared struct {
	b          *builder
	es         []entry
	site, self string
}

// prepare builds the entries and channel URLs shared by RSS, Atom and JSON Feed.
func prepare(ch Channel, items []*model.Article, l Links) (*prepared, error) {
	b, err := newBuilder(ch, l)
	if err != nil {
		return nil, err
	}
	es, err := b.entries(items)
	if err != nil {
		return nil, err
	}
	site, self, err := b.channelURLs()
	if err != nil {
		return nil, err
	}
	return &prepared{b: b, es: es, site: site, self: self}, nil
}
