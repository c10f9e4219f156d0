package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestUsersCreateFindList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v0, _ := s.ContentVersion(ctx)
		u := &store.User{Email: "  Ana.Ruiz@Example.COM ", Name: "Ana Ruiz", Role: "editor", PasswordHash: "$argon2id$x"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "ana.ruiz@example.com" || u.Created.IsZero() {
			t.Fatalf("created: %+v", u)
		}
		dup := &store.User{Email: "ANA.RUIZ@example.com", Name: "Other", Role: "author", PasswordHash: "h"}
		if err := s.CreateUser(ctx, dup); !errors.Is(err, store.ErrDuplicateEmail) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if err := s.CreateUser(ctx, &store.User{Email: "b@example.com", Name: "B", Role: "janitor", PasswordHash: "h"}); err == nil {
			t.Fatal("unknown role accepted by the database")
		}
		if err := s.CreateUser(ctx, &store.User{Email: "b@example.com", Name: "Ben", Role: "analyst", PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByEmail(ctx, "ANA.ruiz@example.com")
		if err != nil || got.ID != u.ID || got.Name != "Ana Ruiz" || got.Role != "editor" || got.Disabled || !got.LastLogin.IsZero() {
			t.Fatalf("by email: %+v %v", got, err)
		}
		if _, err := s.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown e-mail: %v", err)
		}
		if _, err := s.UserByID(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
		login := time.Date(2024, 6, 20, 14, 0, 0, 0, time.UTC)
		if err := s.RecordLogin(ctx, u.ID, login); err != nil {
			t.Fatal(err)
		}
		list, err := s.Users(ctx)
		if err != nil || len(list) != 2 || list[0].Email != "ana.ruiz@example.com" || !list[0].LastLogin.Equal(login) || list[1].Role != "analyst" {
			t.Fatalf("list: %+v %v", list, err)
		}
		if v1, _ := s.ContentVersion(ctx); v1 != v0 {
			t.Fatalf("account writes moved the content version %d → %d (would empty the page cache)", v0, v1)
		}
	})
}

func TestPasswordChangeAndDisableEndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := &store.User{Email: "c@example.com", Name: "C", Role: "author", PasswordHash: "old"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		exp := s.Now().Add(time.Hour)
		for _, tok := range []string{"t1", "t2"} {
			if err := s.SaveSession(ctx, tok, []byte("x"), exp, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetPasswordHash(ctx, u.ID, "new", false); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountSessions(ctx, u.ID); n != 2 {
			t.Fatalf("sessions after keep-sessions password change: %d", n)
		}
		if err := s.SetPasswordHash(ctx, u.ID, "newer", true); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(ctx, u.ID)
		if got.PasswordHash != "newer" || got.SessionGen != 1 {
			t.Fatalf("after password change: %+v", got)
		}
		if n, _ := s.CountSessions(ctx, u.ID); n != 0 {
			t.Fatalf("sessions survived a password change: %d", n)
		}
		if err := s.SetPasswordHash(ctx, 9999, "x", true); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		s.SaveSession(ctx, "t3", []byte("x"), exp, u.ID)
		if err := s.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ = s.UserByID(ctx, u.ID)
		if !got.Disabled || got.SessionGen != 2 {
			t.Fatalf("after disable: %+v", got)
		}
		if n, _ := s.CountSessions(ctx, u.ID); n != 0 {
			t.Fatalf("sessions survived disabling: %d", n)
		}
	})
}
