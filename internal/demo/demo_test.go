package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/jpeg"
	"testing"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var testNow = time.Date(2025, 3, 14, 15, 30, 0, 0, time.UTC)

func TestSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		wrote, err := Seed(ctx, s, testNow)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		if !wrote {
			t.Fatal("Seed on an empty database reported nothing written")
		}
		n, err := s.CountAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Articles < 14 || n.Sections < 4 || n.Authors < 5 || n.Pages < 1 || n.Tags < 10 {
			t.Fatalf("counts = %+v, want ≥14 articles, ≥4 sections, ≥5 authors, a page, ≥10 tags", n)
		}

		list, _, err := s.ListArticles(ctx, store.ArticleFilter{Kind: "*", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		slugs := map[string]bool{}
		for _, a := range list {
			slugs[a.Slug] = true
		}
		var twoBylines, corrected, updated, dateline, pinned int
		tagUse := map[string]int{}
		for _, sum := range list {
			a, err := s.ArticleBySlug(ctx, sum.Slug)
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, ctx, s, a, slugs)
			if len(a.Bylines) >= 2 {
				twoBylines++
			}
			if a.Dateline != "" {
				dateline++
			}
			if len(a.Pins) > 0 {
				pinned++
				if len(a.Pins) != 2 {
					t.Errorf("%s: %d pins, want 2", a.Slug, len(a.Pins))
				}
			}
			switch {
			case len(a.Corrections) > 0:
				corrected++
				if !a.UpdatedAt.Equal(a.Corrections[0].Created) {
					t.Errorf("%s: UpdatedAt %v, want the correction time %v", a.Slug, a.UpdatedAt, a.Corrections[0].Created)
				}
			case !a.UpdatedAt.IsZero():
				updated++
			}
			for _, tg := range a.Tags {
				tagUse[tg.Slug]++
			}
		}
		if twoBylines != 1 || corrected != 1 || updated != 1 || dateline != 1 || pinned != 1 {
			t.Errorf("two-byline %d, corrected %d, updated %d, datelined %d, pinned %d; want 1 each",
				twoBylines, corrected, updated, dateline, pinned)
		}
		for slug, k := range tagUse {
			if k < 2 {
				t.Errorf("tag %q used by %d article(s), want several", slug, k)
			}
		}

		long, err := s.ArticleBySlug(ctx, LongReadSlug)
		if err != nil {
			t.Fatalf("long read: %v", err)
		}
		if long.WordCount < 1300 || long.WordCount > 1800 {
			t.Errorf("long read has %d words, want about 1,500", long.WordCount)
		}
		if about, err := s.ArticleBySlug(ctx, AboutSlug); err != nil || about.Kind != model.KindPage || about.Headline != "About the Gazette" {
			t.Errorf("about page = %+v, %v", about, err)
		}

		authors, err := s.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, au := range authors {
			if au.PhotoID == 0 || au.Title == "" || au.Bio == "" {
				t.Errorf("author %s lacks photo, title or bio", au.Slug)
				continue
			}
			checkJPEG(t, ctx, s, au.PhotoID, headSize, headSize)
		}

		again, err := Seed(ctx, s, testNow.Add(time.Hour))
		if err != nil || again {
			t.Fatalf("second Seed = %v, %v; want false, nil", again, err)
		}
		if n2, _ := s.CountAll(ctx); n2 != n {
			t.Errorf("second Seed changed counts: %+v → %+v", n, n2)
		}
	})
}

func checkArticle(t *testing.T, ctx context.Context, s *store.Store, a *model.Article, slugs map[string]bool) {
	t.Helper()
	if a.Status != model.StatusPublished || !a.CommentsOpen || a.BodyFormat != model.FormatMarkdown {
		t.Errorf("%s: status %s, comments %v, format %s", a.Slug, a.Status, a.CommentsOpen, a.BodyFormat)
	}
	if a.Dek == "" || a.Headline == "" {
		t.Errorf("%s: missing headline or dek", a.Slug)
	}
	if a.Kind == model.KindArticle && (a.SectionID == 0 || len(a.Bylines) == 0) {
		t.Errorf("%s: no section or byline", a.Slug)
	}
	if a.PublishedAt.Location() != time.UTC || a.PublishedAt.After(testNow) || a.PublishedAt.Before(testNow.Add(-4*24*time.Hour)) {
		t.Errorf("%s: published %v, want within the 4 days before %v", a.Slug, a.PublishedAt, testNow)
	}
	if !a.UpdatedAt.IsZero() && (a.UpdatedAt.After(testNow) || !a.UpdatedAt.After(a.PublishedAt)) {
		t.Errorf("%s: updated %v, published %v", a.Slug, a.UpdatedAt, a.PublishedAt)
	}
	if a.Slug != LongReadSlug && a.Kind == model.KindArticle && (a.WordCount < 250 || a.WordCount > 900) {
		t.Errorf("%s: %d words, want 250–900", a.Slug, a.WordCount)
	}
	if a.BodySource == "" || a.BodyHTML == "" || a.BodyText == "" {
		t.Errorf("%s: body source, HTML or text empty", a.Slug)
	}
	for _, r := range markup.Recircs(a.BodyHTML) {
		if !slugs[r.Slug] || r.Slug == a.Slug || r.Slug == AboutSlug {
			t.Errorf("%s: READ %s points at %q, not another demo article", a.Slug, r.Kind, r.Slug)
		}
	}
	if a.LeadMediaID == 0 || a.LeadAlt == "" || a.LeadCaption == "" || a.LeadCredit == "" {
		t.Errorf("%s: lead photo %d alt %q caption %q credit %q", a.Slug, a.LeadMediaID, a.LeadAlt, a.LeadCaption, a.LeadCredit)
		return
	}
	checkJPEG(t, ctx, s, a.LeadMediaID, leadW, leadH)
}

func checkJPEG(t *testing.T, ctx context.Context, s *store.Store, id int64, w, h int) {
	t.Helper()
	m, err := s.MediaByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.MediaFile(ctx, id)
	if err != nil {
		t.Fatalf("media %s: %v", m.Key, err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("media %s: not a JPEG: %v", m.Key, err)
	}
	sum := sha256.Sum256(data)
	if cfg.Width != w || cfg.Height != h || m.Width != w || m.Height != h || m.MIME != "image/jpeg" ||
		!m.Stored || m.Bytes != int64(len(data)) || m.Checksum != hex.EncodeToString(sum[:]) || m.Alt == "" || m.Credit == "" {
		t.Errorf("media %s: %+v, decoded %dx%d", m.Key, m, cfg.Width, cfg.Height)
	}
	if len(data) > 120<<10 {
		t.Errorf("media %s: %d bytes, want at most 120 KB", m.Key, len(data))
	}
}

func TestSeedLeavesContentAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := &model.Article{Kind: model.KindPage, Status: model.StatusDraft, Slug: "mine", Headline: "Mine"}
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		wrote, err := Seed(ctx, s, testNow)
		if err != nil || wrote {
			t.Fatalf("Seed = %v, %v; want false, nil", wrote, err)
		}
		if n, _ := s.CountAll(ctx); n.Articles != 0 || n.Pages != 1 || n.Media != 0 {
			t.Errorf("counts = %+v, want only the existing page", n)
		}
	})
}

func TestPicturesDeterministic(t *testing.T) {
	for name, sc := range scenes {
		var prev string
		for i := 0; i < 2; i++ {
			c := newCanvas(leadW, leadH, "same-"+name)
			sc(c, 1)
			_, sum, err := c.encode()
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 && sum != prev {
				t.Errorf("scene %s: two renders differ", name)
			}
			prev = sum
		}
	}
}

func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b, store.SQLite, nil)
		b.StartTimer()
		if ok, err := Seed(ctx, s, testNow); err != nil || !ok {
			b.Fatalf("Seed = %v, %v", ok, err)
		}
	}
}

func BenchmarkRenderPictures(b *testing.B) {
	stories := allStories()
	for b.Loop() {
		if _, err := renderAll(stories); err != nil {
			b.Fatal(err)
		}
	}
}
