package analytics

import (
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	s := NewSessions(0)
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	v, a := s.Resolve("v1", "", t0)
	if v != "v1" || len(a) != 16 {
		t.Fatalf("first hit: %q %q", v, a)
	}
	if _, b := s.Resolve("v1", "", t0.Add(29*time.Minute)); b != a {
		t.Error("29 minutes later: new session")
	}
	// 29 minutes after the last hit, not the first: still the same session.
	if _, b := s.Resolve("v1", "", t0.Add(58*time.Minute)); b != a {
		t.Error("hits 29 minutes apart split the session")
	}
	_, c := s.Resolve("v1", "", t0.Add(88*time.Minute))
	if c == a {
		t.Error("30 minutes of inactivity kept the session")
	}
	if _, d := s.Resolve("v2", "", t0.Add(88*time.Minute)); d == c {
		t.Error("two visitors share a session id")
	}
	if n := s.Sweep(t0.Add(88*time.Minute + SessionTimeout)); n != 0 {
		t.Errorf("after sweep: %d sessions", n)
	}
}

// TestSessionAcrossMidnight: at midnight the visitor id changes (new salt),
// but an open session keeps yesterday's id until it ends.
func TestSessionAcrossMidnight(t *testing.T) {
	s := NewSessions(SessionTimeout)
	before := time.Date(2026, 6, 1, 23, 50, 0, 0, time.UTC)
	v1, s1 := s.Resolve("yesterday-id", "", before)
	v2, s2 := s.Resolve("today-id", "yesterday-id", before.Add(15*time.Minute))
	if v2 != v1 || s2 != s1 {
		t.Errorf("after midnight: %q %q; want the open session %q %q", v2, s2, v1, s1)
	}
	v3, s3 := s.Resolve("today-id", "yesterday-id", before.Add(15*time.Minute+SessionTimeout))
	if v3 != "today-id" || s3 == s1 {
		t.Errorf("after the session ended: %q %q; want today's id and a new session", v3, s3)
	}
	// A reader first seen after midnight never gets yesterday's id.
	if v, _ := s.Resolve("new-today", "never-seen", before.Add(20*time.Minute)); v != "new-today" {
		t.Errorf("new reader: %q", v)
	}
}
