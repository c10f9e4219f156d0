package importer

// PHP's serialize() format, as WordPress stores array-valued post and
// comment meta ("a:1:{s:3:\"key\";s:5:\"value\";}"), read as plain data.
// The grammar followed is PHP's own (ext/standard/var_unserializer.re):
// N; b:0; i:-12; d:1.5; s:LEN:"BYTES"; a:COUNT:{KEY;VALUE…} with string
// lengths in bytes. Objects (O:, C:, E:) and references (r:, R:) are
// refused, never instantiated: unserialising objects from untrusted input
// is how PHP object-injection attacks work, and nothing here needs them.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// PHPPair is one entry of a PHP array, in the array's order; Key is an
// int64 or a string.
type PHPPair struct {
	Key   any
	Value any
}

// phpMaxDepth bounds nesting so hostile input cannot exhaust the stack.
const phpMaxDepth = 64

// phpUnserialize parses s, a value written by PHP's serialize(), into nil,
// bool, int64, float64, string or []PHPPair (arrays, nested). Trailing data
// after the value, an object or reference, nesting deeper than 64 levels or
// any malformed part give an error naming the byte offset; s is never
// partly accepted.
func phpUnserialize(s string) (any, error) {
	p := &phpParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.i != len(s) {
		return nil, p.errorf("data after the serialised value")
	}
	return v, nil
}

// phpLooksSerialized reports whether s has the shape of a serialised PHP
// value (WordPress's is_serialized() test, simplified): a type letter and a
// separator at the start and ";" or "}" at the end.
func phpLooksSerialized(s string) bool {
	s = strings.TrimSpace(s)
	if s == "N;" {
		return true
	}
	if len(s) < 4 || s[1] != ':' {
		return false
	}
	switch s[0] {
	case 's', 'a', 'O', 'C', 'E', 'b', 'i', 'd', 'r', 'R':
	default:
		return false
	}
	last := s[len(s)-1]
	return last == ';' || last == '}'
}

type phpParser struct {
	s string
	i int
}

func (p *phpParser) errorf(format string, args ...any) error {
	return fmt.Errorf("serialised PHP at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *phpParser) expect(c byte) error {
	if p.i >= len(p.s) || p.s[p.i] != c {
		return p.errorf("want %q", c)
	}
	p.i++
	return nil
}

// until returns the text up to the next c and moves past c.
func (p *phpParser) until(c byte) (string, error) {
	j := strings.IndexByte(p.s[p.i:], c)
	if j < 0 {
		return "", p.errorf("want %q", c)
	}
	t := p.s[p.i : p.i+j]
	p.i += j + 1
	return t, nil
}

func (p *phpParser) value(depth int) (any, error) {
	if depth > phpMaxDepth {
		return nil, p.errorf("nested deeper than %d levels", phpMaxDepth)
	}
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end")
	}
	typ := p.s[p.i]
	p.i++
	if typ == 'N' {
		return nil, p.expect(';')
	}
	if err := p.expect(':'); err != nil {
		return nil, err
	}
	switch typ {
	case 'b':
		t, err := p.until(';')
		if err != nil {
			return nil, err
		}
		switch t {
		case "0":
			return false, nil
		case "1":
			return true, nil
		}
		return nil, p.errorf("bad boolean %q", t)
	case 'i':
		t, err := p.until(';')
		if err != nil {
			return nil, err
		}
		n, perr := strconv.ParseInt(t, 10, 64)
		if perr != nil {
			return nil, p.errorf("bad integer %q", t)
		}
		return n, nil
	case 'd':
		t, err := p.until(';')
		if err != nil {
			return nil, err
		}
		switch t {
		case "INF", "-INF", "NAN":
			return t, nil // kept as text: not a number JSON or SQL can hold
		}
		f, perr := strconv.ParseFloat(t, 64)
		if perr != nil {
			return nil, p.errorf("bad float %q", t)
		}
		return f, nil
	case 's':
		n, err := p.length()
		if err != nil {
			return nil, err
		}
		if err := p.expect('"'); err != nil {
			return nil, err
		}
		if n > len(p.s)-p.i {
			return nil, p.errorf("string length %d runs past the end", n)
		}
		str := p.s[p.i : p.i+n]
		p.i += n
		if err := p.expect('"'); err != nil {
			return nil, err
		}
		return str, p.expect(';')
	case 'a':
		n, err := p.length()
		if err != nil {
			return nil, err
		}
		if n > (len(p.s)-p.i)/4 { // each entry takes at least 4 bytes ("i:0;")
			return nil, p.errorf("array count %d is larger than the data", n)
		}
		if err := p.expect('{'); err != nil {
			return nil, err
		}
		arr := make([]PHPPair, 0, n)
		for k := 0; k < n; k++ {
			key, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			switch key.(type) {
			case int64, string:
			default:
				return nil, p.errorf("array key must be an integer or a string")
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, PHPPair{Key: key, Value: v})
		}
		return arr, p.expect('}')
	case 'O', 'C', 'E':
		return nil, errors.New("serialised PHP object refused: objects are never unserialised")
	case 'r', 'R':
		return nil, errors.New("serialised PHP reference refused")
	}
	return nil, p.errorf("unknown type %q", typ)
}

// length reads "N:" where N is a non-negative decimal count.
func (p *phpParser) length() (int, error) {
	t, err := p.until(':')
	if err != nil {
		return 0, err
	}
	n, perr := strconv.Atoi(t)
	if perr != nil || n < 0 || len(t) > 10 {
		return 0, p.errorf("bad length %q", t)
	}
	return n, nil
}
