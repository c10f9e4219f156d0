package importer

// Commento JSON export (Commento and Commento++ "Export data", format
// version 1): {"version":1,"comments":[…],"commenters":[…]}. Comments refer
// to their page by domain + url path, to their parent by parentHex ("root"
// for top level) and to their author by commenterHex ("anonymous" for
// guests).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"
)

// CommentoError is the error ParseCommento returns for a file it cannot
// import: the 1-based line where the fault was found and the element at
// fault ("comments[3]", "commenters[0]", "version"), empty when the file
// is not a JSON object at all.
type CommentoError struct {
	Line    int
	Element string
	Err     error
}

// Error renders "line L: element E: cause".
func (e *CommentoError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "element %s: ", e.Element)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *CommentoError) Unwrap() error { return e.Err }

// plainJSONType rewrites a JSON type mismatch in the words of the export's
// fields ("commentHex" must be text in quotes, not a number) instead of Go's
// ("cannot unmarshal number into Go struct field …"); other errors pass.
func plainJSONType(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	want := "of another kind"
	switch te.Type.Kind() {
	case reflect.String:
		want = "text in quotes"
	case reflect.Bool:
		want = "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		want = "a number"
	case reflect.Struct, reflect.Map:
		want = "an object in braces"
	case reflect.Slice, reflect.Array:
		want = "a list in brackets"
	}
	found := map[string]string{"string": "text", "number": "a number", "bool": "true or false", "array": "a list", "object": "an object"}[te.Value]
	if found == "" {
		found = te.Value
	}
	if strings.HasPrefix(te.Value, "number ") { // "number -1" for an out-of-range number
		found = "the number " + strings.TrimPrefix(te.Value, "number ")
	}
	if te.Field == "" {
		return fmt.Errorf("must be %s, not %s", want, found)
	}
	field := te.Field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	return fmt.Errorf("%q must be %s, not %s", field, want, found)
}

type commentoComment struct {
	CommentHex   string `json:"commentHex"`
	Domain       string `json:"domain"`
	URL          string `json:"url"`
	CommenterHex string `json:"commenterHex"`
	Markdown     string `json:"markdown"`
	HTML         string `json:"html"`
	ParentHex    string `json:"parentHex"`
	State        string `json:"state"`
	CreationDate string `json:"creationDate"`
	Deleted      bool   `json:"deleted"`
}

type commentoCommenter struct {
	CommenterHex string `json:"commenterHex"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Link         string `json:"link"`
	IsModerator  bool   `json:"isModerator"`
}

// ParseCommento reads a Commento JSON export from r (named name in notes)
// and returns a CommentBatch with Source "commento:" + the domain of the
// first comment (the file's base name when there is none). One thread per
// domain + url path; its Key is that pair, its URL the path.
//
// Mapping (Commento field → Masthead): commentHex is the source id (a hash
// of page, date, author and text when empty); markdown is the body
// (Markdown; html is used only when markdown is empty); state approved →
// approved, unapproved and flagged → pending; deleted true → deleted (text
// dropped, kept for its replies); parentHex "root" or empty → top level;
// commenterHex "anonymous" → a guest without name; other commenters give
// name, e-mail and website (link). Scores are not imported (Commento keeps
// no per-voter record). A comment whose creationDate cannot be read is
// skipped ("unreadable date").
//
// Input that is not a Commento export, or a value of the wrong JSON type,
// gives a *CommentoError naming the line and element.
func ParseCommento(r io.Reader, name string) (*CommentBatch, error) {
	lr := &lineReader{r: r}
	d := json.NewDecoder(lr)
	fail := func(el string, err error) error {
		var se *json.SyntaxError
		off := d.InputOffset()
		if errors.As(err, &se) {
			off = se.Offset
			err = errors.New("JSON syntax error: " + se.Error())
		}
		err = plainJSONType(err)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			err = errors.New("unexpected end of file")
		}
		return &CommentoError{Line: lr.line(off), Element: el, Err: err}
	}
	tok, err := d.Token()
	if err == io.EOF {
		return nil, &CommentoError{Err: errors.New("empty input: not a Commento export")}
	}
	if err != nil {
		return nil, fail("", err)
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, fail("", errors.New("not a Commento export: the file must hold a JSON object"))
	}
	var comments []commentoComment
	var lines []int
	commenters := map[string]commentoCommenter{}
	version, sawComments := 0, false
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, fail("", err)
		}
		key, _ := tok.(string)
		switch key {
		case "version":
			if err := d.Decode(&version); err != nil {
				return nil, fail("version", err)
			}
		case "comments", "commenters":
			sawComments = sawComments || key == "comments"
			if tok, err := d.Token(); err != nil {
				return nil, fail(key, err)
			} else if tok == nil {
				continue // null: none
			} else if delim, ok := tok.(json.Delim); !ok || delim != '[' {
				return nil, fail(key, errors.New("must be an array"))
			}
			for i := 0; d.More(); i++ {
				el := fmt.Sprintf("%s[%d]", key, i)
				var raw json.RawMessage
				if err := d.Decode(&raw); err != nil {
					return nil, fail(el, err)
				}
				line := lr.line(d.InputOffset() - int64(len(raw)))
				elFail := func(err error) error {
					l := line
					var te *json.UnmarshalTypeError
					if errors.As(err, &te) && te.Offset > 0 && te.Offset <= int64(len(raw)) {
						l += bytes.Count(raw[:te.Offset], []byte("\n"))
					}
					return &CommentoError{Line: l, Element: el, Err: plainJSONType(err)}
				}
				if key == "comments" {
					var c commentoComment
					if err := json.Unmarshal(raw, &c); err != nil {
						return nil, elFail(err)
					}
					comments = append(comments, c)
					lines = append(lines, line)
				} else {
					var c commentoCommenter
					if err := json.Unmarshal(raw, &c); err != nil {
						return nil, elFail(err)
					}
					if _, ok := commenters[c.CommenterHex]; !ok {
						commenters[c.CommenterHex] = c
					}
				}
			}
			if _, err := d.Token(); err != nil {
				return nil, fail(key, err)
			}
		default:
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return nil, fail(key, err)
			}
		}
	}
	if _, err := d.Token(); err != nil {
		return nil, fail("", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fail("", errors.New("data after the end of the export object"))
	}
	if !sawComments {
		return nil, &CommentoError{Line: 1, Err: errors.New(`no "comments" array: not a Commento export`)}
	}
	b := &CommentBatch{}
	if version > 1 {
		b.Notes = append(b.Notes, fmt.Sprintf("Commento export version %d is newer than 1; read as version 1", version))
	}
	commentoBatch(b, comments, lines, commenters)
	if b.Source == "" {
		b.Source = "commento:" + filepath.Base(name)
	}
	finishComments(b)
	return b, nil
}

func commentoBatch(b *CommentBatch, comments []commentoComment, lines []int, commenters map[string]commentoCommenter) {
	threads := map[string]bool{}
	for i, c := range comments {
		domain := strings.ToLower(commentValue(c.Domain))
		if b.Source == "" && domain != "" {
			b.Source = "commento:" + domain
		}
		path := commentValue(c.URL)
		key := domain + path
		if !threads[key] && path != "" {
			threads[key] = true
			b.Threads = append(b.Threads, CommentThread{Key: key, URL: path, Line: lines[i]})
		}
		id := commentValue(c.CommentHex)
		body, format := strings.TrimSpace(c.Markdown), CommentMarkdown
		if body == "" && strings.TrimSpace(c.HTML) != "" {
			body, format = strings.TrimSpace(c.HTML), CommentHTML
		}
		if id == "" {
			id = commentSyntheticID(key, c.CreationDate, c.CommenterHex, body)
		}
		created, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(c.CreationDate))
		if err != nil || created.Year() < 1990 || created.Year() > 2200 {
			b.Skipped = append(b.Skipped, Skip{ID: fmt.Sprintf("comment %s (line %d): \"creationDate\" %q", id, lines[i], c.CreationDate), Reason: "unreadable date"})
			continue
		}
		parent := commentValue(c.ParentHex)
		if parent == "root" {
			parent = ""
		}
		rec := CommentRecord{
			SourceID: id, ThreadKey: key, ParentID: parent,
			Body: body, Format: format, Created: created.UTC(), Status: CommentApproved, Line: lines[i],
		}
		if path == "" {
			rec.ThreadKey = "" // no page: reported as a missing thread
		}
		if hex := commentValue(c.CommenterHex); hex != "" && hex != "anonymous" {
			if who, ok := commenters[hex]; ok {
				rec.Name = commentValue(who.Name)
				rec.Email = strings.ToLower(commentValue(who.Email))
				rec.URL = commentValue(who.Link)
			}
			rec.Username = hex
		}
		switch {
		case c.Deleted:
			rec.Status, rec.Body = CommentDeleted, ""
		case c.State == "unapproved" || c.State == "flagged":
			rec.Status = CommentPending
		case body == "":
			rec.Status = CommentDeleted
		}
		b.Comments = append(b.Comments, rec)
	}
}

// lineReader passes reads through and remembers where each line starts, so
// a byte offset reported by encoding/json can be turned into a line number.
type lineReader struct {
	r      io.Reader
	read   int64
	starts []int64 // offsets of the bytes after each '\n'
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.starts = append(l.starts, l.read+int64(i)+1)
		}
	}
	l.read += int64(n)
	return n, err
}

// line is the 1-based line holding byte offset off.
func (l *lineReader) line(off int64) int {
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) + 1
}
