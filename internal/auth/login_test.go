package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T, s *store.Store, clk *testClock) *Service {
	t.Helper()
	p := cheap
	return New(s, Options{Now: clk.now, Params: &p, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func TestAddUserValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s, &testClock{t: time.Now()})
		for _, tc := range []struct {
			email, name, role, pw, field string
		}{
			{"not-an-address", "N", "editor", "long enough pw", "email"},
			{"Ana <ana@example.com>", "N", "editor", "long enough pw", "email"},
			{"", "N", "editor", "long enough pw", "email"},
			{"ana@example.com", "  ", "editor", "long enough pw", "name"},
			{"ana@example.com", "Ana\r\nBcc: x", "editor", "long enough pw", "name"},
			{"ana@example.com", "Ana", "admin", "long enough pw", "role"},
			{"ana@example.com", "Ana", "editor", "short", "password"},
		} {
			_, err := svc.AddUser(ctx, tc.email, tc.name, tc.role, tc.pw)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("AddUser(%q, %q, %q): %v, want a %s error", tc.email, tc.name, tc.role, err, tc.field)
			}
		}
		u, err := svc.AddUser(ctx, "Ana@Example.com", " Ana Ruiz ", "Editor", "long enough pw")
		if err != nil || u.Email != "ana@example.com" || u.Name != "Ana Ruiz" || u.Role != "editor" || !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$") {
			t.Fatalf("add: %+v %v", u, err)
		}
		_, err = svc.AddUser(ctx, "ANA@example.com", "Other", "author", "long enough pw")
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "email" || !errors.Is(err, store.ErrDuplicateEmail) {
			t.Fatalf("duplicate: %v", err)
		}
	})
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := &testClock{t: time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)}
		svc := newService(t, s, clk)
		if _, err := svc.AddUser(ctx, "ana@example.com", "Ana", "author", "right password"); err != nil {
			t.Fatal(err)
		}
		u, err := svc.Login(ctx, "192.0.2.1", " ANA@example.com", "right password")
		if err != nil || u.Name != "Ana" || !u.LastLogin.Equal(clk.now()) {
			t.Fatalf("login: %+v %v", u, err)
		}
		if got, _ := s.UserByID(ctx, u.ID); !got.LastLogin.Equal(clk.now()) {
			t.Fatalf("last login not stored: %v", got.LastLogin)
		}
		if _, err := svc.Login(ctx, "192.0.2.1", "ana@example.com", "wrong password"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		// Unknown account: same error, and the dummy hash is verified.
		before := svc.verifies.Load()
		if _, err := svc.Login(ctx, "192.0.2.1", "nobody@example.com", "some password"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("unknown account: %v", err)
		}
		if svc.verifies.Load() != before+1 || svc.dummy == "" {
			t.Fatal("unknown account did not run the dummy argon2id verification")
		}
		if _, err := svc.Login(ctx, "192.0.2.1", "ana@example.com", strings.Repeat("x", MaxPasswordBytes+1)); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("over-long password: %v", err)
		}
		// Disabled: the right password is told apart, a wrong one is not.
		if err := s.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Login(ctx, "192.0.2.9", "ana@example.com", "right password"); !errors.Is(err, ErrDisabled) {
			t.Fatalf("disabled: %v", err)
		}
	})
}

func TestLoginRateLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := &testClock{t: time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)}
		svc := newService(t, s, clk)
		svc.AddUser(ctx, "ben@example.com", "Ben", "editor", "right password")

		// Per account: 5 failures from different addresses, then 429.
		for i := 0; i < DefaultLimits.AccountBurst; i++ {
			if _, err := svc.Login(ctx, "198.51.100."+string(rune('1'+i)), "ben@example.com", "wrong"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		_, err := svc.Login(ctx, "203.0.113.1", "ben@example.com", "right password")
		var rl *RateLimitError
		if !errors.As(err, &rl) || !rl.PerAccount || rl.RetryAfter != time.Minute {
			t.Fatalf("account limit: %v", err)
		}
		clk.add(time.Minute)
		if _, err := svc.Login(ctx, "203.0.113.1", "ben@example.com", "right password"); err != nil {
			t.Fatalf("after waiting a minute: %v", err)
		}
		// A success refills the account's bucket.
		for i := 0; i < DefaultLimits.AccountBurst; i++ {
			svc.Login(ctx, "203.0.113.2", "ben@example.com", "wrong")
		}
		if _, err := svc.Login(ctx, "203.0.113.3", "ben@example.com", "wrong"); !errors.As(err, &rl) {
			t.Fatalf("after success and 5 new failures: %v", err)
		}

		// Per IP: 20 failures on different accounts, then 429 even for a
		// right password.
		clk.add(time.Hour)
		for i := 0; i < DefaultLimits.IPBurst; i++ {
			svc.Login(ctx, "192.0.2.66", "user"+string(rune('a'+i))+"@example.com", "whatever")
		}
		_, err = svc.Login(ctx, "192.0.2.66", "ben@example.com", "right password")
		if !errors.As(err, &rl) || rl.PerAccount || rl.RetryAfter != 10*time.Second || !strings.Contains(rl.Error(), "10 seconds") {
			t.Fatalf("IP limit: %v", err)
		}
		if _, err := svc.Login(ctx, "192.0.2.67", "ben@example.com", "right password"); err != nil {
			t.Fatalf("another IP is not limited: %v", err)
		}
	})
}

func TestLoginRehashesOldParameters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := &testClock{t: time.Now()}
		old := New(s, Options{Now: clk.now, Params: &Params{Memory: 32, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}})
		old.AddUser(ctx, "cy@example.com", "Cy", "analyst", "right password")
		svc := newService(t, s, clk)
		u, err := svc.Login(ctx, "192.0.2.1", "cy@example.com", "right password")
		if err != nil || !strings.Contains(u.PasswordHash, "$m=64,t=1,p=1$") {
			t.Fatalf("rehash: %v %v", u, err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != u.PasswordHash {
			t.Fatal("new hash not stored")
		}
		if _, err := svc.Login(ctx, "192.0.2.1", "cy@example.com", "right password"); err != nil {
			t.Fatalf("login with the new hash: %v", err)
		}
	})
}

func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s, &testClock{t: time.Now()})
		svc.AddUser(ctx, "dee@example.com", "Dee", "moderator", "first password")
		if err := svc.SetPassword(ctx, "DEE@example.com", "short"); err == nil {
			t.Fatal("short password accepted")
		}
		var fe *FieldError
		if err := svc.SetPassword(ctx, "nobody@example.com", "second password"); !errors.As(err, &fe) || fe.Field != "email" {
			t.Fatalf("unknown e-mail: %v", err)
		}
		if err := svc.SetPassword(ctx, "dee@example.com", "second password"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Login(ctx, "192.0.2.1", "dee@example.com", "first password"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("old password still works: %v", err)
		}
		if _, err := svc.Login(ctx, "192.0.2.1", "dee@example.com", "second password"); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}
