package article_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/article"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestTagsMatchByNameOrExactSlug: a typed tag is an existing tag only when
// it has that name (ignoring case) or exactly that slug; otherwise it is a
// new tag with a slug of its own — typing "Budget" must not pick "City
// Budget" whose slug is "budget".
func TestTagsMatchByNameOrExactSlug(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		city := &model.Tag{Slug: "budget", Name: "City Budget"}
		if err := st.CreateTag(ctx, city); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			typed    string
			existing bool
		}{{"Budget", false}, {"city budget", true}, {"CITY BUDGET", true}, {"budget", true}, {"Budgets", false}}
		for _, c := range cases {
			a := &model.Article{}
			errs, p, err := article.Check(ctx, st, a, article.Fields{Headline: "H", Tags: c.typed}, time.UTC)
			if err != nil || len(errs) != 0 || len(p.Tags) != 1 {
				t.Fatalf("%q: %v %v %+v", c.typed, errs, err, p)
			}
			got := p.Tags[0]
			if c.existing != (got.ID == city.ID) || (!c.existing && (got.ID != 0 || got.Name != c.typed)) {
				t.Errorf("%q matched %+v", c.typed, got)
			}
		}
		// A new tag whose natural slug is taken gets a numbered one, and
		// saving it leaves the existing tag alone.
		a := &model.Article{Kind: model.KindArticle}
		errs, p, err := article.Check(ctx, st, a, article.Fields{Headline: "Budget day", Tags: "Budget, City Budget"}, time.UTC)
		if err != nil || len(errs) != 0 {
			t.Fatal(errs, err)
		}
		if names := p.NewTags(); len(names) != 1 || names[0] != "Budget" || p.Tags[0].Slug != "budget-2" {
			t.Fatalf("new tags: %v %+v", names, p.Tags[0])
		}
		if err := st.InTx(ctx, func(tx *store.Store) error { return article.Write(ctx, tx, a, p) }); err != nil {
			t.Fatal(err)
		}
		tags, _ := st.Tags(ctx)
		var list []string
		for _, tg := range tags {
			list = append(list, tg.Name+"="+tg.Slug)
		}
		if got := strings.Join(list, ","); got != "Budget=budget-2,City Budget=budget" {
			t.Errorf("tags after save: %s", got)
		}
		if names, err := article.NewTagNames(ctx, st, "budget, Budget, Fresh"); err != nil || strings.Join(names, ",") != "Fresh" {
			t.Errorf("NewTagNames: %v %v", names, err)
		}
	})
}

// TestPinsFollowRedirects: a READ MORE pin typed with an old slug (or a
// reader URL) finds the story under its new slug.
func TestPinsFollowRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		old := &model.Article{Kind: model.KindArticle, Status: model.StatusPublished, Slug: "first-name", Headline: "A story",
			PublishedAt: time.Unix(1700000000, 0).UTC()}
		if _, err := st.SaveArticle(ctx, old); err != nil {
			t.Fatal(err)
		}
		old.Slug = "second-name"
		if _, err := st.SaveArticle(ctx, old); err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{"first-name", "/articles/first-name", "https://news.example.com/articles/first-name/", "second-name"} {
			a := &model.Article{}
			errs, _, err := article.Check(ctx, st, a, article.Fields{Headline: "Other", Pins: ref}, time.UTC)
			if err != nil || len(errs) != 0 || len(a.Pins) != 1 || a.Pins[0] != old.ID {
				t.Errorf("%s: %v %v %v", ref, errs, err, a.Pins)
			}
		}
		a := &model.Article{}
		errs, _, _ := article.Check(ctx, st, a, article.Fields{Headline: "Other", Pins: "never-was"}, time.UTC)
		if len(errs) != 1 || errs[0].Field != "pins" {
			t.Errorf("unknown slug: %v", errs)
		}
	})
}
