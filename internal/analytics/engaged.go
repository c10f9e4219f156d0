package analytics

import "time"

// Engaged-time rule as Chartbeat describes it publicly: any input (scroll,
// key, mouse, touch, focus) makes the reader engaged for the next
// EngagedWindow; a hidden tab stops the clock at once; engagement is sent as
// increments with each HeartbeatInterval heartbeat so that a lost beacon
// loses one interval only. The tracker (static/tracker.js) implements the
// same rule in the browser; Engagement is its reference model.
const (
	EngagedWindow     = 5 * time.Second
	HeartbeatInterval = 15 * time.Second
	// MaxEngagedIncrement is the most engaged seconds one heartbeat may
	// claim: two intervals, allowing for a late timer. Larger claims are
	// cut to this and to the time since the page view's previous hit.
	MaxEngagedIncrement = 30
)

// Engagement tracks one page view's engaged time under the rule above, on
// times given by the caller (an injected clock). Not safe for concurrent use.
type Engagement struct {
	visible     bool
	activeUntil time.Time     // engaged until then, while visible
	last        time.Time     // time accounted up to
	total       time.Duration // engaged time so far
	reported    time.Duration // whole seconds already sent as increments
}

// NewEngagement starts a page view at now; a visible page counts as an
// input (the reader just arrived).
func NewEngagement(now time.Time, visible bool) *Engagement {
	e := &Engagement{visible: visible, last: now}
	if visible {
		e.activeUntil = now.Add(EngagedWindow)
	}
	return e
}

func (e *Engagement) advance(now time.Time) {
	if now.Before(e.last) {
		return
	}
	if e.visible && e.activeUntil.After(e.last) {
		end := now
		if e.activeUntil.Before(end) {
			end = e.activeUntil
		}
		e.total += end.Sub(e.last)
	}
	e.last = now
}

// Input records reader input at now: engaged until now + EngagedWindow.
// Input on a hidden page (which browsers do not deliver) is ignored.
func (e *Engagement) Input(now time.Time) {
	e.advance(now)
	if e.visible && now.Add(EngagedWindow).After(e.activeUntil) {
		e.activeUntil = now.Add(EngagedWindow)
	}
}

// Visibility records the page becoming hidden (the clock stops) or visible
// again (counted as an input: the reader came back to the tab) at now.
func (e *Engagement) Visibility(now time.Time, visible bool) {
	e.advance(now)
	e.visible = visible
	if visible {
		e.activeUntil = now.Add(EngagedWindow)
	} else {
		e.activeUntil = now
	}
}

// Total returns the engaged time up to now.
func (e *Engagement) Total(now time.Time) time.Duration {
	e.advance(now)
	return e.total
}

// Increment returns the whole engaged seconds not yet reported up to now and
// marks them reported; fractions carry over to the next increment.
func (e *Engagement) Increment(now time.Time) int {
	e.advance(now)
	secs := int((e.total - e.reported) / time.Second)
	e.reported += time.Duration(secs) * time.Second
	return secs
}

// EngagedAllowance is the slack, in seconds, granted once per page view on
// top of its wall-clock age for clock and network jitter (a heartbeat sent
// just before its page view's pageview beacon arrived, say).
const EngagedAllowance = 1

// ClampEngaged limits a heartbeat's claimed engaged seconds to
// MaxEngagedIncrement and to what the page view's wall-clock age leaves:
// whole seconds elapsed since the collector first saw the page view, plus
// EngagedAllowance once, minus the seconds already credited to it. A page
// view can therefore never be credited more engaged time than it has
// existed (plus one second), however many heartbeats it sends; negative
// claims and exhausted budgets give 0.
func ClampEngaged(claimed int, elapsed time.Duration, credited int) int {
	if claimed < 0 {
		return 0
	}
	if claimed > MaxEngagedIncrement {
		claimed = MaxEngagedIncrement
	}
	if elapsed < 0 {
		elapsed = 0
	}
	budget := int(elapsed/time.Second) + EngagedAllowance - credited
	if budget < 0 {
		budget = 0
	}
	return min(claimed, budget)
}
