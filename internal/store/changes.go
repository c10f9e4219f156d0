package store

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// changes is shared by a Store and its transactions: the subscribers told
// of every change of Generation, and the state of the one poll of
// site_state.version that all of this process's watchers share.
type changes struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}

	lastPoll  atomic.Int64 // unix nanoseconds (wall clock) of the last poll
	dbVersion atomic.Int64 // last site_state.version seen; -1 before the first poll
}

func newChanges() *changes {
	c := &changes{subs: map[chan struct{}]struct{}{}}
	c.dbVersion.Store(-1)
	return c
}

// bump advances Generation and tells every subscriber.
func (s *Store) bump() {
	s.gen.Add(1)
	s.changes.mu.Lock()
	for ch := range s.changes.subs {
		select {
		case ch <- struct{}{}:
		default: // already signalled; one pending signal is enough
		}
	}
	s.changes.mu.Unlock()
}

// Changes returns a channel that receives a signal (coalesced: at most one
// pending) after every change of Generation — a committed content write in
// this process, a Touch, or another process's write seen by SyncVersion —
// and a function that unsubscribes. The scheduler waits on it so that a
// save that schedules a story wakes it at once.
func (s *Store) Changes() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.changes.mu.Lock()
	s.changes.subs[ch] = struct{}{}
	s.changes.mu.Unlock()
	return ch, func() {
		s.changes.mu.Lock()
		delete(s.changes.subs, ch)
		s.changes.mu.Unlock()
	}
}

// SyncVersion reads site_state.version — at most once per interval for
// the whole process, however many callers (the page cache on each request,
// the scheduler on each wake-up) — and bumps Generation when it moved, so
// that writes by other processes on the same database (an import beside
// `serve`, another instance) reach this one within interval. Rate limiting
// uses the wall clock. It returns the database error of a poll, if any.
func (s *Store) SyncVersion(ctx context.Context, interval time.Duration) error {
	c := s.changes
	t := time.Now().UnixNano()
	last := c.lastPoll.Load()
	if t-last < int64(interval) || !c.lastPoll.CompareAndSwap(last, t) {
		return nil
	}
	v, err := s.ContentVersion(ctx)
	if err != nil {
		return err
	}
	if old := c.dbVersion.Swap(v); old != v {
		s.bump()
	}
	return nil
}
