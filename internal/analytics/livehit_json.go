package analytics

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"masthead/internal/model"
)

// AppendJSON appends h as the TopicHits message encoding/json would write
// for it (the same keys, omitempty rules and values; strings escaped per
// RFC 8259, HTML characters left as they are), without reflection: the
// collector writes one per accepted hit. A string that is not valid UTF-8
// falls back to encoding/json.
func (h *LiveHit) AppendJSON(b []byte) []byte {
	if !h.validUTF8() {
		m, _ := json.Marshal(h)
		return append(b, m...)
	}
	b = append(b, `{"t":`...)
	b = strconv.AppendInt(b, h.Time, 10)
	b = appendKeyString(b, `,"k":`, string(h.Kind))
	b = appendKeyString(b, `,"p":`, h.PageviewID)
	b = appendKeyString(b, `,"v":`, h.VisitorID)
	if h.IPHash != "" {
		b = appendKeyString(b, `,"i":`, h.IPHash)
	}
	if h.ArticleID != 0 {
		b = strconv.AppendInt(append(b, `,"a":`...), h.ArticleID, 10)
	}
	if h.SectionID != 0 {
		b = strconv.AppendInt(append(b, `,"c":`...), h.SectionID, 10)
	}
	b = appendKeyString(b, `,"u":`, h.Path)
	if h.SourceClass != "" {
		b = appendKeyString(b, `,"sc":`, string(h.SourceClass))
	}
	if h.SourceName != "" {
		b = appendKeyString(b, `,"sn":`, h.SourceName)
	}
	if h.Referred {
		b = append(b, `,"rf":true`...)
	}
	if h.Engaged != 0 {
		b = strconv.AppendInt(append(b, `,"e":`...), int64(h.Engaged), 10)
	}
	if h.Scroll != 0 {
		b = strconv.AppendInt(append(b, `,"d":`...), int64(h.Scroll), 10)
	}
	if h.Slot != "" {
		b = appendKeyString(b, `,"s":`, h.Slot)
	}
	if len(h.Slots) > 0 {
		b = append(b, `,"l":[`...)
		for i, s := range h.Slots {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		b = append(b, ']')
	}
	if h.Leave {
		b = append(b, `,"x":true`...)
	}
	return append(b, '}')
}

func (h *LiveHit) validUTF8() bool {
	for _, s := range h.Slots {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return utf8.ValidString(string(h.Kind)) && utf8.ValidString(h.PageviewID) && utf8.ValidString(h.VisitorID) &&
		utf8.ValidString(h.IPHash) && utf8.ValidString(h.Path) && utf8.ValidString(string(h.SourceClass)) &&
		utf8.ValidString(h.SourceName) && utf8.ValidString(h.Slot)
}

func appendKeyString(b []byte, key, s string) []byte { return appendJSONString(append(b, key...), s) }

// appendJSONString appends s (valid UTF-8) as a JSON string: quote,
// backslash and control characters escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	return append(append(b, s[start:]...), '"')
}

// decodeLiveHit reads a TopicHits message in the shape AppendJSON writes
// (any key order, white space, escapes); it reports false for anything
// else (an unknown key from a newer instance, a float, a bad literal), and
// the caller then uses encoding/json.
func decodeLiveHit(msg []byte, h *LiveHit) bool {
	if !utf8.Valid(msg) {
		return false
	}
	d := wireDecoder{b: msg}
	d.space()
	if !d.eat('{') {
		return false
	}
	d.space()
	if d.eat('}') {
		return d.end() == nil
	}
	for {
		d.space()
		key, err := d.str()
		if err != nil {
			return false
		}
		d.space()
		if !d.eat(':') {
			return false
		}
		d.space()
		if !d.liveField(key, h) {
			return false
		}
		d.space()
		if d.eat('}') {
			return d.end() == nil
		}
		if !d.eat(',') {
			return false
		}
	}
}

// liveField decodes one value of a LiveHit message.
func (d *wireDecoder) liveField(key string, h *LiveHit) bool {
	if d.null() {
		if key == "l" {
			h.Slots = nil
		}
		return true
	}
	var s *string
	var n *int64
	var m *int
	switch key {
	case "t":
		n = &h.Time
	case "k":
		v, err := d.str()
		h.Kind = model.EventKind(v)
		return err == nil
	case "p":
		s = &h.PageviewID
	case "v":
		s = &h.VisitorID
	case "i":
		s = &h.IPHash
	case "a":
		n = &h.ArticleID
	case "c":
		n = &h.SectionID
	case "u":
		s = &h.Path
	case "sc":
		v, err := d.str()
		h.SourceClass = model.SourceClass(v)
		return err == nil
	case "sn":
		s = &h.SourceName
	case "e":
		m = &h.Engaged
	case "d":
		m = &h.Scroll
	case "s":
		s = &h.Slot
	case "x":
		return d.boolean(&h.Leave)
	case "rf":
		return d.boolean(&h.Referred)
	case "l":
		var w wireBeacon
		if d.slots(&w) != nil {
			return false
		}
		h.Slots = w.L
		return true
	default:
		return false
	}
	return d.scalar(s, n, m) == nil
}

// boolean decodes a JSON true or false into *v.
func (d *wireDecoder) boolean(v *bool) bool {
	switch {
	case len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true":
		d.i, *v = d.i+4, true
	case len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false":
		d.i, *v = d.i+5, false
	default:
		return false
	}
	return true
}
