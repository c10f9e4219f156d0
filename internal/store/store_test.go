package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func seed(t *testing.T, s *store.Store) (*model.Section, *model.Author, *model.Author, *model.Tag) {
	t.Helper()
	ctx := context.Background()
	sec, err := s.EnsureSection(ctx, "politics", "Politics")
	if err != nil {
		t.Fatal(err)
	}
	a1 := &model.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"}
	a2 := &model.Author{Slug: "ben-ode", Name: "Ben Ode"}
	for _, a := range []*model.Author{a1, a2} {
		if err := s.UpsertAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tag := &model.Tag{Slug: "elections", Name: "Elections"}
	if err := s.UpsertTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	return sec, a1, a2, tag
}

func TestArticleRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec, a1, a2, tag := seed(t, s)
		pub := time.Date(2024, 6, 20, 14, 21, 0, 0, time.UTC)
		a := &model.Article{Slug: "vote-count", Headline: "Vote count begins", Dek: "Polls closed at 8",
			Status: model.StatusPublished, SectionID: sec.ID, PublishedAt: pub,
			BodyHTML: "<p>Counting began.</p>", BodyText: "Counting began.", CommentsOpen: true,
			Bylines: []model.Byline{{AuthorID: a2.ID}, {AuthorID: a1.ID, Role: "reporting"}},
			Tags:    []model.Tag{*tag}}
		res, err := s.SaveArticle(ctx, a)
		if err != nil || res != store.Created {
			t.Fatalf("save: %v %v", res, err)
		}
		got, err := s.ArticleBySlug(ctx, "vote-count")
		if err != nil {
			t.Fatal(err)
		}
		if got.Headline != a.Headline || !got.PublishedAt.Equal(pub) || got.Section == nil || got.Section.Slug != "politics" || !got.CommentsOpen {
			t.Fatalf("round trip: %+v", got)
		}
		if len(got.Bylines) != 2 || got.Bylines[0].Author.Name != "Ben Ode" || got.Bylines[1].Role != "reporting" {
			t.Fatalf("bylines out of order: %+v", got.Bylines)
		}
		if len(got.Tags) != 1 || got.Tags[0].Slug != "elections" {
			t.Fatalf("tags: %+v", got.Tags)
		}
		if _, err := s.ArticleBySlug(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing slug: %v", err)
		}
	})
}

func TestSlugChangeRedirectsAndUniqueness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := &model.Article{Slug: "first", Headline: "First"}
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		b := &model.Article{Slug: "first", Headline: "Second"}
		if _, err := s.SaveArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
		if b.Slug != "first-2" {
			t.Fatalf("clashing slug got %q", b.Slug)
		}
		a.Slug = "renamed"
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		cur, err := s.RedirectFor(ctx, "first")
		if err != nil || cur != "renamed" {
			t.Fatalf("redirect: %q %v", cur, err)
		}
	})
}

func TestSourceKeyIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i, want := range []store.SaveResult{store.Created, store.Updated} {
			a := &model.Article{Slug: "wire-1", Headline: "Wire " + string(rune('A'+i)), Source: "ninjs", SourceID: "urn:x:1"}
			res, err := s.SaveArticle(ctx, a)
			if err != nil || res != want {
				t.Fatalf("pass %d: %v %v", i, res, err)
			}
		}
		c, _ := s.CountAll(ctx)
		if c.Articles != 1 {
			t.Fatalf("articles = %d, want 1", c.Articles)
		}
	})
}

func TestVisibilityAndNextDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)
		mk := func(slug string, st model.Status, pub, emb time.Time) {
			if _, err := s.SaveArticle(ctx, &model.Article{Slug: slug, Headline: slug, Status: st, PublishedAt: pub, EmbargoUntil: emb, BodyText: "budget news"}); err != nil {
				t.Fatal(err)
			}
		}
		mk("live", model.StatusPublished, now.Add(-time.Hour), time.Time{})
		mk("future", model.StatusPublished, now.Add(time.Hour), time.Time{})
		mk("embargoed", model.StatusPublished, now.Add(-time.Hour), now.Add(30*time.Minute))
		mk("draft", model.StatusDraft, now.Add(-time.Hour), time.Time{})
		list, total, err := s.ListArticles(ctx, store.ArticleFilter{VisibleAt: now})
		if err != nil || total != 1 || list[0].Slug != "live" {
			t.Fatalf("visible: %d %v", total, err)
		}
		hits, n, err := s.Search(ctx, "budget", now, 10, 0)
		if err != nil || n != 1 || hits[0].Article.Slug != "live" {
			t.Fatalf("search leaks hidden content: %d %v", n, err)
		}
		due, err := s.NextDue(ctx, now)
		if err != nil || !due.Equal(now.Add(30*time.Minute)) {
			t.Fatalf("next due %v %v", due, err)
		}
	})
}

func TestSearchRanksHeadlineAndHighlights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		save := func(slug, head, body string) {
			if _, err := s.SaveArticle(ctx, &model.Article{Slug: slug, Headline: head, Status: model.StatusPublished,
				PublishedAt: now.Add(-time.Hour), BodyText: body}); err != nil {
				t.Fatal(err)
			}
		}
		save("body-only", "Council meets", "The council discussed the harbour bridge and other matters at length.")
		save("in-headline", "Harbour bridge closes for repairs", "Engineers found cracks in the harbour bridge.")
		save("unrelated", "Weather", "Sunny.")
		hits, n, err := s.Search(ctx, `harbour bridge -"weather"`, now, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || hits[0].Article.Slug != "in-headline" {
			t.Fatalf("ranking: n=%d first=%v", n, hits)
		}
		if !contains(hits[0].Snippet, store.MarkStart) {
			t.Fatalf("snippet lacks highlight: %q", hits[0].Snippet)
		}
		// FTS operators in user input are inert.
		if _, _, err := s.Search(ctx, `NEAR( "a" OR * ^`, now, 10, 0); err != nil {
			t.Fatalf("hostile query: %v", err)
		}
	})
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || index(s, sub) >= 0)
}
func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestSchemaTooNewRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(tx *store.Store) error {
			return tx.ExecForTest(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)")
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("want ErrSchemaTooNew, got %v", err)
		}
	})
}

func TestSearchTermsDeduplicatedAndCapped(t *testing.T) {
	q := strings.Repeat("a ", 100) + `"Harbour Bridge" "harbour bridge" -x -X`
	terms := store.SearchTermsForTest(q)
	if len(terms) != 3 {
		t.Fatalf("terms = %v, want a, the phrase once, -x once", terms)
	}
	many := ""
	for i := 0; i < 40; i++ {
		many += fmt.Sprintf("w%d ", i)
	}
	if n := len(store.SearchTermsForTest(many)); n != store.MaxSearchTerms {
		t.Fatalf("%d terms kept, want %d", n, store.MaxSearchTerms)
	}
}
