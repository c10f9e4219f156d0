package analytics

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"testing"
	"unicode/utf8"
)

// referenceWire decodes body the way encoding/json does with the rules
// decodeWire documents: DisallowUnknownFields, keys spelled exactly, a
// single object with nothing after it, no escaped lone surrogates. It is the
// oracle the hand-written decoder is compared with.
func referenceWire(body []byte) (wireBeacon, bool) {
	var w wireBeacon
	if !utf8.Valid(body) || !json.Valid(body) || loneSurrogate(body) {
		return w, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if dec.Decode(&w) != nil {
		return w, false
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) != nil {
		return w, false
	}
	for k := range keys {
		switch k {
		case "k", "p", "u", "r", "a", "c", "w", "e", "d", "s", "t", "l", "x":
		default:
			return w, false // matched only by case folding
		}
	}
	return w, true
}

var surrogateEscape = regexp.MustCompile(`\\[uU][dD][89a-fA-F][0-9a-fA-F]{2}`)

// loneSurrogate reports whether body escapes a UTF-16 surrogate that is not
// half of a pair (encoding/json turns those into U+FFFD).
func loneSurrogate(body []byte) bool {
	var s any
	if json.Unmarshal(body, &s) != nil || !surrogateEscape.Match(body) {
		return false
	}
	return bytes.Contains(mustMarshal(s), []byte("\ufffd")) && !bytes.Contains(body, []byte("\ufffd")) && !bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`))
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestDecodeWire(t *testing.T) {
	good := map[string]wireBeacon{
		`{}`:                                 {},
		" \t\r\n{ \"k\" : \"pageview\" } \n": {K: "pageview"},
		`{"a":5,"a":null}`:                   {A: 5},
		`{"l":["next-1"],"l":null}`:          {},
		`{"l":[]}`:                           {L: []string{}},
		`{"u":"https:\/\/a.b\/\u00e9\ud83d\ude00\"\\\b\f\n\r\t"}`: {U: "https://a.b/é😀\"\\\b\f\n\r\t"},
		`{"\u006b":"click","a":-0,"w":20000}`:                     {K: "click", W: 20000},
		`{"a":9223372036854775807}`:                               {A: 9223372036854775807},
	}
	for body, want := range good {
		var w wireBeacon
		if err := decodeWire([]byte(body), &w); err != nil || !reflect.DeepEqual(w, want) {
			t.Errorf("%s: %+v, %v; want %+v", body, w, err, want)
		}
	}
	for _, body := range []string{``, `{`, `{}}`, `{}{}`, `{} ]`, `[]`, `null`, `{"K":"pageview"}`, `{"k":1}`,
		`{"a":"1"}`, `{"a":1.0}`, `{"a":1e3}`, `{"a":01}`, `{"a":-}`, `{"a":9223372036854775808}`, `{"a":true}`,
		`{"k":"a` + "\x01" + `"}`, `{"k":"\x"}`, `{"k":"\u12"}`, `{"l":["a",]}`, `{"l":[1]}`, `{"k":"a",}`, `{,}`,
		`{"k" "a"}`, `{"l":{}}`, `{"q":1}`} {
		var w wireBeacon
		if err := decodeWire([]byte(body), &w); err == nil {
			t.Errorf("%s: accepted as %+v", body, w)
		}
	}
	for _, body := range []string{`{"k":"\ud800"}`, `{"k":"\udc00\ud800"}`, `{"k":"\ud800\u0041"}`} {
		var w wireBeacon
		if err := decodeWire([]byte(body), &w); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: %v; want ErrEncoding", body, err)
		}
	}
}

// FuzzDecodeWire compares the hand-written decoder with encoding/json.
func FuzzDecodeWire(f *testing.F) {
	for _, b := range benchBeacons {
		f.Add(b)
	}
	f.Add([]byte(`{"k":"click","p":"abcDEF12","u":"https://a.b/\u00e9","s":"more-3","t":"/articles/z","l":["next-1",null],"x":1}`))
	f.Add([]byte(`{"K":"x","a":1e2,"r":"\ud83d\ude00"} `))
	f.Fuzz(func(t *testing.T, body []byte) {
		if !utf8.Valid(body) {
			return // ParseBeacon refuses these before decoding
		}
		want, ok := referenceWire(body)
		var got wireBeacon
		err := decodeWire(body, &got)
		if ok != (err == nil) {
			t.Fatalf("%q: decodeWire err %v, encoding/json ok %v", body, err, ok)
		}
		if ok && (len(got.L) != 0 || len(want.L) != 0) && !reflect.DeepEqual(got.L, want.L) {
			t.Fatalf("%q: slots %q; want %q", body, got.L, want.L)
		}
		got.L, want.L = nil, nil
		if ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %+v; want %+v", body, got, want)
		}
	})
}

// BenchmarkDecodeWire compares the hand-written decoder with the
// encoding/json decoder ParseBeacon used before, on the load benchmark's two
// beacon shapes.
func BenchmarkDecodeWire(b *testing.B) {
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var w wireBeacon
			if err := decodeWire(benchBeacons[i&1], &w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var w wireBeacon
			dec := json.NewDecoder(bytes.NewReader(benchBeacons[i&1]))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&w); err != nil || dec.More() {
				b.Fatal(err)
			}
		}
	})
}
