package analytics

import (
	"testing"
	"time"

	"masthead/internal/model"
)

// liveTester drives a Live with an injected clock.
type liveTester struct {
	t     *testing.T
	clock *fakeClock
	l     *Live
	start time.Time
}

func newLiveTester(t *testing.T) *liveTester {
	clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	return &liveTester{t: t, clock: clock, l: NewLive(LiveOptions{Now: clock.Now}), start: clock.Now()}
}

// at moves the clock to start+d.
func (lt *liveTester) at(d time.Duration) { lt.clock.t = lt.start.Add(d) }

func (lt *liveTester) hit(pv string, k model.EventKind, engaged int) {
	lt.l.Apply(LiveHit{Time: lt.clock.Now().UnixMilli(), Kind: k, PageviewID: pv, VisitorID: "v" + pv, Path: "/articles/a", ArticleID: 1, Engaged: engaged})
}

// want checks readers now, engaged and idle.
func (lt *liveTester) want(what string, concurrents, engaged int) {
	lt.t.Helper()
	s := lt.l.Snapshot(0)
	if s.Concurrents != concurrents || s.Engaged != engaged || s.Idle != concurrents-engaged {
		lt.t.Errorf("%s: %d readers, %d engaged, %d idle; want %d, %d, %d", what, s.Concurrents, s.Engaged, s.Idle, concurrents, engaged, concurrents-engaged)
	}
}

// TestLiveEngagedFollowsInput: "engaged" means input within the last
// LiveEngagedWithin, as the dashboard says (issue 5 finding 5). A reader
// with no input has only the tracker's 5 s credit for arriving; its first
// heartbeat (at 15 s, carrying those 5 s) does not restart the window.
func TestLiveEngagedFollowsInput(t *testing.T) {
	lt := newLiveTester(t)
	lt.hit("still", model.EventPageview, 0)  // never touched (an assistant's fetch, a background tab)
	lt.hit("hidden", model.EventPageview, 0) // hidden after 10 s, no input
	lt.hit("active", model.EventPageview, 0) // moves the mouse all the time
	lt.want("at load", 3, 3)
	lt.at(10 * time.Second)
	lt.hit("hidden", model.EventHeartbeat, 5)
	lt.at(15 * time.Second)
	lt.hit("still", model.EventHeartbeat, 5)
	lt.hit("active", model.EventHeartbeat, 15)
	lt.at(19 * time.Second)
	lt.want("19 s after load", 3, 3)
	lt.at(21 * time.Second)
	lt.want("21 s after load: only the active reader had input in the last 20 s", 3, 1)
	lt.at(30 * time.Second)
	lt.hit("still", model.EventHeartbeat, 0)
	lt.hit("active", model.EventHeartbeat, 15)
	lt.at(45*time.Second - time.Millisecond) // just before the active reader's next heartbeat
	lt.want("between heartbeats", 3, 1)
	// Input late in an interval counts from when it ended, not from the
	// heartbeat: 3 s engaged right after the 30 s heartbeat ended by 38 s.
	lt.at(45 * time.Second)
	lt.hit("active", model.EventHeartbeat, 8)
	lt.at(45*time.Second + 14*time.Second)
	lt.want("input ended at 38 s, 21 s ago (and the still tab idle)", 2, 0)
	// A scroll is input at its own time.
	lt.hit("active", model.EventScroll, 0)
	lt.want("after a scroll", 2, 1)
}

// TestLiveIdleDropoutStaysOut: a tab dropped after LiveIdleDropout without
// input stays out while its heartbeats carry no engaged time (issue 5
// finding 5b), and comes back, engaged, with its first input.
func TestLiveIdleDropoutStaysOut(t *testing.T) {
	lt := newLiveTester(t)
	lt.hit("tab", model.EventPageview, 0)
	var at time.Duration
	for at = 15 * time.Second; at <= LiveIdleDropout+15*time.Second; at += 15 * time.Second {
		lt.at(at)
		lt.hit("tab", model.EventHeartbeat, 0)
		lt.l.Snapshot(0) // the dashboard's pushes sweep
	}
	lt.want("after the idle dropout", 0, 0)
	for range 4 {
		at += 15 * time.Second
		lt.at(at)
		lt.hit("tab", model.EventHeartbeat, 0)
		lt.want("idle heartbeats after the dropout", 0, 0)
	}
	at += 15 * time.Second
	lt.at(at)
	lt.hit("tab", model.EventHeartbeat, 4)
	lt.want("input again", 1, 1)
}

// TestLiveHeartbeatOfUnknownPageView: after a restart a page view's next
// heartbeat brings it back (docs/ANALYTICS.md), engaged only when the
// heartbeat carries engaged time.
func TestLiveHeartbeatOfUnknownPageView(t *testing.T) {
	lt := newLiveTester(t)
	lt.hit("idle", model.EventHeartbeat, 0)
	lt.hit("busy", model.EventHeartbeat, 12)
	lt.want("after a restart", 2, 1)
	lt.at(LiveIdleDropout - time.Second)
	for _, pv := range []string{"idle", "busy"} {
		lt.hit(pv, model.EventHeartbeat, 0)
	}
	lt.want("idle since the restart", 2, 0)
	lt.at(LiveIdleDropout + time.Minute)
	for _, pv := range []string{"idle", "busy"} {
		lt.hit(pv, model.EventHeartbeat, 0)
	}
	lt.want("idle dropout counted from the restart", 0, 0)
}
