package analytics

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/model"
)

// Live-view defaults (Chartbeat-like): a reader is concurrent while their
// page has pinged within LiveWindow (three missed 15 s heartbeats), engaged
// while their last input (arrival, a scroll, a click, or the engaged time a
// heartbeat reports, placed where it lies in the heartbeat's interval — see
// Live.Apply) is within LiveEngagedWithin, and drops out after
// LiveIdleDropout without any input even if the tab keeps pinging; such a
// tab stays out while its heartbeats report no engaged time.
const (
	LiveWindow        = 45 * time.Second
	LiveEngagedWithin = 20 * time.Second
	LiveIdleDropout   = 10 * time.Minute
	liveMinutes       = 30 // minutes of history in the chart
)

// Caps on the page views one client may hold in the live view at once
// (issue 5: one address showed 16,114 "readers now"). A person reads in a
// few tabs; an office, school or mobile carrier behind one address may be
// many people, hence the wider per-address cap. Page views beyond a cap are
// stored as usual but not shown as readers now until earlier ones end.
const (
	MaxLivePerVisitor = 10  // per visitor hash (address + user agent, salted daily)
	MaxLivePerAddress = 100 // per address hash (salted daily)
)

// LiveOptions configure NewLive. Zero values mean the defaults above.
type LiveOptions struct {
	Window        time.Duration
	EngagedWithin time.Duration
	IdleDropout   time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Live is the in-memory state of who is reading what right now, fed with
// LiveHits (from the realtime topic TopicHits, so with NATS every instance
// sees every instance's hits). Safe for concurrent use.
//
// The dashboard's figures (readers, engaged, per page, source and section)
// are kept up to date by every hit, and readers leave them through two
// timing wheels (when they drop out, when they stop being engaged), so a
// Snapshot costs the number of pages, not of readers (docs/BENCHMARKS.md).
type Live struct {
	opts LiveOptions

	version atomic.Uint64 // bumped by every change (Apply, CommentPosted)

	mu      sync.Mutex
	readers map[string]*liveReader // page view id → reader
	// live page views per visitor hash and per address hash (the caps)
	perVisitor map[string]int
	perAddress map[string]int
	capped     int // page views refused by a cap since start
	// page views dropped by the idle rule → their last hit, kept while
	// they keep pinging so an idle heartbeat does not bring them back;
	// swept at most once per window (idleSwept)
	idleOut   map[string]time.Time
	idleSwept time.Time
	minutes   [liveMinutes]liveMinute
	agg       liveAggregates
}

type liveReader struct {
	pv          string // page view id (the key in Live.readers)
	visitor     string
	address     string
	path        string
	article     int64
	section     int64
	sourceClass model.SourceClass
	sourceName  string
	referred    bool      // sourceName is the referring site
	seen        time.Time // first hit
	lastHit     time.Time
	lastBeat    time.Time // the pageview or the previous heartbeat: the start of a heartbeat's interval
	lastEngaged time.Time // last input (estimated for heartbeats); zero: none seen
	engaged     int       // seconds, total of this page view
	scroll      int       // percent
	page        *livePage
	engagedNow  bool // counted as engaged in the aggregates
}

// liveMinute aggregates one minute of the last 30 (a ring indexed by
// Unix minute modulo 30).
type liveMinute struct {
	minute      int64 // Unix minute this bucket holds
	concurrents int   // highest count sampled in the minute
	pageviews   int
	comments    int
	clicks      map[string]int // slot → clicks
	shown       map[string]int // slot → page views that showed it
	stories     map[int64]*storyRecirc
}

// NewLive returns an empty live state.
func NewLive(opts LiveOptions) *Live {
	if opts.Window <= 0 {
		opts.Window = LiveWindow
	}
	if opts.EngagedWithin <= 0 {
		opts.EngagedWithin = LiveEngagedWithin
	}
	if opts.IdleDropout <= 0 {
		opts.IdleDropout = LiveIdleDropout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Live{opts: opts, readers: map[string]*liveReader{}, perVisitor: map[string]int{}, perAddress: map[string]int{},
		agg: newLiveAggregates(), idleOut: map[string]time.Time{}}
}

// Version returns a number that changes whenever a hit or comment was
// applied, so a dashboard can push as soon as there is news.
func (l *Live) Version() uint64 { return l.version.Load() }

// Window returns how long a reader counts without a ping.
func (l *Live) Window() time.Duration { return l.opts.Window }

// bucket returns the ring bucket of t's minute, reset if it held an older one.
func (l *Live) bucket(t time.Time) *liveMinute {
	m := t.Unix() / 60
	b := &l.minutes[m%liveMinutes]
	if b.minute != m {
		*b = liveMinute{minute: m}
	}
	return b
}

// Apply updates the state with one hit. Hits of a page view not seen yet
// (its pageview went to another instance before this one started, or was
// lost) start a reader too, so concurrents never miss a pinging page —
// engaged only if the hit is input. A page view dropped by the idle rule
// comes back only with input (a heartbeat with engaged seconds, a scroll,
// a click).
//
// A heartbeat's engaged seconds e lie in the interval since the page view's
// previous heartbeat (or pageview) p, not at the heartbeat's arrival t: when
// p+e reaches t (less 1 s) the reader is still engaged at t; otherwise the
// engaged time ended by p+e and its last input was EngagedWindow before
// that (each input earns EngagedWindow), so a reader with only the 5 s
// arrival credit is idle LiveEngagedWithin after arriving (issue 5).
func (l *Live) Apply(h LiveHit) {
	defer l.version.Add(1)
	t := time.UnixMilli(h.Time).UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	if h.Leave {
		if r := l.readers[h.PageviewID]; r != nil {
			l.drop(h.PageviewID, r)
		}
		return
	}
	r := l.readers[h.PageviewID]
	fresh := r == nil
	if fresh {
		if since, out := l.idleOut[h.PageviewID]; out {
			if !isInput(h) {
				if t.After(since) {
					l.idleOut[h.PageviewID] = t
				}
				return
			}
			delete(l.idleOut, h.PageviewID)
		}
		if l.perVisitor[h.VisitorID] >= MaxLivePerVisitor || h.IPHash != "" && l.perAddress[h.IPHash] >= MaxLivePerAddress {
			l.capped++
			return
		}
		r = &liveReader{pv: h.PageviewID, visitor: h.VisitorID, address: h.IPHash, path: h.Path, article: h.ArticleID, section: h.SectionID,
			sourceClass: h.SourceClass, sourceName: h.SourceName, referred: h.Referred, seen: t, lastHit: t}
		l.readers[h.PageviewID] = r
		l.perVisitor[r.visitor]++
		if r.address != "" {
			l.perAddress[r.address]++
		}
		l.agg.add(r)
		l.agg.dropWheel.schedule(r, l.dropAt(r))
	}
	if t.After(r.lastHit) {
		r.lastHit = t
	}
	b := l.bucket(t)
	engagedAt := time.Time{} // when this hit shows engagement
	// Slots shown: a pageview's, and those a page shows later (the "most
	// read now" widget, filled after the pageview, sends its slots with a
	// heartbeat).
	b.countShown(h.ArticleID, h.Slots)
	switch h.Kind {
	case model.EventPageview:
		b.pageviews++
		engagedAt = t // arriving counts as input (the tracker's 5 s credit)
		r.lastBeat = t
	case model.EventHeartbeat:
		if h.Engaged > 0 {
			r.engaged += h.Engaged
			l.agg.engagedSeconds(r, h.Engaged)
			engagedAt = lastInput(r.lastBeat, t, h.Engaged)
		}
		if t.After(r.lastBeat) {
			r.lastBeat = t
		}
	case model.EventScroll:
		engagedAt = t
	case model.EventClick:
		engagedAt = t
		if b.clicks == nil {
			b.clicks = map[string]int{}
		}
		b.clicks[h.Slot]++
		b.story(h.ArticleID).clicks++
	}
	// The last engagement only moves forward, so a reader's drop-out and
	// engagement times only move later than the wheels have them.
	if engagedAt.After(r.lastEngaged) {
		r.lastEngaged = engagedAt
	}
	// Flagged engaged at once; the next Snapshot's advance checks it
	// against its clock (a hit may arrive late).
	if !r.engagedNow && !engagedAt.IsZero() {
		l.agg.setEngaged(r, true)
		l.agg.engagedWheel.schedule(r, l.engagedAt(r))
	}
	if h.Scroll > r.scroll {
		l.agg.scrolled(r, h.Scroll)
		r.scroll = h.Scroll
	}
}

// isInput reports whether a hit shows the reader's input (the hits that may
// bring back a page view dropped as idle).
func isInput(h LiveHit) bool {
	switch h.Kind {
	case model.EventPageview, model.EventScroll, model.EventClick:
		return true
	case model.EventHeartbeat:
		return h.Engaged > 0
	}
	return false
}

// lastInput estimates when the reader's last input was, from a heartbeat
// at t reporting engaged seconds since from (see Live.Apply).
func lastInput(from, t time.Time, engaged int) time.Time {
	if from.IsZero() || from.After(t) {
		return t // interval unknown (first hit after a restart)
	}
	end := from.Add(time.Duration(engaged) * time.Second)
	if !end.Before(t.Add(-time.Second)) {
		return t
	}
	if in := end.Add(-EngagedWindow); in.After(from) {
		return in
	}
	return from
}

// idleSince is when the reader's idle time started: its last input, or its
// first hit when it has shown none.
func (r *liveReader) idleSince() time.Time {
	if r.lastEngaged.After(r.seen) {
		return r.lastEngaged
	}
	return r.seen
}

// dropAt is when r drops out unless it is heard from again: its window
// after the last hit, or the idle dropout after its last input.
func (l *Live) dropAt(r *liveReader) time.Time {
	a, b := r.lastHit.Add(l.opts.Window), r.idleSince().Add(l.opts.IdleDropout)
	if b.Before(a) {
		return b
	}
	return a
}

// engagedAt is when r stops counting as engaged.
func (l *Live) engagedAt(r *liveReader) time.Time { return r.lastEngaged.Add(l.opts.EngagedWithin) }

// advance brings the aggregates to now: readers past their drop-out time
// leave, readers past their engagement turn idle; the others are checked
// again at their new time. l.mu is held.
func (l *Live) advance(now time.Time) {
	if now.Sub(l.idleSwept) > l.opts.Window {
		l.idleSwept = now
		for pv, t := range l.idleOut {
			if now.Sub(t) > l.opts.Window { // the tab stopped pinging
				delete(l.idleOut, pv)
			}
		}
	}
	l.agg.dropWheel.advance(now, func(r *liveReader) {
		if l.readers[r.pv] != r {
			return // left or dropped already
		}
		if now.Sub(r.lastHit) > l.opts.Window {
			l.drop(r.pv, r)
			return
		}
		if now.Sub(r.idleSince()) > l.opts.IdleDropout {
			l.drop(r.pv, r)
			l.idleOut[r.pv] = r.lastHit
			return
		}
		l.agg.dropWheel.schedule(r, l.dropAt(r))
	})
	l.agg.engagedWheel.advance(now, func(r *liveReader) {
		if l.readers[r.pv] != r || !r.engagedNow {
			return
		}
		if now.Sub(r.lastEngaged) > l.opts.EngagedWithin {
			l.agg.setEngaged(r, false)
			return
		}
		l.agg.engagedWheel.schedule(r, l.engagedAt(r))
	})
}

// drop removes a reader, its share of the caps and of the aggregates; l.mu
// is held.
func (l *Live) drop(pv string, r *liveReader) {
	l.agg.remove(r)
	delete(l.readers, pv)
	if l.perVisitor[r.visitor]--; l.perVisitor[r.visitor] <= 0 {
		delete(l.perVisitor, r.visitor)
	}
	if r.address != "" {
		if l.perAddress[r.address]--; l.perAddress[r.address] <= 0 {
			delete(l.perAddress, r.address)
		}
	}
}

// Capped returns how many page views the per-visitor and per-address caps
// kept out of the live view since start.
func (l *Live) Capped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.capped
}

// KindComment marks a TopicHits message that counts a comment going live
// (only Time is set); see Live.CommentPosted.
const KindComment model.EventKind = "comment"

// ApplyJSON decodes a TopicHits message and applies it; malformed messages
// are ignored and reported.
func (l *Live) ApplyJSON(msg []byte) error {
	var h LiveHit
	if !decodeLiveHit(msg, &h) {
		h = LiveHit{}
		if err := json.Unmarshal(msg, &h); err != nil {
			return err
		}
	}
	if h.Kind == KindComment {
		l.CommentPosted(time.UnixMilli(h.Time))
		return nil
	}
	if h.PageviewID == "" {
		return nil
	}
	l.Apply(h)
	return nil
}

// CommentPosted counts a published comment in the minute of t, for the
// dashboard's comments per minute. The comments package calls it (through
// the hook web wires) when a comment goes live.
func (l *Live) CommentPosted(t time.Time) {
	defer l.version.Add(1)
	l.mu.Lock()
	l.bucket(t.UTC()).comments++
	l.mu.Unlock()
}

// Run applies every message from hits until ctx ends or hits closes, and
// samples and sweeps every few seconds so idle readers drop out and the
// chart fills even with no dashboard open.
func (l *Live) Run(ctx context.Context, hits <-chan []byte) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-hits:
			if !ok {
				return
			}
			l.ApplyJSON(msg)
		case <-tick.C:
			l.Snapshot(0)
		}
	}
}

// ArticleNow is one page's readers right now.
type ArticleNow struct {
	ArticleID   int64  // 0 for fronts and other pages
	SectionID   int64  //
	Path        string // URL path
	Concurrents int
	Engaged     int     // of Concurrents, engaged now
	AvgEngaged  float64 // seconds of engaged time per current reader so far
	// AvgScroll is the mean, over the page's current readers who reported
	// a scroll depth, of each one's deepest depth, in percent — the
	// definition the reports use too (docs/ANALYTICS.md).
	AvgScroll float64
	// Sources are the sources of the page's current readers, most first
	// (at most LiveStorySources; ArticleID > 0 only).
	Sources []SourceCount
	// RecircShown counts the recirculation links (slot impressions) the
	// story's page views showed in the last 30 minutes, RecircClicks the
	// clicks on them; RecircCTR = RecircClicks / RecircShown (0 when none
	// shown). ArticleID > 0 only.
	RecircShown, RecircClicks int
	RecircCTR                 float64
}

// Count is a named number (a source class, a source, a section).
type Count struct {
	Name  string
	ID    int64 // section id for per-section counts
	Count int
}

// MinutePoint is one minute of the last 30.
type MinutePoint struct {
	Minute      time.Time // start, UTC
	Concurrents int       // the highest count sampled in the minute
	Pageviews   int
	Comments    int
}

// SlotNow is a recirculation slot's last 30 minutes.
type SlotNow struct {
	Slot   string  // "next-1", "more-2" …
	Shown  int     // page views that showed it
	Clicks int     //
	CTR    float64 // Clicks / Shown, 0 when never shown
}

// Snapshot is the live view at one moment.
type Snapshot struct {
	At          time.Time
	Concurrents int
	Engaged     int
	Idle        int
	// AvgEngaged is the mean engaged seconds so far of current readers.
	AvgEngaged float64
	Top        []ArticleNow // by concurrents, most first (at most top)
	Sources    []Count      // by source class
	Referrers  []Count      // by source name (top 10)
	Sections   []Count      // by section id
	Chart      []MinutePoint
	Slots      []SlotNow // by slot name
	// CommentsPerMinute is the comments published in the last full minute.
	CommentsPerMinute int
}

// Snapshot sweeps readers who dropped out and returns the state now, with
// at most top pages in Top (0: none), each story with its sources and
// recirculation.
func (l *Live) Snapshot(top int) Snapshot { return l.snapshot(top, true) }

// snapshot is Snapshot; detail adds the top stories' sources and
// recirculation.
func (l *Live) snapshot(top int, detail bool) Snapshot {
	now := l.opts.Now().UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(now)
	a := &l.agg
	s := Snapshot{At: now, Concurrents: a.concurrents, Engaged: a.engaged}
	s.Idle = s.Concurrents - s.Engaged
	if s.Concurrents > 0 {
		s.AvgEngaged = float64(a.engagedSum) / float64(s.Concurrents)
	}
	cur := l.bucket(now)
	if s.Concurrents > cur.concurrents {
		cur.concurrents = s.Concurrents
	}
	if top > 0 {
		s.Top = a.top(top)
		if detail {
			l.storyDetail(now, s.Top)
		}
	}
	s.Sources = counts(a.sources, 0)
	s.Referrers = counts(a.names, 10)
	for id, n := range a.sections {
		s.Sections = append(s.Sections, Count{ID: id, Count: n})
	}
	slices.SortFunc(s.Sections, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID)) })
	l.history(now, &s)
	return s
}

// history fills the chart, slot click-through and comments of s.
func (l *Live) history(now time.Time, s *Snapshot) {
	nowMin := now.Unix() / 60
	clicks, shown := map[string]int{}, map[string]int{}
	for m := nowMin - liveMinutes + 1; m <= nowMin; m++ {
		p := MinutePoint{Minute: time.Unix(m*60, 0).UTC()}
		if b := &l.minutes[m%liveMinutes]; b.minute == m {
			p.Concurrents, p.Pageviews, p.Comments = b.concurrents, b.pageviews, b.comments
			for k, v := range b.clicks {
				clicks[k] += v
			}
			for k, v := range b.shown {
				shown[k] += v
			}
		}
		s.Chart = append(s.Chart, p)
	}
	if n := len(s.Chart); n >= 2 {
		s.CommentsPerMinute = s.Chart[n-2].Comments
	}
	for slot, n := range shown {
		sn := SlotNow{Slot: slot, Shown: n, Clicks: clicks[slot]}
		sn.CTR = float64(sn.Clicks) / float64(n)
		s.Slots = append(s.Slots, sn)
	}
	for slot, n := range clicks {
		if _, ok := shown[slot]; !ok {
			s.Slots = append(s.Slots, SlotNow{Slot: slot, Clicks: n})
		}
	}
	slices.SortFunc(s.Slots, func(a, b SlotNow) int { return compareSlots(a.Slot, b.Slot) })
}

// compareSlots orders slots by kind, then by position as a number.
func compareSlots(a, b string) int {
	ka, kb := SlotKind(a), SlotKind(b)
	if ka != kb {
		return cmp.Compare(ka, kb)
	}
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
}

func counts(m map[string]int, limit int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{Name: k, Count: v})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name)) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// MostRead returns the n articles (ArticleID > 0) with the most concurrents
// now, most first.
func (l *Live) MostRead(n int) []ArticleNow {
	s := l.snapshot(1<<30, false)
	out := make([]ArticleNow, 0, n)
	for _, a := range s.Top {
		if a.ArticleID > 0 && len(out) < n {
			out = append(out, a)
		}
	}
	return out
}
