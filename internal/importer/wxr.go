package importer

// WordPress eXtended RSS (WXR) import: the export format of WordPress's
// Tools → Export, versions 1.0 (WordPress 2.x), 1.1 (3.1+) and 1.2 (3.4+,
// still current in WordPress 6). The file is an RSS 2.0 document whose
// channel carries wp:author, wp:category, wp:tag and wp:term definitions and
// one <item> per post, page, attachment, menu item or custom post type.
//
// ParseWXR streams the file with encoding/xml token by token: it keeps the
// few fields it needs of each item (never a tree of the whole file) and
// builds the Batch once the stream has ended, because attachments referenced
// by a post (featured image, gallery) may come after the post.
// wxr_item.go turns parsed posts into Items, wxr_body.go and
// wxr_shortcode.go render the WordPress body HTML, wxr_credit.go splits photo
// credits from captions and wxr_cdata.go repairs unescaped CDATA ends.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// WXRError is the error ParseWXR returns for input it cannot import: it
// names the position (1-based line and column, in bytes of the input) and
// the element at fault, as written in the file with its prefix ("wp:post_id").
// Element is empty when the fault is not inside an element (empty input,
// text before the root element).
type WXRError struct {
	Line, Column int
	Element      string
	Err          error
}

// Error renders "line L, column C: element <E>: cause".
func (e *WXRError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
		b.WriteString(": ")
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "element <%s>: ", e.Element)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *WXRError) Unwrap() error { return e.Err }

// wxrNSPrefix is the start of every WXR namespace URI
// ("http://wordpress.org/export/1.2/", "…/1.2/excerpt/"); elements are matched
// on the namespace URI, never on the prefix text, so odd or redefined
// prefixes work and look-alike prefixes bound to other URIs are ignored.
const (
	wxrNSPrefix  = "wordpress.org/export/"
	wxrNSContent = "http://purl.org/rss/1.0/modules/content/"
	wxrNSDC      = "http://purl.org/dc/elements/1.1/"
)

// wxrNS classifies a namespace URI: "wp", "excerpt", "content", "dc", "" for
// none (plain RSS) or "other".
func wxrNS(space string) string {
	switch space {
	case "":
		return ""
	case wxrNSContent:
		return "content"
	case wxrNSDC:
		return "dc"
	}
	rest, ok := strings.CutPrefix(space, "http://")
	if !ok {
		rest, ok = strings.CutPrefix(space, "https://")
	}
	if ok && strings.HasPrefix(rest, wxrNSPrefix) {
		if strings.HasSuffix(strings.TrimSuffix(rest, "/"), "/excerpt") {
			return "excerpt"
		}
		return "wp"
	}
	return "other"
}

var wxrVersionRE = regexp.MustCompile(`^\d+\.\d+$`)

// ParseWXR reads a WordPress WXR export (1.0, 1.1 or 1.2, as exported by
// WordPress 2.x to 6) from r and returns the posts and pages it holds as a
// Batch with Source "wxr:" + the site address (channel <link>, else
// <wp:base_blog_url>, else <wp:base_site_url>; the file's base name when the
// export names no site). loc is the site's time zone, used only for local
// wp:post_date values when no UTC date is given (nil means UTC); every time
// in the Batch is UTC.
//
// Posts become KindArticle and pages KindPage; attachments, revisions, menu
// items, trashed posts and other post types are listed in Batch.Skipped with
// the reason (the post type, "trash", "inherit"). The first category is the
// section and further categories become tags next to post_tag terms
// ("uncategorized" is dropped); Co-Authors Plus bylines replace dc:creator;
// the featured image (_thumbnail_id) becomes the lead media; bodies get
// WordPress's auto-paragraphs and rendered shortcodes (no raw [shortcode]
// is left). Comments are read into Batch.Comments for WriteComments (mapping
// on (*wxrParser).commentBatch in wxr_comment.go). The full mapping is
// documented on (*wxrParser).items in wxr_item.go.
//
// Input that is not well-formed XML, not an RSS document, or has no valid
// <wp:wxr_version> (WordPress's own importer refuses such files too) gives a
// *WXRError naming the line, column and element at fault; an empty input
// gives an error saying so.
func ParseWXR(r io.Reader, name string, loc *time.Location) (*Batch, error) {
	if loc == nil {
		loc = time.UTC
	}
	p := &wxrParser{
		loc:         loc,
		authors:     map[string]*wxrAuthor{},
		catNames:    map[string]string{},
		catByID:     map[string]string{},
		tagNames:    map[string]string{},
		attachments: map[string]*wxrPost{},
	}
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3) // a UTF-8 byte order mark, as some editors save
	}
	p.d = xml.NewDecoder(newWXRCDATAFixer(br))
	p.d.Entity = xml.HTMLEntity
	p.d.CharsetReader = wxrCharsetReader
	if err := p.document(); err != nil {
		return nil, err
	}
	b := p.batch(name)
	return b, nil
}

// wxrCharsetReader decodes the legacy single-byte encodings old WordPress
// blogs declared (blog_charset); UTF-8 needs no reader.
func wxrCharsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-15", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	case "us-ascii", "ascii", "utf8":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported character encoding %q (convert the file to UTF-8)", label)
}

type wxrAuthor struct {
	login, email, display, first, last string
}

// name is the byline name: display name, else "First Last", else the login.
func (a *wxrAuthor) name() string {
	if n := strings.TrimSpace(a.display); n != "" {
		return n
	}
	if n := strings.TrimSpace(a.first + " " + a.last); n != "" {
		return n
	}
	return a.login
}

type wxrTerm struct {
	domain, nicename, name string
}

// wxrPost holds what is kept of one <item>.
type wxrPost struct {
	line                                                  int
	title, link, guid, pubDate, creator, content, excerpt string
	id, date, dateGMT, modified, modifiedGMT              string
	commentStatus, slug, status, parent, postType         string
	password, attachmentURL                               string
	menuOrder                                             int
	terms                                                 []wxrTerm
	// selected postmeta
	thumbnailID, imageAlt, attachMeta, primaryCat string
	comments                                      int
	commentList                                   []wxrComment // every <wp:comment>, see wxr_comment.go
}

type wxrParser struct {
	d   *xml.Decoder
	loc *time.Location
	// anyVersion accepts a channel without <wp:wxr_version> (comment imports
	// of hand-made or plugin-made WXR files; see ParseWXRComments)
	anyVersion bool

	// open elements and the namespace bindings they declared, for messages
	stack  []xml.Name
	ns     []wxrBinding
	nsMark []int
	// position of the start tag of the element last opened
	line, col int

	version                        string
	link, baseBlogURL, baseSiteURL string
	authors                        map[string]*wxrAuthor // by login
	catNames                       map[string]string     // category nicename → name
	catByID                        map[string]string     // category term id → nicename
	tagNames                       map[string]string     // tag slug → name
	posts                          []*wxrPost            // in file order, attachments too
	attachments                    map[string]*wxrPost   // by post id
}

type wxrBinding struct{ prefix, uri string }

// fail wraps err with the current position and innermost open element.
func (p *wxrParser) fail(err error) error {
	line, col := p.d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		err = errors.New("XML syntax error: " + se.Msg)
	}
	el := ""
	if n := len(p.stack); n > 0 {
		el = p.display(p.stack[n-1])
	}
	return &WXRError{Line: line, Column: col, Element: el, Err: err}
}

// failAt is fail for a fault found in the element that opened at line, col.
func (p *wxrParser) failAt(line, col int, el xml.Name, err error) error {
	return &WXRError{Line: line, Column: col, Element: p.display(el), Err: err}
}

// display writes a resolved name back with the prefix in scope for its URI.
func (p *wxrParser) display(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	for i := len(p.ns) - 1; i >= 0; i-- {
		if p.ns[i].uri == n.Space {
			if p.ns[i].prefix == "" {
				return n.Local
			}
			return p.ns[i].prefix + ":" + n.Local
		}
	}
	return n.Local
}

// next returns the next token, keeping the element stack, the namespace
// bindings and the start position of the latest element.
func (p *wxrParser) next() (xml.Token, error) {
	line, col := p.d.InputPos()
	tok, err := p.d.Token()
	if err != nil {
		if err == io.EOF {
			if len(p.stack) > 0 {
				return nil, p.fail(errors.New("unexpected end of file: element not closed"))
			}
			return nil, io.EOF
		}
		return nil, p.fail(err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		p.line, p.col = line, col
		p.stack = append(p.stack, t.Name)
		p.nsMark = append(p.nsMark, len(p.ns))
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == "xmlns":
				p.ns = append(p.ns, wxrBinding{a.Name.Local, a.Value})
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				p.ns = append(p.ns, wxrBinding{"", a.Value})
			}
		}
	case xml.EndElement:
		if n := len(p.stack); n > 0 {
			p.stack = p.stack[:n-1]
			p.ns = p.ns[:p.nsMark[n-1]]
			p.nsMark = p.nsMark[:n-1]
		}
	}
	return tok, nil
}

// text reads the character data of the element just opened up to its end
// tag; the text of nested elements is ignored (see xmlText).
func (p *wxrParser) text() (string, error) { return xmlText(p.next) }

// skip consumes the element just opened, up to and including its end tag
// (see xmlSkip).
func (p *wxrParser) skip() error { return xmlSkip(p.next) }

// document reads the whole input: prolog, <rss>, its <channel> and the end,
// so that a syntax error anywhere in the file fails the import.
func (p *wxrParser) document() error {
	seenAny, channel := false, false
	for {
		tok, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if cd, ok := tok.(xml.CharData); !ok || len(bytes.TrimSpace(cd)) > 0 {
			seenAny = true
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(p.stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return p.fail(errors.New("text outside the root element: not an XML document"))
			}
		case xml.StartElement:
			switch {
			case len(p.stack) == 1:
				if t.Name.Space != "" || t.Name.Local != "rss" {
					return p.fail(errors.New("not a WordPress export (WXR): the root element must be <rss>"))
				}
			case len(p.stack) == 2 && t.Name.Space == "" && t.Name.Local == "channel" && !channel:
				channel = true
				if err := p.channel(t.Name); err != nil {
					return err
				}
			default:
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
	switch {
	case !seenAny:
		return &WXRError{Err: errors.New("empty input: not a WordPress export (WXR)")}
	case !channel:
		line, col := p.d.InputPos()
		return &WXRError{Line: line, Column: col, Err: errors.New("no <rss><channel> element: not a WordPress export (WXR)")}
	}
	return nil
}

// channel reads the <channel> just opened up to its end tag.
func (p *wxrParser) channel(name xml.Name) error {
	line, col := p.line, p.col
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if p.version == "" && !p.anyVersion {
				return p.failAt(line, col, name, errors.New("no <wp:wxr_version>: not a WordPress export (WXR)"))
			}
			return nil
		case xml.StartElement:
			if err := p.channelChild(t.Name); err != nil {
				return err
			}
		}
	}
}

func (p *wxrParser) channelChild(n xml.Name) error {
	line, col := p.line, p.col
	ns := wxrNS(n.Space)
	switch {
	case ns == "" && n.Local == "item":
		return p.item()
	case ns == "" && n.Local == "link":
		s, err := p.text()
		if p.link == "" {
			p.link = strings.TrimSpace(s)
		}
		return err
	case ns != "wp":
		return p.skip()
	}
	switch n.Local {
	case "wxr_version":
		s, err := p.text()
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if !wxrVersionRE.MatchString(s) {
			return p.failAt(line, col, n, fmt.Errorf("invalid WXR version %q (want 1.0, 1.1 or 1.2)", s))
		}
		p.version = s
		return nil
	case "base_site_url", "base_blog_url":
		s, err := p.text()
		if n.Local == "base_site_url" {
			p.baseSiteURL = strings.TrimSpace(s)
		} else {
			p.baseBlogURL = strings.TrimSpace(s)
		}
		return err
	case "author", "wp_author":
		return p.author()
	case "category", "tag", "term":
		return p.term(n.Local)
	}
	return p.skip()
}

// batch builds the Batch once the whole stream has been read.
func (p *wxrParser) batch(name string) *Batch {
	b := &Batch{}
	site, named := p.site(name)
	if !named {
		b.Notes = append(b.Notes, fmt.Sprintf("the export names no site address; items are keyed on the file name %q", site))
	}
	b.Source = "wxr:" + site
	if v, err := strconv.ParseFloat(p.version, 64); err == nil && v > 1.2 {
		b.Notes = append(b.Notes, fmt.Sprintf("WXR version %s is newer than 1.2; read as 1.2", p.version))
	}
	p.items(b)
	b.Comments = p.commentBatch(b.Source)
	return b
}

// site is the site address the export names (channel <link>, else
// <wp:base_blog_url>, else <wp:base_site_url>), without a trailing slash;
// named is false, and site the file's base name, when it names none.
func (p *wxrParser) site(name string) (site string, named bool) {
	site = p.link
	if site == "" {
		site = p.baseBlogURL
	}
	if site == "" {
		site = p.baseSiteURL
	}
	site = strings.TrimRight(strings.TrimSpace(site), "/")
	if site == "" {
		return filepath.Base(name), false
	}
	return site, true
}
