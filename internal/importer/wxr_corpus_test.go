package importer

import (
	"context"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// wxrCorpusDir returns the corpus's WordPress folder, skipping the test
// unless MASTHEAD_CORPUS points at the corpus.
func wxrCorpusDir(t testing.TB) string {
	root := os.Getenv("MASTHEAD_CORPUS")
	if root == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	dir := filepath.Join(root, "publishing", "wordpress")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder: %v", err)
	}
	return dir
}

func wxrImportFile(t *testing.T, s *store.Store, path string) (Summary, *Batch, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := ParseWXR(f, path, time.UTC)
	if err != nil {
		return Summary{}, nil, err
	}
	sum, err := Write(context.Background(), s, b, nil)
	return sum, b, err
}

// TestWXRCorpus imports every WordPress export of the corpus into a fresh
// store; the two broken files must fail and write nothing.
func TestWXRCorpus(t *testing.T) {
	dir := wxrCorpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	broken := map[string]string{
		"malformed.xml":           "element <notachanneltag>",
		"missing-version-tag.xml": "element <channel>: no <wp:wxr_version>",
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				sum, b, err := wxrImportFile(t, s, path)
				counts, cerr := s.CountAll(context.Background())
				if cerr != nil {
					t.Fatal(cerr)
				}
				if want, bad := broken[name]; bad {
					if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "line ") {
						t.Errorf("error = %v, want one naming the line and %q", err, want)
					}
					if counts != (store.Counts{}) {
						t.Errorf("broken file wrote %+v", counts)
					}
					return
				}
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if sum.Imported != len(b.Items) || sum.Imported == 0 || counts.Articles+counts.Pages != sum.Imported {
					t.Errorf("summary %+v, %d items, counts %+v", sum, len(b.Items), counts)
				}
				t.Logf("%s: %+v; stored %+v", b.Source, sum, counts)
			})
		})
	}
}

// wxrTUTItem is what the independent count reads of a theme unit test item.
type wxrTUTItem struct {
	Creator  string `xml:"creator"`
	Type     string `xml:"post_type"`
	Status   string `xml:"status"`
	Password string `xml:"post_password"`
	Cats     []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
	} `xml:"category"`
	Comments []struct {
		Approved string `xml:"comment_approved"`
		Type     string `xml:"comment_type"`
	} `xml:"comment"`
}

// wxrRawShortcode matches shortcode debris: known names, any closing tag,
// and [name key=…] forms. Plain bracketed words ("[simple boat]") are text.
var wxrRawShortcode = regexp.MustCompile(`\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist|youtube|vimeo|tweet)\b|\[/[A-Za-z]|\[[A-Za-z][\w-]*\s+[\w-]+=`)

// TestWXRCorpusThemeUnitTest checks the store against counts taken from
// theme-unit-test-data.xml by a separate, plain encoding/xml pass.
func TestWXRCorpusThemeUnitTest(t *testing.T) {
	path := filepath.Join(wxrCorpusDir(t), "theme-unit-test-data.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []wxrTUTItem `xml:"channel>item"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var published, pages, drafts, comments int
	authors, sections, tags := map[string]bool{}, map[string]bool{}, map[string]bool{}
	slug := func(s string) string {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		return markup.Slugify(s)
	}
	for _, it := range doc.Items {
		if (it.Type != "post" && it.Type != "page") || it.Status == "trash" || it.Status == "inherit" {
			continue
		}
		switch {
		case it.Password != "":
		case it.Status == "draft" || it.Status == "auto-draft":
			drafts++
		case it.Type == "post" && (it.Status == "publish" || it.Status == "future"):
			published++
		case it.Type == "page" && it.Status == "publish":
			pages++
		}
		authors[slug(it.Creator)] = true
		first := true
		for _, c := range it.Cats {
			switch {
			case c.Domain == "post_tag":
				tags[slug(c.Nicename)] = true
			case c.Domain == "category" && c.Nicename != "uncategorized":
				if first {
					sections[slug(c.Nicename)] = true
					first = false
				} else {
					tags[slug(c.Nicename)] = true
				}
			}
		}
		for _, c := range it.Comments {
			if c.Approved == "1" && (c.Type == "" || c.Type == "comment") {
				comments++
			}
		}
	}
	t.Logf("independent count: %d published posts, %d pages, %d drafts, %d authors, %d sections, %d tags, %d comments",
		published, pages, drafts, len(authors), len(sections), len(tags), comments)

	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Now()
		sum, b, err := wxrImportFile(t, s, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("parse + write: %v; %+v", time.Since(start), sum)
		count := func(k model.Kind, st model.Status) int {
			n, err := s.CountArticles(ctx, k, st)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		c, err := s.CountAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{
			"published posts": {count(model.KindArticle, model.StatusPublished), published},
			"published pages": {count(model.KindPage, model.StatusPublished), pages},
			"drafts":          {count(model.KindArticle, model.StatusDraft) + count(model.KindPage, model.StatusDraft), drafts},
			"authors":         {c.Authors, len(authors)},
			"sections":        {c.Sections, len(sections)},
			"tags":            {c.Tags, len(tags)},
			"comments":        {sum.Comments, comments},
		}
		for what, v := range got {
			if v[0] != v[1] {
				t.Errorf("%s: store has %d, file has %d", what, v[0], v[1])
			}
		}
		if n, _ := s.ImportNoteTotal(ctx, "comments"); n != comments {
			t.Errorf("comments noted = %d, want %d", n, comments)
		}

		list, total, err := s.ListArticles(ctx, store.ArticleFilter{Kind: "*", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(b.Items) {
			t.Errorf("stored %d, parsed %d", total, len(b.Items))
		}
		for _, a := range list {
			if m := wxrRawShortcode.FindString(a.BodyHTML); m != "" {
				i := strings.Index(a.BodyHTML, m)
				t.Errorf("%s (%s): raw shortcode %q in …%s…", a.SourceID, a.Headline, m, a.BodyHTML[max(0, i-60):min(len(a.BodyHTML), i+60)])
			}
		}
		// Legitimate bracketed text survives (post 358: "coracles [simple boat].").
		if a, err := s.ArticleBySource(ctx, b.Source, "358"); err != nil || !strings.Contains(a.BodyHTML, "[simple boat]") {
			t.Errorf("post 358 lost its bracketed text (err %v)", err)
		}

		again, err := Write(ctx, s, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Imported != 0 || again.Updated != len(b.Items) {
			t.Errorf("re-import: %+v", again)
		}
		if c2, _ := s.CountAll(ctx); c2 != c {
			t.Errorf("re-import changed counts: %+v → %+v", c, c2)
		}
	})
}

// BenchmarkImportWXR parses theme-unit-test-data.xml and writes it into a
// fresh SQLite store per iteration (store setup not timed).
func BenchmarkImportWXR(b *testing.B) {
	path := filepath.Join(wxrCorpusDir(b), "theme-unit-test-data.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b, store.SQLite, nil)
		b.StartTimer()
		batch, err := ParseWXR(strings.NewReader(string(raw)), path, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Write(ctx, s, batch, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseWXR parses theme-unit-test-data.xml only.
func BenchmarkParseWXR(b *testing.B) {
	path := filepath.Join(wxrCorpusDir(b), "theme-unit-test-data.xml")
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ParseWXR(strings.NewReader(string(raw)), path, time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
