package store_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestSessionsSaveFindExpire(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)}
			s := storetest.Open(t, d, clk.now)
			u := &store.User{Email: "d@example.com", Name: "D", Role: "owner", PasswordHash: "h"}
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			v0, _ := s.ContentVersion(ctx)
			if err := s.SaveSession(ctx, "anon", []byte{1}, clk.now().Add(time.Hour), 0); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveSession(ctx, "mine", []byte{2}, clk.now().Add(2*time.Hour), u.ID); err != nil {
				t.Fatal(err)
			}
			// Commit again: replaces data and expiry.
			if err := s.SaveSession(ctx, "mine", []byte{3, 4}, clk.now().Add(3*time.Hour), u.ID); err != nil {
				t.Fatal(err)
			}
			data, found, err := s.FindSession(ctx, "mine")
			if err != nil || !found || !bytes.Equal(data, []byte{3, 4}) {
				t.Fatalf("find: %v %v %v", data, found, err)
			}
			if _, found, err := s.FindSession(ctx, "nope"); found || err != nil {
				t.Fatalf("unknown token: %v %v", found, err)
			}
			if n, _ := s.CountSessions(ctx, 0); n != 2 {
				t.Fatalf("live sessions: %d", n)
			}
			clk.add(90 * time.Minute) // "anon" has expired, "mine" has not
			if _, found, _ := s.FindSession(ctx, "anon"); found {
				t.Fatal("expired session found")
			}
			if _, found, _ := s.FindSession(ctx, "mine"); !found {
				t.Fatal("live session lost")
			}
			if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
				t.Fatalf("cleanup: %d %v", n, err)
			}
			if err := s.DeleteSession(ctx, "mine"); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteSession(ctx, "mine"); err != nil {
				t.Fatalf("deleting twice: %v", err)
			}
			if n, _ := s.CountSessions(ctx, 0); n != 0 {
				t.Fatalf("left: %d", n)
			}
			s.SaveSession(ctx, "a", []byte{1}, clk.now().Add(time.Hour), u.ID)
			s.SaveSession(ctx, "b", []byte{1}, clk.now().Add(time.Hour), u.ID)
			s.SaveSession(ctx, "c", []byte{1}, clk.now().Add(time.Hour), 0)
			if err := s.EndUserSessions(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if n, _ := s.CountSessions(ctx, 0); n != 1 {
				t.Fatalf("after ending the user's sessions: %d live, want the anonymous one", n)
			}
			if v1, _ := s.ContentVersion(ctx); v1 != v0 {
				t.Fatalf("session writes moved the content version %d → %d", v0, v1)
			}
		})
	}
}
