package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPasswordResets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := &store.User{Email: "ana@example.com", Name: "Ana", Role: "editor", PasswordHash: "x"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for _, h := range []string{"h1", "h2", "old"} {
			created := now
			if h == "old" {
				created = now.Add(-2 * time.Hour)
			}
			if err := s.CreatePasswordReset(ctx, h, u.ID, created, created.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if id, err := s.PasswordResetUser(ctx, "h1", now); err != nil || id != u.ID {
			t.Fatalf("valid: %d %v", id, err)
		}
		for _, h := range []string{"old", "nope"} {
			if _, err := s.PasswordResetUser(ctx, h, now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("%s: %v", h, err)
			}
		}
		if _, err := s.PasswordResetUser(ctx, "h1", now.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("expired at 1 h: %v", err)
		}
		if id, err := s.UsePasswordReset(ctx, "h1", now); err != nil || id != u.ID {
			t.Fatalf("use: %d %v", id, err)
		}
		for _, h := range []string{"h1", "h2"} { // used, superseded
			if _, err := s.UsePasswordReset(ctx, h, now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("reuse %s: %v", h, err)
			}
		}
		if err := s.DeleteOldPasswordResets(ctx, now); err != nil {
			t.Fatal(err)
		}
	})
}
