package importer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// corpusDir returns the real-world corpus folder named by MASTHEAD_CORPUS,
// or skips the test.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MASTHEAD_CORPUS")
	if dir == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("MASTHEAD_CORPUS: %v", err)
	}
	return dir
}

func parseCorpusFile(t *testing.T, path string, parse func(io.Reader, string, *time.Location) (*Batch, error)) *Batch {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := parse(f, path, time.UTC)
	if err != nil {
		t.Fatalf("parse %s: %v", filepath.Base(path), err)
	}
	return b
}

// TestCorpusFeedsAndWire imports every feed and wire file of the corpus into
// a fresh store (twice: the second run must only update).
func TestCorpusFeedsAndWire(t *testing.T) {
	dir := corpusDir(t)
	type file struct {
		path  string
		parse func(io.Reader, string, *time.Location) (*Batch, error)
	}
	var files []file
	for _, sub := range []struct {
		dir   string
		parse func(io.Reader, string, *time.Location) (*Batch, error)
	}{{"publishing/feeds", ParseFeed}, {"publishing/wire", ParseNinjs}} {
		entries, err := os.ReadDir(filepath.Join(dir, sub.dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, file{filepath.Join(dir, sub.dir, e.Name()), sub.parse})
			}
		}
	}
	if len(files) < 7 {
		t.Fatalf("found %d corpus files, want at least 7", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			b := parseCorpusFile(t, f.path, f.parse)
			if len(b.Items) == 0 {
				t.Fatalf("no items (skipped %v)", b.Skipped)
			}
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				ctx := context.Background()
				sum, err := Write(ctx, st, b, nil)
				if err != nil {
					t.Fatalf("write: %v", err)
				}
				if sum.Imported != len(b.Items) {
					t.Errorf("imported %d, want %d", sum.Imported, len(b.Items))
				}
				again, err := Write(ctx, st, b, nil)
				if err != nil || again.Imported != 0 || again.Updated != len(b.Items) {
					t.Errorf("second write: %+v, %v; want 0 imported, %d updated", again, err, len(b.Items))
				}
			})
			t.Logf("%s: source %q, %d items, %d skipped, notes %q", filepath.Base(f.path), b.Source, len(b.Items), len(b.Skipped), b.Notes)
		})
	}
}

func TestCorpusGuardianCredits(t *testing.T) {
	b := parseCorpusFile(t, filepath.Join(corpusDir(t), "publishing/feeds/guardian.rss"), ParseFeed)
	credits, datelines := 0, 0
	for _, it := range b.Items {
		if it.Lead != nil && it.Lead.Credit != "" {
			credits++
			if strings.Contains(it.Lead.Caption, it.Lead.Credit) {
				t.Errorf("%s: credit %q pasted into caption %q", it.SourceID, it.Lead.Credit, it.Lead.Caption)
			}
			if !strings.Contains(it.Lead.URL, "w=460") {
				t.Errorf("%s: lead %q is not the widest rendition", it.SourceID, it.Lead.URL)
			}
		}
		if it.Dateline != "" {
			datelines++
		}
		for _, a := range it.Authors {
			if strings.Contains(a.Name, " in ") && a.Name != "Staff and agencies" {
				t.Errorf("%s: author %q still carries a place", it.SourceID, a.Name)
			}
		}
	}
	if credits < 40 {
		t.Errorf("only %d of %d items have a lead credit", credits, len(b.Items))
	}
	if datelines < 5 {
		t.Errorf("only %d datelines split off bylines", datelines)
	}
	it := corpusItem(t, b, "donald-trump-state-of-the-union-address-unity-discord")
	if it.Lead == nil || it.Lead.Credit != "Photograph: Networ/Sipa USA/REX/Shutterstock" || it.Lead.Caption != "" {
		t.Errorf("lead = %+v", it.Lead)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "David Smith" || it.Dateline != "Washington" {
		t.Errorf("authors %+v dateline %q", it.Authors, it.Dateline)
	}
	if it.Section == nil || it.Section.Name != "US news" {
		t.Errorf("section %+v, want US news", it.Section)
	}
}

func TestCorpusEncodings(t *testing.T) {
	dir := corpusDir(t)
	golem := parseCorpusFile(t, filepath.Join(dir, "publishing/feeds/golem-iso-8859-1.xml"), ParseFeed)
	joined := ""
	for _, it := range golem.Items {
		joined += it.Headline + " " + it.BodyHTML + " " + it.Dek + " "
	}
	for _, w := range []string{"wünschen", "für", "über", "können", "ß"} {
		if !strings.Contains(joined, w) {
			t.Errorf("golem: %q not found", w)
		}
	}
	if strings.ContainsRune(joined, '\uFFFD') || strings.Contains(joined, "Ã¼") {
		t.Error("golem: mojibake or replacement characters")
	}
	urdu := parseCorpusFile(t, filepath.Join(dir, "publishing/feeds/bbc-urdu.xml"), ParseFeed)
	it := corpusItem(t, urdu, "pakistan-42575603")
	if it.Headline != "امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی" {
		t.Errorf("urdu headline = %q", it.Headline)
	}
	if !strings.Contains(it.BodyHTML, "امریکہ اور پاکستان کے 70 سالہ تعلقات") {
		t.Errorf("urdu body = %q", it.BodyHTML)
	}
	if it.Lead == nil || it.Lead.Width != 1024 {
		t.Errorf("urdu lead = %+v", it.Lead)
	}
	uol := parseCorpusFile(t, filepath.Join(dir, "publishing/feeds/uolNoticias.rss"), ParseFeed)
	first := uol.Items[0]
	if !strings.Contains(first.Headline, "simulações de 2º turno") {
		t.Errorf("uol headline = %q", first.Headline)
	}
	if first.Published.IsZero() || first.Published.Format(time.RFC3339) != "2018-09-24T22:42:40Z" {
		t.Errorf("uol published = %v", first.Published)
	}
}

func TestCorpusNinjs(t *testing.T) {
	dir := corpusDir(t)
	emb := parseCorpusFile(t, filepath.Join(dir, "publishing/wire/ninjs_embargoed.json"), ParseNinjs).Items[0]
	if emb.Embargo.Format(time.RFC3339) != "2022-06-29T02:30:00Z" {
		t.Errorf("embargo = %v", emb.Embargo)
	}
	if len(emb.Authors) != 2 || emb.Authors[0].Name != "Aaron Staples" || emb.Authors[0].Role != "" || emb.Authors[1].Role != "editing" {
		t.Errorf("authors = %+v", emb.Authors)
	}
	if emb.Lead == nil || !strings.HasPrefix(emb.Lead.Credit, "Photograph by Pea") || strings.Contains(emb.Lead.Caption, "Photograph by") || emb.Lead.Width != 1920 {
		t.Errorf("lead = %+v", emb.Lead)
	}
	if emb.Published.IsZero() || emb.Section == nil || emb.Section.Name != "Environment" || len(emb.Tags) != 2 {
		t.Errorf("published %v section %+v tags %+v", emb.Published, emb.Section, emb.Tags)
	}
	tt := parseCorpusFile(t, filepath.Join(dir, "publishing/wire/tt_text_image_2.ninjs.json"), ParseNinjs).Items[0]
	if tt.Headline != "Militärövning i jätteformat hålls 2023" || tt.Kicker != "Försvar" {
		t.Errorf("headline %q kicker %q", tt.Headline, tt.Kicker)
	}
	if tt.Lead == nil || tt.Lead.Credit != "Karl Melander/TT" || strings.Contains(tt.Lead.Caption, "Melander") || tt.Lead.Width != 1024 {
		t.Errorf("lead = %+v", tt.Lead)
	}
	if strings.Contains(tt.BodyHTML, "<figure") || strings.Contains(tt.BodyHTML, "<h1") || strings.Contains(tt.BodyHTML, "<title") {
		t.Errorf("body keeps wire furniture: %s", tt.BodyHTML)
	}
	if tt.Rights != "© TT" || tt.Status != model.StatusPublished {
		t.Errorf("rights %q status %q", tt.Rights, tt.Status)
	}
}

func corpusItem(t *testing.T, b *Batch, idPart string) Item {
	t.Helper()
	for _, it := range b.Items {
		if strings.Contains(it.SourceID, idPart) {
			return it
		}
	}
	t.Fatalf("no item with id containing %q", idPart)
	return Item{}
}
