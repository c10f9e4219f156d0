package importer

import (
	"bufio"
	"io"
)

// wxrCDATAFixer is a streaming io.Reader that repairs the one malformation
// real WXR files carry: a "]]>" inside CDATA content that the exporter did not
// split (WordPress ≥ 2.1 writes "]]]]><![CDATA[>", older exporters and plugins
// wrote the content as is, e.g. "<![CDATA[nested <![CDATA[ x ]]> :)]]>").
//
// Inside a CDATA section, a "]]>" ends the section only when what follows it
// (after optional white space) is "<" or the end of input — the shape every
// exporter writes ("]]></content:encoded>"). Any other "]]>" is content and is
// rewritten as "]]]]><![CDATA[>". Outside CDATA and comments, a stray "]]>"
// becomes "]]&gt;". This is the reading WordPress's own importer gives such
// files. Column numbers later on a repaired line shift by the bytes added.
type wxrCDATAFixer struct {
	r   *bufio.Reader
	out []byte // pending output
	// state: 0 text/markup, 1 inside CDATA, 2 inside a comment
	state int
	err   error
}

func newWXRCDATAFixer(r io.Reader) *wxrCDATAFixer {
	return &wxrCDATAFixer{r: bufio.NewReaderSize(r, 64<<10)}
}

const wxrLookahead = 4096

var (
	wxrCDATAOpen  = []byte("<![CDATA[")
	wxrCDATASplit = []byte("]]]]><![CDATA[>")
	wxrCommentOn  = []byte("<!--")
)

func (f *wxrCDATAFixer) Read(b []byte) (int, error) {
	for len(f.out) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		f.fill()
	}
	n := copy(b, f.out)
	f.out = f.out[n:]
	return n, nil
}

// fill moves a run of input to f.out, handling the markers at its end.
func (f *wxrCDATAFixer) fill() {
	f.out = f.out[:0]
	for len(f.out) < 32<<10 {
		c, err := f.r.ReadByte()
		if err != nil {
			f.err = err
			return
		}
		switch {
		case c == '<' && f.state == 0:
			if f.peekIs(wxrCDATAOpen[1:]) {
				f.discard(len(wxrCDATAOpen) - 1)
				f.out = append(f.out, wxrCDATAOpen...)
				f.state = 1
				continue
			}
			if f.peekIs(wxrCommentOn[1:]) {
				f.discard(len(wxrCommentOn) - 1)
				f.out = append(f.out, wxrCommentOn...)
				f.state = 2
				continue
			}
		case c == ']' && f.state != 2 && f.peekIs([]byte("]>")):
			f.discard(2)
			switch {
			case f.state == 0:
				f.out = append(f.out, "]]&gt;"...)
			case f.endsCDATA():
				f.out = append(f.out, "]]>"...)
				f.state = 0
			default:
				f.out = append(f.out, wxrCDATASplit...)
			}
			continue
		case c == '-' && f.state == 2 && f.peekIs([]byte("->")):
			f.discard(2)
			f.out = append(f.out, "-->"...)
			f.state = 0
			continue
		}
		f.out = append(f.out, c)
	}
}

func (f *wxrCDATAFixer) peekIs(want []byte) bool {
	got, _ := f.r.Peek(len(want))
	return string(got) == string(want)
}

func (f *wxrCDATAFixer) discard(n int) { f.r.Discard(n) }

// endsCDATA reports whether the "]]>" just read closes the CDATA section:
// only white space up to the next "<", or the end of input.
func (f *wxrCDATAFixer) endsCDATA() bool {
	got, _ := f.r.Peek(wxrLookahead)
	for _, c := range got {
		switch c {
		case ' ', '\t', '\r', '\n':
		case '<':
			return true
		default:
			return false
		}
	}
	return true // end of input, or only white space as far as we look
}
