package analytics

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestVisitorID(t *testing.T) {
	salt := bytes.Repeat([]byte{7}, SaltBytes)
	a := VisitorID(salt, "news.example.org", "203.0.113.5", firefoxUA)
	if len(a) != 16 {
		t.Fatalf("id %q: want 16 hex characters", a)
	}
	if a != VisitorID(salt, "news.example.org", "203.0.113.5", firefoxUA) {
		t.Error("not stable within a day")
	}
	other := bytes.Repeat([]byte{8}, SaltBytes)
	for name, id := range map[string]string{
		"next day's salt": VisitorID(other, "news.example.org", "203.0.113.5", firefoxUA),
		"other IP":        VisitorID(salt, "news.example.org", "203.0.113.6", firefoxUA),
		"other browser":   VisitorID(salt, "news.example.org", "203.0.113.5", chromeUA),
		"other site":      VisitorID(salt, "sport.example.org", "203.0.113.5", firefoxUA),
		// The separator keeps shifted fields apart.
		"shifted fields": VisitorID(salt, "news.example.org203.0.113.5", "", firefoxUA),
	} {
		if id == a {
			t.Errorf("%s gives the same id", name)
		}
	}
	if bytes.Contains([]byte(a), []byte("203")) || VisitorID(nil, "s", "i", "u") != "" {
		t.Error("raw input in the id, or an id without salt")
	}
}

// TestSaltRotation: a new salt each UTC day, yesterday's kept, older ones
// deleted from the database once a day begins; a second instance on the same
// database gets the same salts.
func TestSaltRotation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s1, s2 := NewSalts(st), NewSalts(st)
		d1 := time.Date(2026, 6, 1, 23, 59, 0, 0, time.UTC)
		cur1, prev1, err := s1.For(ctx, d1)
		if err != nil || len(cur1) != SaltBytes || prev1 != nil {
			t.Fatalf("day one: %x, %x, %v", cur1, prev1, err)
		}
		other, _, _ := s2.For(ctx, d1)
		if !bytes.Equal(other, cur1) {
			t.Error("second instance got another salt for the same day")
		}
		cur2, prev2, err := s1.For(ctx, d1.Add(2*time.Minute)) // 00:01 next day
		if err != nil || bytes.Equal(cur2, cur1) || !bytes.Equal(prev2, cur1) {
			t.Fatalf("day two: new salt %x, previous %x (want day one's %x), %v", cur2, prev2, cur1, err)
		}
		cur3, prev3, err := s1.For(ctx, d1.Add(24*time.Hour+2*time.Minute)) // day three
		if err != nil || !bytes.Equal(prev3, cur2) {
			t.Fatalf("day three: %x, %x, %v", cur3, prev3, err)
		}
		days, err := st.AnalyticsSaltDays(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []time.Time{Day(d1).AddDate(0, 0, 1), Day(d1).AddDate(0, 0, 2)}
		if len(days) != 2 || !days[0].Equal(want[0]) || !days[1].Equal(want[1]) {
			t.Errorf("salts kept on day three: %v; want %v (day one's deleted 48 h after it began)", days, want)
		}
		// Instance two, idle since day one, must not use day one's salt any more.
		cur, prev, err := s2.For(ctx, d1.Add(24*time.Hour+3*time.Minute))
		if err != nil || !bytes.Equal(cur, cur3) || !bytes.Equal(prev, cur2) {
			t.Errorf("second instance on day three: %x, %x, %v", cur, prev, err)
		}
	})
}

// The collector's pooled HMACs give the same ids as VisitorID, across a
// change of salt and from concurrent goroutines.
func TestHasherPoolMatchesVisitorID(t *testing.T) {
	var h hasherPool
	salts := [][]byte{bytes.Repeat([]byte{1}, SaltBytes), bytes.Repeat([]byte{2}, SaltBytes)}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				salt := salts[(i/50+g)%2]
				ip := fmt.Sprintf("10.0.%d.%d", g, i)
				if got, want := h.id(salt, "news.example.com", ip, "UA"), VisitorID(salt, "news.example.com", ip, "UA"); got != want {
					t.Errorf("pooled id %s, want %s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if h.id(nil, "s", "ip", "ua") != "" {
		t.Error("empty salt gave an id")
	}
}
