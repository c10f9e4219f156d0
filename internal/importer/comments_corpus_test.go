package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// commentsCorpusFile returns the path of a file in the corpus's comments
// folder, skipping the test unless MASTHEAD_CORPUS points at the corpus.
func commentsCorpusFile(t testing.TB, name string) string {
	root := os.Getenv("MASTHEAD_CORPUS")
	if root == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	p := filepath.Join(root, "comments", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file: %v", err)
	}
	return p
}

// corpusShape is what the tests compare: comment id → parent id ("" for
// top level) and the number of comments per status.
type corpusShape struct {
	parents  map[string]string
	statuses map[CommentStatus]int
}

func shapeOf(b *CommentBatch) corpusShape {
	s := corpusShape{parents: map[string]string{}, statuses: map[CommentStatus]int{}}
	for _, c := range b.Comments {
		s.parents[c.SourceID] = c.ParentID
		s.statuses[c.Status]++
	}
	return s
}

func compareShape(t *testing.T, got, want corpusShape) {
	t.Helper()
	if len(got.parents) != len(want.parents) {
		t.Errorf("%d comments, want %d", len(got.parents), len(want.parents))
	}
	for id, p := range want.parents {
		if gp, ok := got.parents[id]; !ok {
			t.Errorf("comment %s missing", id)
		} else if gp != p {
			t.Errorf("comment %s: parent %q, want %q", id, gp, p)
		}
	}
	for st, n := range want.statuses {
		if got.statuses[st] != n {
			t.Errorf("%d %s comments, want %d", got.statuses[st], st, n)
		}
	}
}

// disqusTree is a whole-document reading of a Disqus export with
// xml.Unmarshal: a different walk from ParseDisqus's token stream.
type disqusTree struct {
	Threads []struct {
		ID string `xml:"http://disqus.com/disqus-internals id,attr"`
	} `xml:"thread"`
	Posts []struct {
		ID        string `xml:"http://disqus.com/disqus-internals id,attr"`
		Inner     string `xml:"id"`
		CreatedAt string `xml:"createdAt"`
		Deleted   bool   `xml:"isDeleted"`
		Spam      string `xml:"isSpam"`
		Thread    struct {
			ID string `xml:"http://disqus.com/disqus-internals id,attr"`
		} `xml:"thread"`
		Parent struct {
			ID string `xml:"http://disqus.com/disqus-internals id,attr"`
		} `xml:"parent"`
	} `xml:"post"`
}

func disqusExpected(t *testing.T, path string) corpusShape {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw = raw[bytes.IndexByte(raw, '<'):]
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	var tree disqusTree
	if err := d.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	threads := map[string]bool{}
	for _, th := range tree.Threads {
		threads[th.ID] = true
	}
	want := corpusShape{parents: map[string]string{}, statuses: map[CommentStatus]int{}}
	for _, p := range tree.Posts {
		id := p.ID
		if id == "" {
			id = p.Inner
		}
		if _, err := time.Parse(time.RFC3339, p.CreatedAt); err != nil || !threads[p.Thread.ID] {
			continue
		}
		want.parents[id] = p.Parent.ID
		switch {
		case p.Spam == "true":
			want.statuses[CommentSpam]++
		case p.Deleted:
			want.statuses[CommentDeleted]++
		default:
			want.statuses[CommentApproved]++
		}
	}
	return want
}

func TestCommentsCorpusDisqus(t *testing.T) {
	for name, facts := range map[string]struct {
		comments, skipped int
		note              string
	}{
		// 6 posts: one in a thread that is not in the file (dsq:id 1337);
		// a deleted one is kept, without text, for its reply.
		"disqus-isso.xml": {5, 1, ""},
		// 6 posts: one (spam) kept as spam, one with the date
		// "2011-x09-30…" and an unquoted attribute skipped.
		"disqus-remark42.xml": {5, 1, "line 147"},
	} {
		t.Run(name, func(t *testing.T) {
			path := commentsCorpusFile(t, name)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := ParseDisqus(f, path)
			if err != nil {
				t.Fatal(err)
			}
			checkCommentBatch(t, b)
			compareShape(t, shapeOf(b), disqusExpected(t, path))
			if len(b.Comments) != facts.comments || len(b.Skipped) != facts.skipped {
				t.Errorf("%d comments, %d skipped; want %d, %d", len(b.Comments), len(b.Skipped), facts.comments, facts.skipped)
			}
			if facts.note != "" && !strings.Contains(strings.Join(b.Notes, "\n"), facts.note) {
				t.Errorf("notes %q lack %q", b.Notes, facts.note)
			}
		})
	}
}

func TestCommentsCorpusCommento(t *testing.T) {
	path := commentsCorpusFile(t, "commento.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	// the version number does not fit the map's type; only the arrays matter
	_ = json.Unmarshal(raw, &doc)
	want := corpusShape{parents: map[string]string{}, statuses: map[CommentStatus]int{}}
	for _, c := range doc["comments"] {
		parent, _ := c["parentHex"].(string)
		if parent == "root" {
			parent = ""
		}
		want.parents[c["commentHex"].(string)] = parent
		want.statuses[CommentApproved]++
	}
	if len(want.parents) != 3 {
		t.Fatalf("the independent reading found %d comments", len(want.parents))
	}
	b, err := ParseCommento(bytes.NewReader(raw), path)
	if err != nil {
		t.Fatal(err)
	}
	checkCommentBatch(t, b)
	compareShape(t, shapeOf(b), want)
	if len(b.Threads) != 2 || b.Source != "commento:example.com" {
		t.Errorf("threads %+v, source %q", b.Threads, b.Source)
	}
	named := 0
	for _, c := range b.Comments {
		if c.Name != "" {
			named++
		}
	}
	if named != 2 { // one anonymous commenter
		t.Errorf("%d named commenters, want 2", named)
	}
}

// wxrTree reads the comments of a WXR file with xml.Unmarshal.
type wxrTree struct {
	Items []struct {
		PostID   string `xml:"post_id"`
		GUID     string `xml:"guid"`
		Link     string `xml:"link"`
		Comments []struct {
			ID       string `xml:"comment_id"`
			Parent   string `xml:"comment_parent"`
			Approved string `xml:"comment_approved"`
			Type     string `xml:"comment_type"`
			Meta     []struct {
				Key string `xml:"meta_key"`
			} `xml:"commentmeta"`
		} `xml:"comment"`
	} `xml:"channel>item"`
}

func TestCommentsCorpusWXR(t *testing.T) {
	for _, name := range []string{"wordpress-isso.xml", "wxr-serialized-comment-meta.xml"} {
		t.Run(name, func(t *testing.T) {
			path := commentsCorpusFile(t, name)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var tree wxrTree
			if err := xml.Unmarshal(raw, &tree); err != nil {
				t.Fatal(err)
			}
			want := corpusShape{parents: map[string]string{}, statuses: map[CommentStatus]int{}}
			meta := 0
			for _, it := range tree.Items {
				key := it.PostID
				if key == "" {
					key = it.GUID
				}
				if key == "" {
					key = it.Link
				}
				for _, c := range it.Comments {
					meta += len(c.Meta)
					if c.Type != "" && c.Type != "comment" {
						continue
					}
					parent := ""
					if c.Parent != "0" && c.Parent != "" {
						parent = key + "/" + c.Parent
					}
					want.parents[key+"/"+c.ID] = parent
					if c.Approved == "1" {
						want.statuses[CommentApproved]++
					}
				}
			}
			b, err := ParseWXRComments(bytes.NewReader(raw), path, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			checkCommentBatch(t, b)
			compareShape(t, shapeOf(b), want)
			if b.Meta != meta {
				t.Errorf("meta %d, want %d", b.Meta, meta)
			}
		})
	}
}

// TestCommentsCorpusImport writes the corpus's comments into a store: the
// WordPress theme unit test's comments under the posts imported from the
// same file, counted per post by an independent reading, then the Disqus
// threads of remark42's export under an article with the podcast's slug.
// A second run imports nothing.
func TestCommentsCorpusImport(t *testing.T) {
	root := os.Getenv("MASTHEAD_CORPUS")
	if root == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	wxrPath := filepath.Join(root, "publishing", "wordpress", "theme-unit-test-data.xml")
	raw, err := os.ReadFile(wxrPath)
	if err != nil {
		t.Skipf("corpus file: %v", err)
	}
	var tree wxrTree
	if err := xml.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{} // post id → reader comments
	total := 0
	for _, it := range tree.Items {
		for _, c := range it.Comments {
			if c.Type == "" || c.Type == "comment" {
				want[it.PostID]++
				total++
			}
		}
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		b, err := ParseWXR(bytes.NewReader(raw), wxrPath, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Write(ctx, st, b, nil); err != nil {
			t.Fatal(err)
		}
		sum, err := WriteComments(ctx, st, b.Comments, realRules(st), CommentOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Imported != total || len(sum.Unmatched) != 0 {
			t.Fatalf("imported %d of %d; unmatched %+v", sum.Imported, total, sum.Unmatched)
		}
		for id, n := range want {
			a, err := st.ArticleBySource(ctx, b.Source, id)
			if err != nil {
				t.Fatalf("post %s: %v", id, err)
			}
			cs, err := st.ArticleComments(ctx, a.ID, 0)
			if err != nil || len(cs) != n {
				t.Errorf("post %s: %d comments stored, the file has %d (%v)", id, len(cs), n, err)
			}
		}
		b2, _ := ParseWXRComments(bytes.NewReader(raw), wxrPath, time.UTC)
		if sum, err := WriteComments(ctx, st, b2, realRules(st), CommentOptions{}, nil); err != nil || sum.Imported != 0 || sum.Existing != total {
			t.Fatalf("second run: %+v %v", sum, err)
		}

		if _, err := Write(ctx, st, &Batch{Source: "test", Items: []Item{{SourceID: "229", Slug: "podcast-229", Headline: "Радио-Т 229",
			BodyHTML: "<p>x</p>", Published: time.Date(2011, 3, 5, 0, 0, 0, 0, time.UTC)}}}, nil); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(commentsCorpusFile(t, "disqus-remark42.xml"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		db, err := ParseDisqus(f, f.Name())
		if err != nil {
			t.Fatal(err)
		}
		sum, err = WriteComments(ctx, st, db, realRules(st), CommentOptions{}, nil)
		if err != nil || sum.Imported != 3 || sum.ByStatus[CommentSpam] != 1 || sum.Matched[store.MatchSlug] != 1 ||
			len(sum.Unmatched) != 1 || sum.Unmatched[0].URL != "http://radio-t.umputun.com/2011/03/229_8880.html" {
			t.Fatalf("disqus: %+v %v", sum, err)
		}
	})
}
