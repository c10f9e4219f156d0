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

func TestRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := &model.Article{Slug: "r", Headline: "R"}
		b := &model.Article{Slug: "other", Headline: "Other"}
		for _, x := range []*model.Article{a, b} {
			if _, err := s.SaveArticle(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		at := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		for i, snap := range []string{`{"Headline":"one"}`, `{"Headline":"two"}`} {
			r := &store.Revision{ArticleID: a.ID, Created: at.Add(time.Duration(i) * time.Minute), UserID: 7, UserName: "Ana", Snapshot: snap}
			if err := s.AddRevision(ctx, r); err != nil || r.ID == 0 {
				t.Fatalf("add: %v", err)
			}
		}
		if err := s.AddRevision(ctx, &store.Revision{ArticleID: 0}); err == nil {
			t.Fatal("revision without article accepted")
		}
		if err := s.AddRevision(ctx, &store.Revision{ArticleID: 99999, Snapshot: "{}"}); err == nil {
			t.Fatal("revision of a missing article accepted")
		}
		list, err := s.Revisions(ctx, a.ID, 0)
		if err != nil || len(list) != 2 || list[0].Snapshot != `{"Headline":"two"}` || !list[1].Created.Equal(at) || list[0].UserName != "Ana" {
			t.Fatalf("list: %v %+v", err, list)
		}
		// Numbers count per article: b's first revision is number 1 too.
		if err := s.AddRevision(ctx, &store.Revision{ArticleID: b.ID, Snapshot: `{"Headline":"b1"}`}); err != nil {
			t.Fatal(err)
		}
		if list[0].Number != 2 || list[1].Number != 1 {
			t.Fatalf("numbers: %d %d", list[0].Number, list[1].Number)
		}
		got, err := s.RevisionByNumber(ctx, a.ID, 1)
		if err != nil || got.Snapshot != `{"Headline":"one"}` || got.ID != list[1].ID || got.Number != 1 {
			t.Fatalf("by number: %v %+v", err, got)
		}
		if got, err := s.RevisionByNumber(ctx, b.ID, 1); err != nil || got.Snapshot != `{"Headline":"b1"}` {
			t.Fatalf("b's first: %v %+v", err, got)
		}
		if _, err := s.RevisionByNumber(ctx, b.ID, 2); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing number: %v", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i, act := range []string{store.AuditCreate, store.AuditPublish, store.AuditCorrection} {
			e := &store.AuditEntry{UserID: 1, UserName: "Ana", Action: act, ArticleID: int64(1 + i%2), Detail: act + " detail"}
			if err := s.AddAudit(ctx, e); err != nil || e.ID == 0 || e.Created.IsZero() {
				t.Fatalf("add: %v %+v", err, e)
			}
		}
		all, total, err := s.AuditLog(ctx, store.AuditFilter{})
		if err != nil || total != 3 || all[0].Action != store.AuditCorrection || all[2].Action != store.AuditCreate {
			t.Fatalf("all: %v %d %+v", err, total, all)
		}
		one, total, _ := s.AuditLog(ctx, store.AuditFilter{ArticleID: 1})
		if total != 2 || len(one) != 2 {
			t.Fatalf("article 1: %d", total)
		}
		pub, total, _ := s.AuditLog(ctx, store.AuditFilter{Action: store.AuditPublish, Limit: 1})
		if total != 1 || pub[0].ArticleID != 2 {
			t.Fatalf("publish: %+v", pub)
		}
		page, _, _ := s.AuditLog(ctx, store.AuditFilter{Limit: 1, Offset: 1})
		if len(page) != 1 || page[0].Action != store.AuditPublish {
			t.Fatalf("page 2: %+v", page)
		}
	})
}

func TestScheduledAndSecret(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		if next, err := s.NextScheduled(ctx); err != nil || !next.IsZero() {
			t.Fatalf("empty: %v %v", next, err)
		}
		for i, d := range []time.Duration{time.Hour, -time.Minute} {
			a := &model.Article{Slug: "s" + string(rune('a'+i)), Headline: "S", Status: model.StatusScheduled, PublishedAt: now.Add(d)}
			if _, err := s.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if next, _ := s.NextScheduled(ctx); !next.Equal(now.Add(-time.Minute)) {
			t.Fatalf("next: %v", next)
		}
		ids, err := s.PublishDue(ctx, now)
		if err != nil || len(ids) != 1 {
			t.Fatalf("due: %v %v", ids, err)
		}
		if next, _ := s.NextScheduled(ctx); !next.Equal(now.Add(time.Hour)) {
			t.Fatalf("next after: %v", next)
		}
		if ids, _ := s.PublishDue(ctx, now); len(ids) != 0 {
			t.Fatalf("published twice: %v", ids)
		}
		v0, _ := s.ContentVersion(ctx)
		k1, err := s.Secret(ctx, "preview")
		k2, _ := s.Secret(ctx, "preview")
		k3, _ := s.Secret(ctx, "other")
		if err != nil || len(k1) != 32 || string(k1) != string(k2) || string(k1) == string(k3) {
			t.Fatalf("secrets: %v", err)
		}
		if v1, _ := s.ContentVersion(ctx); v1 != v0 {
			t.Fatal("a secret bumped the content version")
		}
	})
}
