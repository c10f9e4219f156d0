package analytics

import (
	"testing"
	"time"
)

// TestEngagement walks one page view through the Chartbeat-style rule with
// an injected clock.
func TestEngagement(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	e := NewEngagement(t0, true)
	// Arrival counts as input: engaged 0–5 s, idle after.
	if got := e.Total(at(12)); got != 5*time.Second {
		t.Fatalf("after arrival: %v; want 5s", got)
	}
	if inc := e.Increment(at(15)); inc != 5 {
		t.Fatalf("first heartbeat: %d; want 5", inc)
	}
	// Scrolls at 16 and 18: engaged 16–23.
	e.Input(at(16))
	e.Input(at(18))
	// Hidden at 20: the clock stops at once (4 s engaged).
	e.Visibility(at(20), false)
	e.Input(at(21)) // ignored: hidden
	if inc := e.Increment(at(30)); inc != 4 {
		t.Fatalf("second heartbeat: %d; want 4", inc)
	}
	// Back at 100 (counts as input): 100–105 engaged.
	e.Visibility(at(100), true)
	e.Input(at(103.5)) // extends to 108.5
	if got := e.Total(at(200)); got != 9*time.Second+8500*time.Millisecond {
		t.Fatalf("total: %v; want 17.5s", got)
	}
	// Fractions carry over: 8 now, the half second later.
	if inc := e.Increment(at(200)); inc != 8 {
		t.Fatalf("third heartbeat: %d; want 8", inc)
	}
	e.Input(at(300))
	e.Input(at(304.5)) // 300–309.5 → 9.5 s, +0.5 carried = 10
	if inc := e.Increment(at(315)); inc != 10 {
		t.Fatalf("fourth heartbeat: %d; want 10", inc)
	}
	// A page opened in a background tab is not engaged until shown.
	bg := NewEngagement(t0, false)
	if got := bg.Total(at(60)); got != 0 {
		t.Errorf("background tab: %v", got)
	}
	// Time running backwards is ignored.
	if got := bg.Total(at(-5)); got != 0 {
		t.Errorf("clock went back: %v", got)
	}
}

func TestClampEngaged(t *testing.T) {
	for _, c := range []struct {
		claimed  int
		elapsed  time.Duration
		credited int
		want     int
	}{
		{5, 15 * time.Second, 0, 5},
		{15, 15 * time.Second, 0, 15},
		{16, 15 * time.Second, 0, 16}, // the allowance
		{20, 15 * time.Second, 0, 16},
		{15, 30 * time.Second, 16, 15},
		{20, 30 * time.Second, 16, 15}, // the allowance is granted once
		{400, time.Hour, 0, MaxEngagedIncrement},
		{400, 0, 0, EngagedAllowance},
		{-3, time.Second, 0, 0},
		{10, 1500 * time.Millisecond, 0, 2},
		{30, 1900 * time.Millisecond, 2, 0},
		{5, -time.Second, 0, 1},
	} {
		if got := ClampEngaged(c.claimed, c.elapsed, c.credited); got != c.want {
			t.Errorf("ClampEngaged(%d, %v, %d) = %d; want %d", c.claimed, c.elapsed, c.credited, got, c.want)
		}
	}
}
