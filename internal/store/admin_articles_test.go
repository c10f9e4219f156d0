package store_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestListAdminArticlesFilters(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
			s := storetest.Open(t, d, func() time.Time { return clk })
			ctx := context.Background()
			sec, a1, a2, _ := seed(t, s)
			other, err := s.EnsureSection(ctx, "business", "Business")
			if err != nil {
				t.Fatal(err)
			}
			day := func(n int) time.Time { return time.Date(2024, 5, n, 9, 0, 0, 0, time.UTC) }
			arts := []*model.Article{
				{Slug: "draft-one", Headline: "Budget draft 50% done", Status: model.StatusDraft, SectionID: sec.ID,
					Bylines: []model.Byline{{AuthorID: a1.ID}}},
				{Slug: "pub-may-3", Headline: "Markets rally", Dek: "Stocks UP on budget news", Status: model.StatusPublished,
					SectionID: other.ID, PublishedAt: day(3), Bylines: []model.Byline{{AuthorID: a2.ID}}},
				{Slug: "pub-may-10", Headline: "Vote count begins", Status: model.StatusPublished, SectionID: sec.ID,
					PublishedAt: day(10), Bylines: []model.Byline{{AuthorID: a1.ID}, {AuthorID: a2.ID}}},
				{Slug: "in-review", Headline: "Council meets", Status: model.StatusReview, SectionID: sec.ID},
				{Kind: model.KindPage, Slug: "about", Headline: "About us", Status: model.StatusPublished, PublishedAt: day(1)},
			}
			for _, a := range arts {
				clk = clk.Add(time.Minute) // each one modified later than the one before
				if _, err := s.SaveArticle(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			slugs := func(f store.AdminFilter) ([]string, int) {
				t.Helper()
				list, total, err := s.ListAdminArticles(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, a := range list {
					out = append(out, a.Slug)
				}
				return out, total
			}
			check := func(name string, f store.AdminFilter, want ...string) {
				t.Helper()
				got, total := slugs(f)
				if total != len(want) || len(got) != len(want) {
					t.Fatalf("%s: got %v (total %d), want %v", name, got, total, want)
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%s: got %v, want %v", name, got, want)
					}
				}
			}
			check("all, newest modified first", store.AdminFilter{}, "about", "in-review", "pub-may-10", "pub-may-3", "draft-one")
			check("articles only", store.AdminFilter{Kind: model.KindArticle}, "in-review", "pub-may-10", "pub-may-3", "draft-one")
			check("status", store.AdminFilter{Status: model.StatusDraft}, "draft-one")
			check("section", store.AdminFilter{SectionID: other.ID}, "pub-may-3")
			check("author", store.AdminFilter{AuthorID: a2.ID}, "pub-may-10", "pub-may-3")
			check("date range", store.AdminFilter{PublishedFrom: day(2), PublishedTo: day(10)}, "pub-may-3")
			check("from only, drafts never match", store.AdminFilter{Kind: model.KindArticle, PublishedFrom: day(1)}, "pub-may-10", "pub-may-3")
			check("text in headline or dek, any case", store.AdminFilter{Query: "BUDGET"}, "pub-may-3", "draft-one")
			check("wildcards are literal", store.AdminFilter{Query: "50%"}, "draft-one")
			check("underscore is literal", store.AdminFilter{Query: "_"})
			check("combined", store.AdminFilter{Status: model.StatusPublished, AuthorID: a1.ID}, "pub-may-10")

			got, total := slugs(store.AdminFilter{Limit: 2, Offset: 2})
			if total != 5 || len(got) != 2 || got[0] != "pub-may-10" {
				t.Fatalf("page 2: %v (total %d)", got, total)
			}
			list, _, err := s.ListAdminArticles(ctx, store.AdminFilter{Query: "vote"})
			if err != nil || len(list) != 1 || len(list[0].Bylines) != 2 || list[0].Section == nil || list[0].Bylines[0].Author == nil {
				t.Fatalf("relations not loaded: %+v %v", list, err)
			}
		})
	}
}

func TestAuthorIDsByEmailAndCreator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		au := &model.Author{Slug: "eda", Name: "Eda Editor", Email: "Eda@Example.com"}
		if err := s.UpsertAuthor(ctx, au); err != nil {
			t.Fatal(err)
		}
		ids, err := s.AuthorIDsByEmail(ctx, " eda@example.COM ")
		if err != nil || len(ids) != 1 || ids[0] != au.ID {
			t.Fatalf("ids %v %v", ids, err)
		}
		if ids, _ := s.AuthorIDsByEmail(ctx, "nobody@example.com"); len(ids) != 0 {
			t.Fatalf("unknown address matched %v", ids)
		}
		a := &model.Article{Headline: "Mine", Slug: "mine", Source: store.NewsroomSource, CreatedBy: 7}
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.ArticleByID(ctx, a.ID)
		if err != nil || got.CreatedBy != 7 || !store.CreatedBy(got, 7) || store.CreatedBy(got, 8) || store.CreatedBy(got, 0) {
			t.Fatalf("creator: %d %v", got.CreatedBy, err)
		}
		// The creator is kept by later saves, whatever they carry, and is
		// read by every article query.
		got.CreatedBy, got.Headline = 9, "Mine, edited"
		if _, err := s.SaveArticle(ctx, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.ArticleBySlug(ctx, "mine"); again.CreatedBy != 7 {
			t.Fatalf("creator after an update: %d", again.CreatedBy)
		}
	})
}
