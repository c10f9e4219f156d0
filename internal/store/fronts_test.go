package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestFrontSlots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		mk := func(slug string, st model.Status, pub, emb time.Time) *model.Article {
			a := &model.Article{Kind: model.KindArticle, Slug: slug, Headline: slug, Status: st, PublishedAt: pub, EmbargoUntil: emb}
			if _, err := s.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		live := mk("live", model.StatusPublished, now.Add(-time.Hour), time.Time{})
		draft := mk("draft", model.StatusDraft, time.Time{}, time.Time{})
		later := mk("later", model.StatusScheduled, now.Add(time.Hour), time.Time{})
		emb := mk("emb", model.StatusPublished, now.Add(-time.Hour), now.Add(time.Hour))
		v0, _ := s.ContentVersion(ctx)
		slots := []store.FrontSlot{{1, draft.ID}, {2, live.ID}, {3, later.ID}, {5, emb.ID}}
		if err := s.SetFrontSlots(ctx, store.HomeFront, slots); err != nil {
			t.Fatal(err)
		}
		if v1, _ := s.ContentVersion(ctx); v1 == v0 {
			t.Fatal("front write did not bump the content version")
		}
		got, err := s.FrontSlots(ctx, store.HomeFront)
		if err != nil || len(got) != 4 || got[3] != (store.FrontSlot{5, emb.ID}) {
			t.Fatalf("slots: %+v %v", got, err)
		}
		pins, err := s.FrontPins(ctx, store.HomeFront, now)
		if err != nil || len(pins) != 1 || pins[2] == nil || pins[2].ID != live.ID {
			t.Fatalf("visible pins: %+v %v", pins, err)
		}
		pins, _ = s.FrontPins(ctx, store.HomeFront, now.Add(2*time.Hour))
		if len(pins) != 2 || pins[5] == nil { // scheduled is not "published" until the scheduler flips it
			t.Fatalf("pins after embargo: %+v", pins)
		}
		for _, bad := range [][]store.FrontSlot{{{0, live.ID}}, {{13, live.ID}}, {{1, live.ID}, {1, draft.ID}}, {{1, live.ID}, {2, live.ID}}} {
			if err := s.SetFrontSlots(ctx, store.HomeFront, bad); err == nil {
				t.Fatalf("bad slots accepted: %+v", bad)
			}
		}
		if err := s.SetFrontSlots(ctx, store.SectionFront(1), []store.FrontSlot{{1, 99999}}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown article: %v", err)
		}
		if got, _ := s.FrontSlots(ctx, store.HomeFront); len(got) != 4 {
			t.Fatalf("failed writes changed the front: %+v", got)
		}
		if err := s.SetFrontSlots(ctx, store.HomeFront, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FrontSlots(ctx, store.HomeFront); len(got) != 0 {
			t.Fatalf("cleared front: %+v", got)
		}
	})
}
