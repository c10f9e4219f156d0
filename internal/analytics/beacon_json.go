package analytics

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeWire reads a beacon body, one JSON object (RFC 8259) with the keys
// of wireBeacon, into w without reflection: the collector decodes one per
// hit, and encoding/json's decoder cost more than the rest of the beacon's
// validation together (docs/BENCHMARKS.md). The rules are those of
// encoding/json with DisallowUnknownFields, made stricter in three places:
// keys must be spelled exactly (no case folding), nothing but white space may
// follow the object, and an escaped lone UTF-16 surrogate is refused with
// ErrEncoding instead of becoming U+FFFD. A key given twice keeps its last
// value; null leaves a field as it was, except "l", which it empties.
//
// body must be valid UTF-8 (ParseBeacon checks first). The errors are
// errNotObject, or ErrEncoding for a lone surrogate.
func decodeWire(body []byte, w *wireBeacon) error {
	d := wireDecoder{b: body}
	d.space()
	if !d.eat('{') {
		return errNotObject
	}
	d.space()
	if d.eat('}') {
		return d.end()
	}
	for {
		d.space()
		key, err := d.str()
		if err != nil {
			return err
		}
		d.space()
		if !d.eat(':') {
			return errNotObject
		}
		d.space()
		if err := d.field(key, w); err != nil {
			return err
		}
		d.space()
		if d.eat('}') {
			return d.end()
		}
		if !d.eat(',') {
			return errNotObject
		}
	}
}

// errNotObject is decodeWire's answer for anything but a beacon object.
var errNotObject = errors.New("not a JSON beacon object")

// wireDecoder is a cursor over a beacon body.
type wireDecoder struct {
	b []byte
	i int
}

func (d *wireDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// eat consumes c if it is next.
func (d *wireDecoder) eat(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// end succeeds when only white space is left.
func (d *wireDecoder) end() error {
	d.space()
	if d.i != len(d.b) {
		return errNotObject
	}
	return nil
}

// null consumes a null literal if it is next.
func (d *wireDecoder) null() bool {
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// field decodes the value of key into w.
func (d *wireDecoder) field(key string, w *wireBeacon) error {
	var s *string
	var n *int64
	var m *int
	switch key {
	case "k":
		s = &w.K
	case "p":
		s = &w.P
	case "u":
		s = &w.U
	case "r":
		s = &w.R
	case "s":
		s = &w.S
	case "t":
		s = &w.T
	case "a":
		n = &w.A
	case "c":
		n = &w.C
	case "w":
		m = &w.W
	case "e":
		m = &w.E
	case "d":
		m = &w.D
	case "x":
		m = &w.X
	case "l":
		return d.slots(w)
	default:
		return errNotObject
	}
	if d.null() {
		return nil
	}
	return d.scalar(s, n, m)
}

// scalar decodes a JSON string into *s when s is set, otherwise an integer
// into *n or, when n is nil, *m; the shared tail of field and liveField.
func (d *wireDecoder) scalar(s *string, n *int64, m *int) error {
	if s != nil {
		v, err := d.str()
		*s = v
		return err
	}
	v, err := d.int()
	if err != nil {
		return err
	}
	if n != nil {
		*n = v
	} else {
		*m = int(v)
	}
	return nil
}

// slots decodes the "l" array of strings (null: none).
func (d *wireDecoder) slots(w *wireBeacon) error {
	if d.null() {
		w.L = nil
		return nil
	}
	if !d.eat('[') {
		return errNotObject
	}
	w.L = w.L[:0:0]
	d.space()
	if d.eat(']') {
		w.L = []string{}
		return nil
	}
	for {
		d.space()
		var v string
		if !d.null() {
			var err error
			if v, err = d.str(); err != nil {
				return err
			}
		}
		w.L = append(w.L, v)
		d.space()
		if d.eat(']') {
			return nil
		}
		if !d.eat(',') {
			return errNotObject
		}
	}
}

// int decodes a JSON number that is an integer in int64 range (a fraction
// or exponent is refused, as encoding/json refuses them for integer fields).
func (d *wireDecoder) int() (int64, error) {
	start := d.i
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.i < len(d.b) && '1' <= d.b[d.i] && d.b[d.i] <= '9':
		for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
			d.i++
		}
	default:
		return 0, errNotObject
	}
	if d.i < len(d.b) && (d.b[d.i] == '.' || d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		return 0, errNotObject
	}
	v, err := strconv.ParseInt(string(d.b[start:d.i]), 10, 64)
	if err != nil {
		return 0, errNotObject
	}
	return v, nil
}

// str decodes a JSON string. Without escapes the result shares nothing
// with the body (one allocation).
func (d *wireDecoder) str() (string, error) {
	if !d.eat('"') {
		return "", errNotObject
	}
	start := d.i
	for d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			s := string(d.b[start:d.i])
			d.i++
			return s, nil
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", errNotObject
		default:
			d.i++
		}
	}
	return "", errNotObject
}

// escaped finishes a string that started at start and has an escape at d.i.
func (d *wireDecoder) escaped(start int) (string, error) {
	out := make([]byte, 0, d.i-start+16)
	out = append(out, d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(out), nil
		case c < 0x20:
			return "", errNotObject
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		d.i++ // the backslash
		if d.i >= len(d.b) {
			return "", errNotObject
		}
		e := d.b[d.i]
		d.i++
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", errNotObject
			}
			if utf16.IsSurrogate(r) {
				lo, ok := rune(-1), false
				if len(d.b)-d.i >= 6 && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
					d.i += 2
					if lo, ok = d.hex4(); !ok {
						return "", errNotObject
					}
				}
				if r = utf16.DecodeRune(r, lo); r == utf8.RuneError {
					return "", ErrEncoding
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", errNotObject
		}
	}
	return "", errNotObject
}

// hex4 reads the four hex digits of a \u escape.
func (d *wireDecoder) hex4() (rune, bool) {
	if len(d.b)-d.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}
