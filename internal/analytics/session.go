package analytics

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// SessionTimeout is the inactivity that ends a session: 30 minutes, the
// usual definition (Google Analytics, Matomo, Plausible).
const SessionTimeout = 30 * time.Minute

// Sessions assigns session ids to visitors' hits: a session goes on while
// hits of the visitor arrive less than the timeout apart. It also carries a
// session across midnight: a hit whose previous-day visitor id has an open
// session keeps that visitor id until the session ends. State is in memory
// (one entry per visitor seen within the timeout); call Sweep now and then.
// Safe for concurrent use.
type Sessions struct {
	timeout time.Duration

	mu sync.Mutex
	m  map[string]*session // visitor id → open session
}

type session struct {
	id   string
	last time.Time
}

// NewSessions returns Sessions ending a session after timeout without hits
// (SessionTimeout when timeout ≤ 0).
func NewSessions(timeout time.Duration) *Sessions {
	if timeout <= 0 {
		timeout = SessionTimeout
	}
	return &Sessions{timeout: timeout, m: map[string]*session{}}
}

// Resolve returns the visitor and session ids for a hit at now by the reader
// whose id today is visitor and yesterday was previous ("" when the day has
// no previous salt). Hits must come in roughly increasing time; a hit older
// than the session's last one keeps the session.
func (s *Sessions) Resolve(visitor, previous string, now time.Time) (visitorID, sessionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if previous != "" && previous != visitor {
		if ps, ok := s.m[previous]; ok && now.Sub(ps.last) < s.timeout {
			if now.After(ps.last) {
				ps.last = now
			}
			return previous, ps.id
		}
	}
	cur, ok := s.m[visitor]
	if !ok || now.Sub(cur.last) >= s.timeout {
		cur = &session{id: newSessionID(visitor, now)}
		s.m[visitor] = cur
	}
	if now.After(cur.last) {
		cur.last = now
	}
	return visitor, cur.id
}

// Sweep forgets sessions idle for the timeout or longer at now and returns
// how many remain.
func (s *Sessions) Sweep(now time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v, ss := range s.m {
		if now.Sub(ss.last) >= s.timeout {
			delete(s.m, v)
		}
	}
	return len(s.m)
}

// Len returns the number of sessions held.
func (s *Sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// newSessionID derives a session id (16 hex characters) from the visitor id
// and the session's start, so it carries nothing the visitor id does not.
func newSessionID(visitor string, start time.Time) string {
	h := sha256.New()
	h.Write([]byte(visitor))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(start.UnixNano()))
	h.Write(b[:])
	return hex.EncodeToString(h.Sum(nil)[:8])
}
