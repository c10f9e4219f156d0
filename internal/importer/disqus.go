package importer

// Disqus XML export (Disqus Admin → Moderation → Export, the format described
// by http://disqus.com/api/schemas/1.0/disqus.xsd and disqus-internals.xsd):
// a <disqus> root holding <category>, <thread> and <post> elements; posts
// refer to their thread and parent by the dsq:id attribute.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

const (
	disqusNS         = "http://disqus.com"
	disqusInternalNS = "http://disqus.com/disqus-internals"
)

// DisqusError is the error ParseDisqus returns for a file it cannot import:
// the 1-based line of the fault and the element at fault ("post",
// "createdAt"), empty when the fault is outside any element.
type DisqusError struct {
	Line    int
	Element string
	Err     error
}

// Error renders "line L: element <E>: cause".
func (e *DisqusError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "element <%s>: ", e.Element)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *DisqusError) Unwrap() error { return e.Err }

// ParseDisqus reads a Disqus XML export from r (named name in notes) and
// returns its threads and posts as a CommentBatch with Source "disqus:" +
// the forum's short name (the file's base name when the export names none).
//
// Mapping (Disqus field → Masthead):
//   - thread: dsq:id is the key; <link> the URL, <id> the identifier (both
//     used to find the article); <isClosed> noted.
//   - post: dsq:id is the source id, else a non-empty <id>, else a hash of
//     thread, date, author and message. <message> is HTML. <isSpam> true →
//     spam; <isDeleted> true → deleted (the message is dropped, the comment
//     kept so replies stay in place); <isApproved> false → pending; else
//     approved; an approved post with an empty message is kept as
//     deleted. <author> name, email, username; <ipAddress> (hashed when
//     written). <parent dsq:id> is the parent.
//   - a post whose thread is not in the file is skipped ("missing thread");
//     one whose <createdAt> cannot be read is skipped ("unreadable date").
//
// Real exports' quirks are accepted: stray bytes before the XML declaration
// (noted), empty <id/> elements, "undefined" placeholders (read as empty),
// and attribute values without quotes (the file is then read a second time
// in XML's lenient mode, if r can seek, and a note names the line).
//
// Other malformed input gives a *DisqusError naming the line and element.
func ParseDisqus(r io.Reader, name string) (*CommentBatch, error) {
	start := int64(-1)
	seeker, canSeek := r.(io.Seeker)
	if canSeek {
		if off, err := seeker.Seek(0, io.SeekCurrent); err == nil {
			start = off
		}
	}
	b, err := parseDisqus(r, name, true)
	var de *DisqusError
	if err != nil && start >= 0 && errors.As(err, &de) && strings.Contains(de.Err.Error(), "unquoted or missing attribute value") {
		if _, serr := seeker.Seek(start, io.SeekStart); serr == nil {
			lb, lerr := parseDisqus(r, name, false)
			if lerr == nil {
				lb.Notes = append(lb.Notes, fmt.Sprintf("%s; the file was read leniently from there (unquoted attribute values accepted): check that part of the export", err))
				return lb, nil
			}
		}
	}
	return b, err
}

type disqusParser struct {
	d     *xml.Decoder
	stack []string
	shift int // newlines dropped before the XML declaration
	b     *CommentBatch
	forum string
}

func parseDisqus(r io.Reader, name string, strict bool) (*CommentBatch, error) {
	br := bufio.NewReader(r)
	p := &disqusParser{b: &CommentBatch{}}
	stray, err := skipBeforeXML(br)
	if err != nil {
		return nil, err
	}
	p.shift = bytes.Count(stray, []byte("\n"))
	if n := len(bytes.TrimSpace(stray)); n > 0 {
		p.b.Notes = append(p.b.Notes, fmt.Sprintf("%d stray byte(s) before the XML declaration were ignored", n))
	}
	p.d = xml.NewDecoder(br)
	p.d.Strict = strict
	p.d.Entity = xml.HTMLEntity
	p.d.CharsetReader = wxrCharsetReader
	if err := p.document(); err != nil {
		return nil, err
	}
	if p.forum == "" {
		p.forum = filepath.Base(name)
		p.b.Notes = append(p.b.Notes, fmt.Sprintf("the export names no forum; comments are keyed on the file name %q", p.forum))
	}
	p.b.Source = "disqus:" + p.forum
	finishComments(p.b)
	return p.b, nil
}

// skipBeforeXML drops a UTF-8 byte order mark and anything before the first
// "<" when it is short (at most 64 bytes, no "<" in it): exports edited by
// hand or cut from logs sometimes carry a stray character there. It returns
// what it dropped.
func skipBeforeXML(br *bufio.Reader) ([]byte, error) {
	head, err := br.Peek(64)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	i := bytes.IndexByte(head, '<')
	if i <= 0 {
		return nil, nil
	}
	dropped := append([]byte(nil), head[:i]...)
	if _, err := br.Discard(i); err != nil {
		return nil, err
	}
	return bytes.TrimPrefix(dropped, []byte{0xEF, 0xBB, 0xBF}), nil
}

// line is the current 1-based line in the original file.
func (p *disqusParser) line() int {
	l, _ := p.d.InputPos()
	return l + p.shift
}

func (p *disqusParser) fail(line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line + p.shift
		err = errors.New("XML syntax error: " + se.Msg)
	}
	el := ""
	if n := len(p.stack); n > 0 {
		el = p.stack[n-1]
	}
	return &DisqusError{Line: line, Element: el, Err: err}
}

func (p *disqusParser) next() (xml.Token, error) {
	tok, err := p.d.Token()
	if err != nil {
		if err == io.EOF {
			if len(p.stack) > 0 {
				return nil, p.fail(p.line(), errors.New("unexpected end of file: element not closed"))
			}
			return nil, io.EOF
		}
		return nil, p.fail(p.line(), err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		p.stack = append(p.stack, t.Name.Local)
	case xml.EndElement:
		if n := len(p.stack); n > 0 {
			p.stack = p.stack[:n-1]
		}
	}
	return tok, nil
}

// text reads the character data of the element just opened up to its end
// tag; the text of nested elements is ignored (see xmlText).
func (p *disqusParser) text() (string, error) { return xmlText(p.next) }

// skip consumes the element just opened, up to and including its end tag
// (see xmlSkip).
func (p *disqusParser) skip() error { return xmlSkip(p.next) }

// disqusOwn reports whether an element name is Disqus's (its namespace or
// none, as hand-made files have).
func disqusOwn(n xml.Name) bool { return n.Space == disqusNS || n.Space == "" }

// dsqID returns the dsq:id attribute of a start element.
func dsqID(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Local == "id" && (a.Name.Space == disqusInternalNS || a.Name.Space == "dsq") {
			return commentValue(a.Value)
		}
	}
	return ""
}

func (p *disqusParser) document() error {
	root := false
	for {
		tok, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if text := bytes.TrimSpace(t); len(p.stack) == 0 && len(text) > 0 {
				// The line where the text starts, not where the token ends.
				lead := t[:len(t)-len(bytes.TrimLeftFunc(t, unicode.IsSpace))]
				line := p.line() - bytes.Count(t, []byte("\n")) + bytes.Count(lead, []byte("\n"))
				if text[0] == '{' || text[0] == '[' {
					return p.fail(line, errors.New("this is a JSON file, not a Disqus XML export (a Commento export is imported with `masthead import commento`)"))
				}
				return p.fail(line, errors.New("text outside the root element: not an XML document, so not a Disqus export"))
			}
		case xml.StartElement:
			if len(p.stack) == 1 {
				if !disqusOwn(t.Name) || t.Name.Local != "disqus" {
					return p.fail(p.line(), errors.New("not a Disqus export: the root element must be <disqus>"))
				}
				root = true
				continue
			}
			if len(p.stack) == 2 && disqusOwn(t.Name) {
				switch t.Name.Local {
				case "thread":
					if err := p.thread(t); err != nil {
						return err
					}
					continue
				case "post":
					if err := p.post(t); err != nil {
						return err
					}
					continue
				case "category":
					if err := p.category(); err != nil {
						return err
					}
					continue
				}
			}
			if err := p.skip(); err != nil {
				return err
			}
		}
	}
	if !root {
		return &DisqusError{Line: p.line(), Err: errors.New("no <disqus> element: not a Disqus export")}
	}
	return nil
}

// fields reads the child elements of the element just opened as local name
// → trimmed text (first occurrence wins), the dsq:id of children named in
// refs as name → id, and the <author> block as "author/"+child.
func (p *disqusParser) fields(refs ...string) (map[string]string, error) {
	m := map[string]string{}
	set := func(k, v string) {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return m, nil
		case xml.StartElement:
			local := t.Name.Local
			isRef := false
			for _, r := range refs {
				if r == local {
					isRef = true
				}
			}
			switch {
			case isRef:
				set(local, dsqID(t))
				if err := p.skip(); err != nil {
					return nil, err
				}
			case local == "author":
				sub, err := p.fields()
				if err != nil {
					return nil, err
				}
				for k, v := range sub {
					set("author/"+k, v)
				}
			case local == "message":
				s, err := p.text()
				if err != nil {
					return nil, err
				}
				set(local, s) // kept whole: HTML, trimmed by the caller
			default:
				s, err := p.text()
				if err != nil {
					return nil, err
				}
				set(local, strings.TrimSpace(s))
			}
		}
	}
}

func (p *disqusParser) category() error {
	f, err := p.fields()
	if err != nil {
		return err
	}
	if p.forum == "" {
		p.forum = commentValue(f["forum"])
	}
	return nil
}

func (p *disqusParser) thread(t xml.StartElement) error {
	line := p.line()
	key := dsqID(t)
	f, err := p.fields("category")
	if err != nil {
		return err
	}
	if p.forum == "" {
		p.forum = commentValue(f["forum"])
	}
	if key == "" {
		key = commentValue(f["id"])
	}
	if key == "" {
		p.b.Skipped = append(p.b.Skipped, Skip{ID: fmt.Sprintf("thread at line %d", line), Reason: "thread without id"})
		return nil
	}
	p.b.Threads = append(p.b.Threads, CommentThread{
		Key:        key,
		URL:        commentValue(f["link"]),
		Identifier: commentValue(f["id"]),
		Title:      strings.TrimSpace(f["title"]),
		Closed:     f["isClosed"] == "true",
		Line:       line,
	})
	return nil
}

func (p *disqusParser) post(t xml.StartElement) error {
	line := p.line()
	f, err := p.fields("thread", "parent")
	if err != nil {
		return err
	}
	id := dsqID(t)
	if id == "" {
		id = commentValue(f["id"])
	}
	msg := strings.TrimSpace(f["message"])
	if id == "" {
		id = commentSyntheticID(f["thread"], f["createdAt"], f["author/name"], f["author/email"], msg)
	}
	created, err := time.Parse(time.RFC3339, f["createdAt"])
	if err != nil || created.Year() < 1990 || created.Year() > 2200 {
		p.b.Skipped = append(p.b.Skipped, Skip{ID: fmt.Sprintf("post %s (line %d): <createdAt> %q", id, line, f["createdAt"]), Reason: "unreadable date"})
		return nil
	}
	c := CommentRecord{
		SourceID:  id,
		ThreadKey: f["thread"],
		ParentID:  f["parent"],
		Name:      commentValue(f["author/name"]),
		Email:     strings.ToLower(commentValue(f["author/email"])),
		Username:  commentValue(f["author/username"]),
		IP:        commentValue(f["ipAddress"]),
		Body:      msg,
		Format:    CommentHTML,
		Created:   created.UTC(),
		Status:    CommentApproved,
		Line:      line,
	}
	switch {
	case f["isSpam"] == "true":
		c.Status = CommentSpam
	case f["isDeleted"] == "true":
		c.Status, c.Body = CommentDeleted, ""
	case f["isApproved"] == "false":
		c.Status = CommentPending
	}
	if msg == "" && c.Status == CommentApproved {
		c.Status = CommentDeleted // nothing to show; kept so replies stay in place
	}
	p.b.Comments = append(p.b.Comments, c)
	return nil
}
