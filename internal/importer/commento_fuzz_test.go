package importer

import (
	"strings"
	"testing"
)

// FuzzParseCommento: any input gives a batch or an error, never a panic,
// and a batch always passes checkCommentBatch.
func FuzzParseCommento(f *testing.F) {
	f.Add(commentoFixture)
	f.Add(`{"comments":[{"commentHex":"a","url":"/x","parentHex":"a","creationDate":"2020-01-01T00:00:00Z"}]}`)
	f.Add(`{"comments":null,"commenters":[{}]}`)
	f.Add(`[`)
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseCommento(strings.NewReader(in), "fuzz.json")
		if err != nil {
			if b != nil {
				t.Fatal("batch with error")
			}
			return
		}
		checkCommentBatch(t, b)
	})
}
