package article_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"masthead/internal/article"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fakeClock is a hand-driven clock: timers fire only when Advance passes
// their deadline. Armed reports each timer's deadline as it is made, so a
// test can wait until the scheduler is parked before moving time on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	armed  chan time.Time
}

type fakeTimer struct {
	clk *fakeClock
	at  time.Time
	c   chan time.Time
	ok  bool // pending
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }
func (t *fakeTimer) Stop() bool {
	t.clk.mu.Lock()
	defer t.clk.mu.Unlock()
	was := t.ok
	t.ok = false
	return was
}

func newFakeClock(t time.Time) *fakeClock {
	return &fakeClock{now: t, armed: make(chan time.Time, 1000)}
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) NewTimer(d time.Duration) article.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{clk: c, at: c.now.Add(d), c: make(chan time.Time, 1), ok: true}
	if d <= 0 {
		t.c <- c.now
		t.ok = false
	} else {
		c.timers = append(c.timers, t)
	}
	c.armed <- t.at
	return t
}

// Advance moves the clock on by d and fires every timer now due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	keep := c.timers[:0]
	for _, t := range c.timers {
		if t.ok && !t.at.After(c.now) {
			t.ok = false
			t.c <- c.now
		} else if t.ok {
			keep = append(keep, t)
		}
	}
	c.timers = keep
}

// waitArmed waits until the scheduler arms a timer for exactly at.
func (c *fakeClock) waitArmed(t *testing.T, at time.Time) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-c.armed:
			if got.Equal(at) {
				return
			}
		case <-deadline:
			t.Fatalf("scheduler never armed a timer for %v", at)
		}
	}
}

func seedArticle(t *testing.T, st *store.Store, slug string, status model.Status, pub time.Time) *model.Article {
	t.Helper()
	a := &model.Article{Slug: slug, Headline: "Story " + slug, Status: status, PublishedAt: pub, BodyFormat: model.FormatMarkdown}
	if _, err := st.SaveArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func status(t *testing.T, st *store.Store, id int64) model.Status {
	t.Helper()
	a, err := st.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Status
}

// TestSchedulerPublishesOnTime drives the clock by hand: overdue stories are
// published at start, a due story exactly at its second (not before), a
// story scheduled while running after a Poke, and the scheduler stops with
// its context.
func TestSchedulerPublishesOnTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		t0 := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		clk := newFakeClock(t0)
		overdue := seedArticle(t, st, "overdue", model.StatusScheduled, t0.Add(-time.Hour))
		soon := seedArticle(t, st, "soon", model.StatusScheduled, t0.Add(5*time.Second))
		draft := seedArticle(t, st, "draft", model.StatusDraft, t0.Add(time.Second))

		published := make(chan []int64, 10)
		s := article.NewScheduler(st, article.Options{Clock: clk, Poll: time.Minute,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		s.OnPublish = func(ids []int64) { published <- ids }
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()

		if ids := <-published; len(ids) != 1 || ids[0] != overdue.ID {
			t.Fatalf("at start: published %v, want [%d]", ids, overdue.ID)
		}
		clk.waitArmed(t, t0.Add(5*time.Second))
		if status(t, st, soon.ID) != model.StatusScheduled {
			t.Fatal("published early")
		}
		clk.Advance(4 * time.Second) // one second short: nothing happens
		if status(t, st, soon.ID) != model.StatusScheduled {
			t.Fatal("published a second early")
		}
		clk.Advance(time.Second)
		if ids := <-published; len(ids) != 1 || ids[0] != soon.ID {
			t.Fatalf("on time: published %v, want [%d]", ids, soon.ID)
		}
		if status(t, st, draft.ID) != model.StatusDraft {
			t.Fatal("a draft was published")
		}
		a, _ := st.ArticleByID(ctx, soon.ID)
		if !a.PublishedAt.Equal(t0.Add(5*time.Second)) || !a.VisibleAt(clk.Now()) {
			t.Fatalf("published article: %+v", a)
		}

		// Scheduled while running: a Poke re-arms the timer at once.
		later := seedArticle(t, st, "later", model.StatusScheduled, clk.Now().Add(30*time.Second))
		s.Poke()
		clk.waitArmed(t, later.PublishedAt)
		clk.Advance(30 * time.Second)
		if ids := <-published; len(ids) != 1 || ids[0] != later.ID {
			t.Fatalf("after poke: published %v", ids)
		}
		log, _, err := st.AuditLog(ctx, store.AuditFilter{Action: store.AuditPublish})
		if err != nil || len(log) != 3 || log[0].UserName != "scheduler" {
			t.Fatalf("audit: %v %+v", err, log)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestSchedulerSeesOtherWrites: without a Poke, a change is noticed by the
// content-version poll and the timer is re-armed.
func TestSchedulerSeesOtherWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		t0 := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		clk := newFakeClock(t0)
		published := make(chan []int64, 10)
		s := article.NewScheduler(st, article.Options{Clock: clk, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		s.OnPublish = func(ids []int64) { published <- ids }
		go s.Run(ctx)
		clk.waitArmed(t, t0.Add(article.DefaultPoll)) // idle: polling
		a := seedArticle(t, st, "elsewhere", model.StatusScheduled, t0.Add(3*time.Second))
		clk.Advance(article.DefaultPoll)
		clk.waitArmed(t, t0.Add(2*time.Second)) // next poll (due is later)
		clk.Advance(time.Second)
		clk.waitArmed(t, t0.Add(3*time.Second))
		clk.Advance(time.Second)
		if ids := <-published; len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("published %v", ids)
		}
	})
}

// TestSchedulerWokenBySave: a save in this process that schedules a story
// wakes the scheduler at once (Store.Changes), without a Poke and without
// waiting for the poll — here an hour, so only the wake-up can explain a
// timer armed for the story's time.
func TestSchedulerWokenBySave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		t0 := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		clk := newFakeClock(t0)
		published := make(chan []int64, 10)
		s := article.NewScheduler(st, article.Options{Clock: clk, Poll: time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		s.OnPublish = func(ids []int64) { published <- ids }
		go s.Run(ctx)
		clk.waitArmed(t, t0.Add(time.Hour)) // idle
		a := seedArticle(t, st, "soon", model.StatusScheduled, t0.Add(5*time.Second))
		clk.waitArmed(t, t0.Add(5*time.Second))
		clk.Advance(5 * time.Second)
		if ids := <-published; len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("published %v", ids)
		}
	})
}
