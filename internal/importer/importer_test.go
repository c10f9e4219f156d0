package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestWriteRefusesImpossibleItemsAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		good := Item{SourceID: "1", Headline: "Fine", BodyHTML: "<p>ok</p>", Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
		for name, bad := range map[string]Item{
			"huge body":     {SourceID: "2", Headline: "Big", BodyHTML: strings.Repeat("a", MaxBodyBytes+1)},
			"year -292M":    {SourceID: "2", Headline: "Old", Published: time.Unix(-9223372036854, 0).UTC()},
			"year 99999":    {SourceID: "2", Headline: "Far", Published: time.Date(99999, 1, 1, 0, 0, 0, 0, time.UTC)},
			"long headline": {SourceID: "2", Headline: strings.Repeat("h", MaxHeadlineRunes+1)},
		} {
			_, err := Write(context.Background(), st, &Batch{Source: "test", Items: []Item{good, bad}}, nil)
			if err == nil || !strings.Contains(err.Error(), `item "2"`) {
				t.Errorf("%s: error %v, want one naming item 2", name, err)
			}
			if c, _ := st.CountAll(context.Background()); c.Articles != 0 {
				t.Fatalf("%s: %d articles written by a failed import", name, c.Articles)
			}
		}
	})
}

func TestWriteSkipsDuplicateIDsAndDatesUndatedItems(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	b := &Batch{Source: "test", Items: []Item{
		{SourceID: "1", Headline: "First", BodyHTML: "<p>a</p>"},
		{SourceID: "1", Headline: "Second with same id", BodyHTML: "<p>b</p>"},
	}}
	sum, err := Write(context.Background(), st, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Skipped["duplicate id"] != 1 || len(sum.Notes) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	a, err := st.ArticleBySource(context.Background(), "test", "1")
	if err != nil || a.Headline != "First" || a.PublishedAt.IsZero() || a.Status != model.StatusPublished {
		t.Fatalf("article %+v %v", a, err)
	}
}
