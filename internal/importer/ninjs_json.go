package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ninjsTrack wraps the reader a json.Decoder streams from and keeps the
// bytes of the value being decoded (from the last drop point on), so that
// errors can be reported as line:column. json.Decoder's own SyntaxError
// offsets are not positions in the input, so the position is recomputed by
// re-checking the kept bytes with json.Unmarshal, whose offsets are exact.
// Memory use is one top-level value plus the decoder's read-ahead.
type ninjsTrack struct {
	r      io.Reader
	buf    []byte // input bytes from base on
	base   int64  // input offset of buf[0]
	lines  int    // newlines before base
	lineAt int64  // input offset just after the last newline before base
}

func (t *ninjsTrack) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// drop forgets the input before offset upto.
func (t *ninjsTrack) drop(upto int64) {
	k := int(upto - t.base)
	if k <= 0 {
		return
	}
	if k > len(t.buf) {
		k = len(t.buf)
	}
	gone := t.buf[:k]
	if n := bytes.Count(gone, []byte{'\n'}); n > 0 {
		t.lines += n
		t.lineAt = t.base + int64(bytes.LastIndexByte(gone, '\n')) + 1
	}
	t.buf = append(t.buf[:0], t.buf[k:]...)
	t.base += int64(k)
}

// pos returns the 1-based line and column (in characters) of input offset
// off, which must not lie before the last drop point.
func (t *ninjsTrack) pos(off int64) (line, col int) {
	k := int(off - t.base)
	if k < 0 {
		k = 0
	}
	if k > len(t.buf) {
		k = len(t.buf)
	}
	before := t.buf[:k]
	line = t.lines + bytes.Count(before, []byte{'\n'}) + 1
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		return line, utf8.RuneCount(before[i+1:]) + 1
	}
	return line, int(t.base-t.lineAt) + utf8.RuneCount(before) + 1
}

// explain turns a decoding error of the value starting at or after input
// offset start into an error with line:column. typeBase is the input offset
// of the bytes an UnmarshalTypeError's offset is relative to.
func (t *ninjsTrack) explain(err error, start, typeBase int64) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := t.pos(t.valueStart(typeBase + te.Offset))
		what := te.Field
		if what == "" {
			what = "value"
		}
		return fmt.Errorf("line %d, column %d: %s: JSON %s where %s was expected", line, col, what, te.Value, jsonKind(te.Type.Kind().String()))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		k := int(start - t.base)
		if k < 0 {
			k = 0
		}
		for k < len(t.buf) && bytes.IndexByte([]byte(" \t\r\n,:"), t.buf[k]) >= 0 {
			k++ // the decoder had not consumed the separator before the value
		}
		start = t.base + int64(k)
		var raw json.RawMessage
		if uerr := json.Unmarshal(t.buf[k:], &raw); uerr != nil {
			var exact *json.SyntaxError
			if errors.As(uerr, &exact) {
				line, col := t.pos(start + exact.Offset)
				if exact.Offset > 0 {
					line, col = t.pos(start + exact.Offset - 1)
				}
				return fmt.Errorf("line %d, column %d: %s", line, col, exact.Error())
			}
		}
		line, col := t.pos(t.base + int64(len(t.buf)))
		if se != nil {
			return fmt.Errorf("line %d, column %d: %s", line, col, se.Error())
		}
		return fmt.Errorf("line %d, column %d: unexpected end of input", line, col)
	}
	return err
}

// valueStart maps the offset an UnmarshalTypeError reports — just after a
// string or literal, or just inside an object or array — to the offset of
// the value's first character.
func (t *ninjsTrack) valueStart(off int64) int64 {
	k := int(off - t.base)
	if k <= 0 || k > len(t.buf) {
		return off
	}
	switch c := t.buf[k-1]; {
	case c == '{' || c == '[':
		return off - 1
	case c == '"':
		for j := k - 2; j >= 0; j-- {
			if t.buf[j] == '"' {
				n := 0
				for i := j - 1; i >= 0 && t.buf[i] == '\\'; i-- {
					n++
				}
				if n%2 == 0 {
					return t.base + int64(j)
				}
			}
		}
	default:
		j := k
		for j > 0 && bytes.IndexByte([]byte("0123456789+-.eEtrufalsn"), t.buf[j-1]) >= 0 {
			j--
		}
		return t.base + int64(j)
	}
	return off
}

func jsonKind(k string) string {
	switch k {
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "interface":
		return "a value"
	}
	return "a number"
}

// ninjsLineCol returns the 1-based line and column (in characters) of byte
// offset off in data; offsets past the end give the end position.
func ninjsLineCol(data []byte, off int64) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	return line, utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
}

// ninjsPeek returns the first byte of br that is not JSON whitespace,
// without consuming it, or 0 at end of input (or after 64 KiB of blanks).
func ninjsPeek(br *bufio.Reader) byte {
	for n := 1; n <= 64<<10; n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return 0
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return 0
}
