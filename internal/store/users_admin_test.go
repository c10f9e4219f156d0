package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestLastOwnerIsKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mk := func(email, role string) *store.User {
			u := &store.User{Email: email, Name: email, Role: role, PasswordHash: "h"}
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		o1, o2, ed := mk("o1@example.com", "owner"), mk("o2@example.com", "owner"), mk("ed@example.com", "editor")
		v0, _ := s.ContentVersion(ctx)
		if err := s.ChangeUserRole(ctx, o2.ID, "editor"); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeUserRole(ctx, o1.ID, "editor"); !errors.Is(err, store.ErrLastOwner) {
			t.Fatalf("demoting the last owner: %v", err)
		}
		if err := s.DisableUser(ctx, o1.ID, true); !errors.Is(err, store.ErrLastOwner) {
			t.Fatalf("disabling the last owner: %v", err)
		}
		if u, _ := s.UserByID(ctx, o1.ID); u.Role != "owner" || u.Disabled {
			t.Fatalf("last owner changed: %+v", u)
		}
		// With another enabled owner, the first may go; a disabled owner does not count.
		if err := s.ChangeUserRole(ctx, ed.ID, "owner"); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(ctx, ed.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeUserRole(ctx, o1.ID, "analyst"); !errors.Is(err, store.ErrLastOwner) {
			t.Fatalf("only a disabled owner left: %v", err)
		}
		if err := s.DisableUser(ctx, ed.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveSession(ctx, "tok", []byte("x"), s.Now().Add(time.Hour), o1.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(ctx, o1.ID, true); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountSessions(ctx, o1.ID); n != 0 {
			t.Fatalf("disabled account keeps %d sessions", n)
		}
		if err := s.ChangeUserRole(ctx, 99999, "editor"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
		if err := s.ChangeUserRole(ctx, o2.ID, "janitor"); err == nil {
			t.Fatal("unknown role accepted")
		}
		if v1, _ := s.ContentVersion(ctx); v1 != v0 {
			t.Fatal("account changes moved the content version")
		}
	})
}
