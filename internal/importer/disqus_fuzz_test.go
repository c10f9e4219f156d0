package importer

import (
	"bytes"
	"testing"
)

// checkCommentBatch holds for every batch a comment parser returns: ids
// set and unique, every comment in a listed thread, parents earlier in the
// list and in the same thread.
func checkCommentBatch(t *testing.T, b *CommentBatch) {
	t.Helper()
	if b.Source == "" {
		t.Fatal("batch without source")
	}
	threads := map[string]bool{}
	for _, th := range b.Threads {
		threads[th.Key] = true
	}
	seen := map[string]string{} // id → thread
	for _, c := range b.Comments {
		if c.SourceID == "" {
			t.Fatalf("comment without id: %+v", c)
		}
		if _, dup := seen[c.SourceID]; dup {
			t.Fatalf("duplicate id %q", c.SourceID)
		}
		if !threads[c.ThreadKey] {
			t.Fatalf("comment %q in unlisted thread %q", c.SourceID, c.ThreadKey)
		}
		if c.ParentID != "" && seen[c.ParentID] != c.ThreadKey {
			t.Fatalf("comment %q: parent %q not earlier in the same thread", c.SourceID, c.ParentID)
		}
		if c.Created.IsZero() || c.Status == "" {
			t.Fatalf("comment %q without date or status", c.SourceID)
		}
		seen[c.SourceID] = c.ThreadKey
	}
}

// FuzzParseDisqus: any input gives a batch or an error, never a panic, and
// a batch always passes checkCommentBatch.
func FuzzParseDisqus(f *testing.F) {
	f.Add([]byte("`" + disqusDoc(disqusThreads+disqusPost("1", "10", "", "")+disqusPost("2", "10", "1", "")+disqusPost("", "11", "2", ""))))
	f.Add([]byte(disqusDoc(disqusPost("1", "10", "1", "") + `<thread dsq:id=10/>`)))
	f.Add([]byte(`<disqus><thread><id>a</id></thread><post><thread dsq:id="a"/></post></disqus>`))
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbf<"))
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := ParseDisqus(bytes.NewReader(in), "fuzz.xml")
		if err != nil {
			if b != nil {
				t.Fatal("batch with error")
			}
			return
		}
		checkCommentBatch(t, b)
	})
}
