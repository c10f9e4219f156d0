package importer

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// MaxFeedBytes is the largest feed file ParseFeed reads (64 MiB).
const MaxFeedBytes = 64 << 20

// ParseFeed reads a news feed — RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed
// 1.0/1.1, parsed with github.com/mmcdole/gofeed — into a Batch.
//
// Source is "feed:" + the feed's site link (else its self URL, else its
// title). Each item becomes a published article:
//
//   - SourceID: the item's GUID / Atom id / JSON Feed id, else its link
//     (items with neither are skipped, reason "no id").
//   - Headline: the title as plain text. Body: content (content:encoded,
//     Atom content, JSON content_html/content_text), else the description;
//     plain text is wrapped in paragraphs. Dek: the description as plain text
//     (at most 280 characters) when the item also has content and the
//     description is not merely the opening of that content.
//   - Published / Updated: the item's dates in UTC (Updated only when later
//     than Published); zone-less dates are read in loc; localised RFC 822
//     dates ("Seg, 24 Set 2018 …") are understood.
//   - Authors: item authors (RSS author, every dc:creator, Atom/JSON
//     authors; Atom entries inherit the feed's authors). A free-text byline
//     is split into people and a "NAME in PLACE" suffix becomes the item's
//     Dateline when all located authors agree (see feedSplitByline).
//   - Section: feed categories are tags, so every item goes to a section
//     named after the feed title — except when a category marks the item's
//     section the way the Guardian does (domain ".../S/S" where S is the
//     first path segment of the item link, e.g. ".../world/world"): that
//     category becomes the Section. All other categories become Tags.
//   - Lead: the widest image of Media RSS media:content (also inside
//     media:group), else the widest media:thumbnail, else an image
//     enclosure, else the JSON Feed item image. media:credit becomes Credit;
//     media:description (else media:title) becomes Caption and media:title
//     (else the caption) Alt; the credit is never folded into the caption.
//   - CanonicalURL: the item link. Rights: the feed's copyright / dc:rights.
//
// Encodings: the XML declaration's charset is honoured (ISO-8859-x,
// Windows-125x …). A file without a usable declaration that is not valid
// UTF-8 is read as Windows-1252 and a Note says so.
//
// Errors: empty input, input that is not a feed, or malformed XML/JSON give
// an error naming name and, when the parser reports it, the line.
func ParseFeed(r io.Reader, name string, loc *time.Location) (*Batch, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFeedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("feed %s: read: %w", name, err)
	}
	if len(data) > MaxFeedBytes {
		return nil, fmt.Errorf("feed %s: larger than %d bytes", name, MaxFeedBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("feed %s: empty file", name)
	}
	b := &Batch{}
	data, note := feedFixEncoding(data)
	if note != "" {
		b.Notes = append(b.Notes, note)
	}
	if err := feedCheckXML(data); err != nil {
		return nil, fmt.Errorf("feed %s: %w", name, err)
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, feedError(name, data, err)
	}
	if len(f.Items) == 0 {
		return nil, fmt.Errorf("feed %s: the feed has no items", name)
	}
	src := strings.TrimSpace(f.Link)
	if src == "" {
		src = strings.TrimSpace(f.FeedLink)
	}
	if src == "" {
		src = strings.TrimSpace(f.Title)
	}
	if src == "" {
		src = name
	}
	b.Source = "feed:" + src

	var origItems []*rss.Item
	if o, ok := f.OriginalFeed().(*rss.Feed); ok && len(o.Items) == len(f.Items) {
		origItems = o.Items
	}
	fc := &feedContext{feed: f, loc: loc, base: feedBase(f)}
	seen := map[string]bool{}
	for i, it := range f.Items {
		var orig *rss.Item
		if origItems != nil {
			orig = origItems[i]
		}
		item, reason := fc.item(it, orig)
		if reason != "" {
			b.Skipped = append(b.Skipped, Skip{ID: feedFirst(it.GUID, it.Link, it.Title), Reason: reason})
			continue
		}
		if seen[item.SourceID] {
			b.Skipped = append(b.Skipped, Skip{ID: item.SourceID, Reason: "duplicate id"})
			continue
		}
		seen[item.SourceID] = true
		b.Items = append(b.Items, item)
	}
	return b, nil
}

type feedContext struct {
	feed *gofeed.Feed
	loc  *time.Location
	base *url.URL
}

func (fc *feedContext) item(it *gofeed.Item, orig *rss.Item) (Item, string) {
	id := strings.TrimSpace(it.GUID)
	if id == "" {
		id = strings.TrimSpace(it.Link)
	}
	if id == "" {
		return Item{}, "no id"
	}
	item := Item{
		SourceID:     id,
		Kind:         model.KindArticle,
		Status:       model.StatusPublished,
		Headline:     feedText(it.Title),
		CanonicalURL: fc.abs(it.Link),
		Rights:       strings.TrimSpace(fc.feed.Copyright),
	}
	if item.Rights == "" && fc.feed.DublinCoreExt != nil && len(fc.feed.DublinCoreExt.Rights) > 0 {
		item.Rights = strings.TrimSpace(fc.feed.DublinCoreExt.Rights[0])
	}
	content, desc := strings.TrimSpace(it.Content), strings.TrimSpace(it.Description)
	body := content
	if body == "" {
		body = desc
	}
	item.BodyHTML = feedBodyHTML(body)
	if content != "" && desc != "" {
		dek := markup.PlainText(feedBodyHTML(desc))
		if !feedDekRedundant(dek, markup.PlainText(item.BodyHTML)) {
			item.Dek = markup.Excerpt(dek, 280)
		}
	}
	if item.Headline == "" {
		item.Headline = markup.Excerpt(markup.PlainText(item.BodyHTML), 80)
	}
	item.Published = fc.time(it.Published, it.PublishedParsed)
	item.Updated = fc.time(it.Updated, it.UpdatedParsed)
	if item.Published.IsZero() {
		item.Published, item.Updated = item.Updated, time.Time{}
	}
	if !item.Updated.After(item.Published) {
		item.Updated = time.Time{}
	}
	fc.authors(it, &item)
	fc.taxonomy(it, orig, &item)
	item.Lead = fc.lead(it)
	return item, ""
}

// time prefers our own reading of the raw text (zone-less times in loc,
// localised month names), then gofeed's.
func (fc *feedContext) time(raw string, parsed *time.Time) time.Time {
	if t, ok := looseTimeIn(raw, fc.loc); ok {
		return t
	}
	if parsed != nil && !parsed.IsZero() {
		return parsed.UTC()
	}
	return time.Time{}
}

func (fc *feedContext) authors(it *gofeed.Item, item *Item) {
	var raw []*gofeed.Person
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 1 {
		for _, c := range it.DublinCoreExt.Creator {
			raw = append(raw, &gofeed.Person{Name: c})
		}
	} else {
		raw = it.Authors
	}
	if len(raw) == 0 && fc.feed.FeedType == "atom" {
		raw = fc.feed.Authors // RFC 4287 §4.2.1: entries inherit the feed's authors
	}
	places := map[string]bool{}
	var place string
	seen := map[string]bool{}
	for _, p := range raw {
		if p == nil {
			continue
		}
		nm := feedText(p.Name)
		if nm == "" {
			continue
		}
		for _, person := range feedSplitByline(nm) {
			key := strings.ToLower(person.Name)
			if seen[key] {
				continue
			}
			seen[key] = true
			ref := AuthorRef{Name: person.Name}
			if len(raw) == 1 && p.Email != "" && !strings.Contains(nm, " and ") {
				ref.Email = strings.TrimSpace(p.Email)
			}
			item.Authors = append(item.Authors, ref)
			if person.Place != "" {
				places[person.Place] = true
				place = person.Place
			}
		}
	}
	if len(places) == 1 {
		item.Dateline = place
	}
}

func (fc *feedContext) taxonomy(it *gofeed.Item, orig *rss.Item, item *Item) {
	section := ""
	if orig != nil {
		first := feedFirstSegment(it.Link)
		var fallback string
		for _, c := range orig.Categories {
			if c == nil || c.Domain == "" {
				continue
			}
			u, err := url.Parse(c.Domain)
			if err != nil {
				continue
			}
			seg := strings.Split(strings.Trim(u.Path, "/"), "/")
			if len(seg) >= 2 && seg[len(seg)-1] == seg[len(seg)-2] && seg[len(seg)-1] != "" {
				if seg[len(seg)-1] == first {
					section = strings.TrimSpace(c.Value)
					break
				}
				if fallback == "" {
					fallback = strings.TrimSpace(c.Value)
				}
			}
		}
		if section == "" {
			section = fallback
		}
	}
	if section != "" {
		item.Section = &Ref{Name: section}
	} else if t := feedText(fc.feed.Title); t != "" {
		item.Section = &Ref{Name: t}
	}
	seen := map[string]bool{strings.ToLower(section): true}
	for _, c := range it.Categories {
		c = feedText(c)
		if c == "" || seen[strings.ToLower(c)] {
			continue
		}
		seen[strings.ToLower(c)] = true
		item.Tags = append(item.Tags, Ref{Name: c})
	}
}

// lead picks the item's lead image; see ParseFeed for the order.
func (fc *feedContext) lead(it *gofeed.Item) *MediaRef {
	media := it.Extensions["media"]
	var contents, thumbs []ext.Extension
	contents = append(contents, media["content"]...)
	thumbs = append(thumbs, media["thumbnail"]...)
	for _, g := range media["group"] {
		contents = append(contents, g.Children["content"]...)
		thumbs = append(thumbs, g.Children["thumbnail"]...)
	}
	itemLevel := func(name string) string { return feedExtText(media[name]) }
	pick := func(list []ext.Extension, needImage bool) *MediaRef {
		var best *ext.Extension
		bestW := -1
		for i := range list {
			e := &list[i]
			if fc.abs(e.Attrs["url"]) == "" || (needImage && !feedIsImage(e.Attrs["type"], e.Attrs["medium"], e.Attrs["url"])) {
				continue
			}
			w, _ := strconv.Atoi(e.Attrs["width"])
			if w > bestW {
				best, bestW = e, w
			}
		}
		if best == nil {
			return nil
		}
		m := &MediaRef{URL: fc.abs(best.Attrs["url"]), MIME: feedImageMIME(best.Attrs["type"])}
		m.Width, _ = strconv.Atoi(best.Attrs["width"])
		m.Height, _ = strconv.Atoi(best.Attrs["height"])
		m.Credit = feedCredits(best.Children["credit"])
		if m.Credit == "" {
			m.Credit = feedCredits(media["credit"])
		}
		desc, title := feedExtText(best.Children["description"]), feedExtText(best.Children["title"])
		if desc == "" && title == "" {
			desc, title = itemLevel("description"), itemLevel("title")
		}
		m.Caption = feedFirst(desc, title)
		m.Alt = feedFirst(title, m.Caption)
		return m
	}
	if m := pick(contents, true); m != nil {
		return m
	}
	if m := pick(thumbs, false); m != nil {
		return m
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") && fc.abs(e.URL) != "" {
			return &MediaRef{URL: fc.abs(e.URL), MIME: strings.ToLower(e.Type), Credit: feedCredits(media["credit"]),
				Caption: itemLevel("description")}
		}
	}
	if fc.feed.FeedType == "json" && it.Image != nil && fc.abs(it.Image.URL) != "" {
		return &MediaRef{URL: fc.abs(it.Image.URL), Alt: feedText(it.Image.Title)}
	}
	return nil
}

// abs resolves a link against the feed's site and keeps only http(s) URLs.
func (fc *feedContext) abs(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && fc.base != nil {
		u = fc.base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

func feedBase(f *gofeed.Feed) *url.URL {
	for _, s := range []string{f.Link, f.FeedLink} {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil && u.IsAbs() {
			return u
		}
	}
	return nil
}

var feedXMLDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// feedFixEncoding returns data unchanged when it is valid UTF-8 or declares
// its own non-UTF-8 charset; otherwise it decodes it as Windows-1252 (a
// superset of ISO-8859-1 in its printable range) and says so.
func feedFixEncoding(data []byte) ([]byte, string) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return data, ""
	}
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	if m := feedXMLDecl.FindSubmatch(head); m != nil {
		enc := strings.ToLower(string(m[1]))
		if enc != "utf-8" && enc != "utf8" {
			return data, "" // the XML decoder converts it
		}
	}
	dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data, ""
	}
	if m := feedXMLDecl.FindSubmatchIndex(dec); m != nil {
		dec = append(append(append([]byte{}, dec[:m[2]]...), "UTF-8"...), dec[m[3]:]...)
	}
	return dec, "the file is not valid UTF-8 and names no other charset; it was read as Windows-1252 (ISO-8859-1)"
}

// feedCheckXML checks that an XML feed is well-formed, because gofeed's
// lenient parser silently drops what it cannot read (a mistyped end tag
// loses the whole item). HTML entities (&nbsp; …), common in feeds, are
// accepted. JSON input is left to gofeed.
func feedCheckXML(data []byte) error {
	if i := bytes.IndexFunc(data, func(r rune) bool { return !unicode.IsSpace(r) }); i < 0 || data[i] != '<' {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				line, _ := d.InputPos()
				return fmt.Errorf("line %d: unexpected end of file inside <%s>", line, stack[len(stack)-1])
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("line %d: malformed XML: %s", se.Line, se.Msg)
			}
			line, col := d.InputPos()
			return fmt.Errorf("line %d, column %d: %v", line, col, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// feedError names the file and, where known, the line of a parse error.
func feedError(name string, data []byte, err error) error {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return fmt.Errorf("feed %s: not an RSS, Atom or JSON feed", name)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := ninjsLineCol(data, se.Offset)
		return fmt.Errorf("feed %s: line %d, column %d: %v", name, line, col, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := ninjsLineCol(data, te.Offset)
		return fmt.Errorf("feed %s: line %d, column %d: %v", name, line, col, te)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("feed %s: unexpected end of file: %v", name, err)
	}
	return fmt.Errorf("feed %s: %v", name, err)
}

// feedBodyHTML keeps HTML as is and wraps plain text in escaped paragraphs.
func feedBodyHTML(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || feedLooksHTML(s) {
		return s
	}
	var b strings.Builder
	for _, para := range feedParaRE.Split(s, -1) {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p>\n")
		}
	}
	return strings.TrimSpace(b.String())
}

var feedParaRE = regexp.MustCompile(`\n\s*\n`)

var feedTagRE = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z][a-zA-Z0-9]*)[\s/>]|&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);`)

func feedLooksHTML(s string) bool { return feedTagRE.MatchString(s) }

// feedText turns a title-like field (possibly HTML) into one line of text.
func feedText(s string) string {
	s = strings.TrimSpace(s)
	if feedLooksHTML(s) {
		s = markup.PlainText(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// feedDekRedundant reports whether dek merely repeats the opening of the
// body text (feeds and wires often send the first paragraph, or its first
// few hundred characters, as the summary). Only letters and digits of the
// first 80 characters are compared.
func feedDekRedundant(dek, bodyText string) bool {
	d, b := feedNorm(dek), feedNorm(bodyText)
	if d == "" {
		return true
	}
	if r := []rune(d); len(r) > 80 {
		d = string(r[:80])
	}
	return strings.HasPrefix(b, d)
}

// feedNorm lower-cases s and keeps only its letters and digits.
func feedNorm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func feedExtText(list []ext.Extension) string {
	for _, e := range list {
		if t := feedText(e.Value); t != "" {
			return t
		}
	}
	return ""
}

// feedCredits joins distinct media:credit values with "/" (Media RSS allows
// one per role: photographer, agency …).
func feedCredits(list []ext.Extension) string {
	var out []string
	seen := map[string]bool{}
	for _, e := range list {
		if t := feedText(e.Value); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return strings.Join(out, "/")
}

func feedIsImage(typ, medium, u string) bool {
	typ, medium = strings.ToLower(typ), strings.ToLower(medium)
	switch {
	case medium == "image", strings.HasPrefix(typ, "image/"):
		return true
	case medium != "" || typ != "":
		return false
	}
	p := strings.ToLower(u)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, e := range []string{".mp4", ".mp3", ".m4a", ".webm", ".mov", ".ogg", ".pdf", ".m3u8"} {
		if strings.HasSuffix(p, e) {
			return false
		}
	}
	return true // Media RSS images often carry neither type nor medium
}

func feedImageMIME(typ string) string {
	if t := strings.ToLower(strings.TrimSpace(typ)); strings.HasPrefix(t, "image/") {
		return t
	}
	return ""
}

func feedFirstSegment(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	p := strings.Trim(u.Path, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		p = p[:i]
	}
	return p
}

func feedFirst(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}
