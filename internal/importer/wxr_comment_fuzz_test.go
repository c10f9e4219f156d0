package importer

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseWXRComments: any input gives a batch or an error, never a
// panic, and a batch always passes checkCommentBatch.
func FuzzParseWXRComments(f *testing.F) {
	f.Add(wxrCommentsFixture())
	f.Add(`<rss><channel><item><wp:comment xmlns:wp="http://wordpress.org/export/1.0/"><wp:comment_id>1</wp:comment_id><wp:comment_parent>1</wp:comment_parent><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt></wp:comment></item></channel></rss>`)
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseWXRComments(strings.NewReader(in), "fuzz.xml", time.UTC)
		if err != nil {
			if b != nil {
				t.Fatal("batch with error")
			}
			return
		}
		checkCommentBatch(t, b)
	})
}

// FuzzPHPUnserialize: never a panic; accepted input is wholly consumed and
// never yields an object.
func FuzzPHPUnserialize(f *testing.F) {
	for _, s := range []string{`a:2:{i:0;s:1:"x";s:3:"key";a:1:{i:7;b:0;}}`, `O:8:"stdClass":0:{}`, `s:3:"¯";`, `d:1e308;`, `a:1:{i:0;r:1;}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v, err := phpUnserialize(in)
		if err != nil {
			return
		}
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case nil, bool, int64, float64, string:
			case []PHPPair:
				for _, p := range x {
					walk(p.Key)
					walk(p.Value)
				}
			default:
				t.Fatalf("unexpected value type %T", v)
			}
		}
		walk(v)
	})
}
