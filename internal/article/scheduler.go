// Package article holds the newsroom's publishing rules that are not HTTP:
// the scheduler that publishes scheduled stories on time without traffic,
// the rules for publication and embargo times, and the line diff used to
// compare revisions.
package article

import (
	"context"
	"log/slog"
	"time"
)

// Store is what the Scheduler needs from the database (package store
// implements it).
type Store interface {
	// NextScheduled returns the earliest publication time (UTC) of a
	// scheduled article, overdue ones included; zero when none waits.
	NextScheduled(ctx context.Context) (time.Time, error)
	// PublishDue publishes every scheduled article due at or before now and
	// returns their ids.
	PublishDue(ctx context.Context, now time.Time) ([]int64, error)
	// Generation changes after every content change this process knows of:
	// its own committed writes, and other processes' once SyncVersion has
	// seen them.
	Generation() int64
	// SyncVersion polls the database-wide content version (at most once
	// per interval for the whole process: the page cache shares the same
	// poll) and moves Generation when another process wrote.
	SyncVersion(ctx context.Context, interval time.Duration) error
	// Changes signals every move of Generation, so a save in this process
	// that schedules a story wakes the scheduler at once.
	Changes() (<-chan struct{}, func())
}

// Timer is the part of *time.Timer the Scheduler uses.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// Clock tells the time and makes timers. RealClock is the wall clock; tests
// inject a fake one they advance by hand.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// RealClock is the system clock.
type RealClock struct{}

// Now returns time.Now in UTC.
func (RealClock) Now() time.Time { return time.Now().UTC() }

// NewTimer wraps time.NewTimer.
func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// DefaultPoll is how often the scheduler checks the database's content
// version for changes made by other processes (saves in this one wake it at
// once through Store.Changes). A story scheduled elsewhere less than this
// ahead is still published within this long of its time.
const DefaultPoll = time.Second

// Scheduler publishes scheduled articles when their publication time comes,
// with no reader traffic needed. It keeps one timer, set to the earliest
// scheduled time in the store, and re-reads that time whenever content
// changes: at once for writes in this process (Store.Changes, or Poke),
// within Poll for other processes' (Store.SyncVersion, the poll shared with
// the page cache). On
// start it publishes everything already overdue, so a restart loses nothing.
// Times have whole-second resolution (the store keeps Unix seconds); a story
// due at second T is published when the clock reads T.
type Scheduler struct {
	st   Store
	clk  Clock
	log  *slog.Logger
	poll time.Duration
	poke chan struct{}
	// OnPublish, when set, is called after each batch is published (tests,
	// cache invalidation hooks). It runs on the scheduler's goroutine.
	OnPublish func(ids []int64)
}

// Options configure NewScheduler; zero values mean defaults.
type Options struct {
	Clock Clock         // default RealClock
	Poll  time.Duration // default DefaultPoll
	Log   *slog.Logger  // default slog.Default()
}

// NewScheduler makes a scheduler over st; start it with Run.
func NewScheduler(st Store, opts Options) *Scheduler {
	s := &Scheduler{st: st, clk: opts.Clock, log: opts.Log, poll: opts.Poll, poke: make(chan struct{}, 1)}
	if s.clk == nil {
		s.clk = RealClock{}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.poll <= 0 {
		s.poll = DefaultPoll
	}
	return s
}

// Poke tells the scheduler that content changed, so it re-reads the next
// due time at once. It never blocks.
func (s *Scheduler) Poke() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// Run publishes due articles until ctx is cancelled, then returns nil.
// Database errors are logged and retried at the next poll.
func (s *Scheduler) Run(ctx context.Context) error {
	changed, unsubscribe := s.st.Changes()
	defer unsubscribe()
	gen := int64(-1)
	var next time.Time
	reload := true
	for {
		if ctx.Err() != nil {
			return nil
		}
		if err := s.st.SyncVersion(ctx, s.poll); err != nil {
			s.logErr(ctx, "content version", err)
		}
		if g := s.st.Generation(); g != gen {
			gen, reload = g, true
		}
		if reload {
			t, err := s.st.NextScheduled(ctx)
			if err != nil {
				s.logErr(ctx, "next scheduled", err)
			} else {
				next, reload = t, false
			}
		}
		now := s.clk.Now()
		if !next.IsZero() && now.Unix() >= next.Unix() {
			ids, err := s.st.PublishDue(ctx, now)
			if err != nil {
				s.logErr(ctx, "publish due", err)
			} else if len(ids) > 0 {
				s.log.Info("scheduler: published scheduled articles", "ids", ids)
				if s.OnPublish != nil {
					s.OnPublish(ids)
				}
				reload = true
				continue
			} else {
				// Someone else published or rescheduled it first: look
				// again at the next poll rather than spinning.
				next = time.Time{}
			}
		}
		wait := s.poll
		if !next.IsZero() && !reload {
			// Wake at the start of the due second.
			if d := time.Unix(next.Unix(), 0).Sub(now); d < wait {
				wait = max(d, 0)
			}
		}
		t := s.clk.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.poke:
			t.Stop()
			reload = true
		case <-changed:
			t.Stop()
		case <-t.C():
		}
	}
}

func (s *Scheduler) logErr(ctx context.Context, what string, err error) {
	if ctx.Err() == nil {
		s.log.Error("scheduler: "+what, "err", err)
	}
}
