package history

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// Seen-row kinds (see migration 00013, analytics_seen).
const (
	seenArticleVisitor = 'a'
	seenSiteVisitor    = 's'
	seenPageDepth      = 'd'
	seenSource         = 'S'
	seenCampaign       = 'C'
)

// dimKeys are the analytics_seen keys of e's visitor under its source and
// (when it has one) its campaign, per article and on the whole site
// (store.SiteWide), in that order; campaign keys are absent without a
// campaign.
func dimKeys(e model.Event, day int64) []store.SeenKey {
	src := e.VisitorID + "\x1f" + string(e.SourceClass) + "\x1f" + e.SourceName
	out := []store.SeenKey{{Day: day, Kind: seenSource, Key: src, ArticleID: e.ArticleID},
		{Day: day, Kind: seenSource, Key: src, ArticleID: store.SiteWide}}
	if e.UTMCampaign != "" {
		camp := e.VisitorID + "\x1f" + e.UTMCampaign
		out = append(out, store.SeenKey{Day: day, Kind: seenCampaign, Key: camp, ArticleID: e.ArticleID},
			store.SeenKey{Day: day, Kind: seenCampaign, Key: camp, ArticleID: store.SiteWide})
	}
	return out
}

// utcDay is the Unix seconds of the UTC midnight starting t's day.
func utcDay(t time.Time) int64 {
	u := t.Unix()
	return u - ((u%86400)+86400)%86400
}

// dayOf returns the start of the site's day holding t (Unix seconds),
// memoised per rollup hour in cache.
func dayOf(t time.Time, loc *time.Location, hour int64, cache map[int64]int64) int64 {
	if d, ok := cache[hour]; ok {
		return d
	}
	d := PeriodStart(t, loc, Day).Unix()
	cache[hour] = d
	return d
}

// SeenKeys lists the analytics_seen rows that Aggregate needs to know about
// for events, with days of the site's clock in loc.
func SeenKeys(events []model.Event, loc *time.Location) []store.SeenKey {
	var out []store.SeenKey
	days := map[int64]int64{}
	for _, e := range events {
		day := dayOf(e.Time, loc, HourStart(e.Time, loc), days)
		if e.Kind == model.EventPageview && e.VisitorID != "" {
			out = append(out, store.SeenKey{Day: day, Kind: seenArticleVisitor, Key: e.VisitorID, ArticleID: e.ArticleID},
				store.SeenKey{Day: day, Kind: seenSiteVisitor, Key: e.VisitorID})
			out = append(out, dimKeys(e, day)...)
		}
		if e.ScrollDepth > 0 && (e.PageviewID != "" || e.SessionID != "") {
			out = append(out, store.SeenKey{Day: day, Kind: seenPageDepth, Key: pageKey(e), ArticleID: e.ArticleID})
		}
	}
	return out
}

// pageKey is the key of an event's page view for scroll depth: the page
// view id, or for events stored without one (before migration 00017) the
// session id. The "p:" prefix keeps the two key spaces apart.
func pageKey(e model.Event) string {
	if e.PageviewID != "" {
		return "p:" + e.PageviewID
	}
	return e.SessionID
}

// Aggregate turns raw events into rollup additions, given the seen rows
// already stored (stored: key → depth; absent keys were never seen).
// The rules, per event, with hours from HourStart and days from
// PeriodStart(…, Day) in loc (the site's clock):
//   - pageview: +1 pageview; +1 visitor when it is the visitor's first
//     pageview of the article on that day; +1 site visitor when it is their
//     first pageview of the day anywhere (visitor ids also change at 00:00
//     UTC, when the salt rotates, so a reader whose day spans that moment
//     counts twice); +1 source visitor when it is their first pageview of
//     the article that day from this source (class and name), +1 campaign
//     visitor likewise per campaign — so a reader who comes by search and
//     later from social is a visitor of both;
//   - heartbeat: + its engaged seconds (an increment, Chartbeat-style);
//   - scroll depth (scroll events and heartbeats): only the part beyond the
//     page view's deepest depth so far is added to scroll_sum, and a page
//     view's first depth adds 1 to scroll_count, so scroll_sum/scroll_count
//     is the average deepest scroll per page view in percent;
//   - click with a slot: +1 recirculation click (page → slot → target).
//
// Events are counted in the row of their own source, campaign, device and
// country;
// the daily tables get the same counts per day, per article and per single
// dimension, where a dimension row's visitors are the day's distinct
// visitors of its value on the whole site (source and campaign from their
// own seen rows; device and country follow from the visitor id — it
// hashes the address and user agent — so they take the site visitors).
// The result does not depend on how events are split into batches.
func Aggregate(events []model.Event, loc *time.Location, stored map[store.SeenKey]int) *store.RollupDelta {
	d := &store.RollupDelta{Hourly: map[store.HourlyKey]*store.HourlyCounts{}, Recirc: map[store.RecircKey]int64{}, Shown: map[store.ShownKey]int64{},
		DailyArticles: map[store.DailyArticleKey]*store.HourlyCounts{}, DailyDims: map[store.DailyDimKey]*store.HourlyCounts{},
		Seen: map[store.SeenKey]int{}}
	days := map[int64]int64{}
	seen := func(k store.SeenKey) (int, bool) {
		if v, ok := d.Seen[k]; ok {
			return v, true
		}
		v, ok := stored[k]
		return v, ok
	}
	for _, e := range events {
		hour := HourStart(e.Time, loc)
		day := dayOf(e.Time, loc, hour, days)
		// Slots shown: a pageview's, and a heartbeat's (the "most read now"
		// widget's, filled after the pageview went).
		if e.Kind == model.EventPageview || e.Kind == model.EventHeartbeat {
			for _, s := range e.Slots {
				d.Shown[store.ShownKey{Hour: hour, ArticleID: e.ArticleID, Slot: s}]++
			}
		}
		if e.Kind == model.EventClick {
			if e.Slot != "" {
				d.Recirc[store.RecircKey{Hour: hour, ArticleID: e.ArticleID, Slot: e.Slot, TargetID: e.TargetID}]++
			}
			continue
		}
		k := store.HourlyKey{Hour: hour, ArticleID: e.ArticleID, SourceClass: string(e.SourceClass), SourceName: e.SourceName,
			Campaign: e.UTMCampaign, Device: string(e.Device), Country: e.Country}
		var c store.HourlyCounts
		var siteSource, siteCampaign int64 // first of the day on the whole site
		switch e.Kind {
		case model.EventPageview:
			c.Pageviews = 1
			if e.VisitorID != "" {
				for _, dk := range dimKeys(e, day) {
					if _, ok := seen(dk); ok {
						continue
					}
					d.Seen[dk] = 0
					switch {
					case dk.Kind == seenSource && dk.ArticleID == store.SiteWide:
						siteSource = 1
					case dk.Kind == seenSource:
						c.SourceVisitors = 1
					case dk.ArticleID == store.SiteWide:
						siteCampaign = 1
					default:
						c.CampaignVisitors = 1
					}
				}
				ak := store.SeenKey{Day: day, Kind: seenArticleVisitor, Key: e.VisitorID, ArticleID: e.ArticleID}
				if _, ok := seen(ak); !ok {
					c.Visitors = 1
					d.Seen[ak] = 0
				}
				sk := store.SeenKey{Day: day, Kind: seenSiteVisitor, Key: e.VisitorID}
				if _, ok := seen(sk); !ok {
					c.SiteVisitors = 1
					d.Seen[sk] = 0
				}
			}
		case model.EventHeartbeat:
			c.Engaged = int64(max(e.EngagedSeconds, 0))
		}
		if depth := min(e.ScrollDepth, 100); depth > 0 && (e.PageviewID != "" || e.SessionID != "") {
			pk := store.SeenKey{Day: day, Kind: seenPageDepth, Key: pageKey(e), ArticleID: e.ArticleID}
			old, ok := seen(pk)
			if !ok {
				c.ScrollCount = 1
			}
			if depth > old {
				c.ScrollSum = int64(depth - old)
				d.Seen[pk] = depth
			}
		}
		if c == (store.HourlyCounts{}) {
			continue
		}
		add(d.Hourly, k, c)
		add(d.DailyArticles, store.DailyArticleKey{Day: day, ArticleID: e.ArticleID}, c)
		add(d.DailyDims, store.DailyDimKey{Day: day, Dim: "total"}, c)
		dim := c // a dimension row's visitors: the value's distinct visitors on the site
		dim.Visitors = siteSource
		add(d.DailyDims, store.DailyDimKey{Day: day, Dim: string(store.BySource), A: k.SourceClass, B: k.SourceName}, dim)
		dim.Visitors = c.SiteVisitors
		add(d.DailyDims, store.DailyDimKey{Day: day, Dim: string(store.ByDevice), A: k.Device}, dim)
		add(d.DailyDims, store.DailyDimKey{Day: day, Dim: string(store.ByCountry), A: k.Country}, dim)
		if k.Campaign != "" {
			dim.Visitors = siteCampaign
			add(d.DailyDims, store.DailyDimKey{Day: day, Dim: string(store.ByCampaign), A: k.Campaign}, dim)
		}
	}
	return d
}

func add[K comparable](m map[K]*store.HourlyCounts, k K, c store.HourlyCounts) {
	if row := m[k]; row != nil {
		row.Add(c)
	} else {
		m[k] = &c
	}
}

// DefaultRollupBatch is the events one rollup step counts when
// Roller.Batch is 0, and MaxRollupBatch the most it ever counts. Each step
// is one write transaction: on SQLite, whose single writer every other
// write (an editor's save, a sign-in's session) waits for, a step of 5,000
// events holds it for tens of milliseconds on a quiet 2-core machine
// (docs/BENCHMARKS.md, "Rollup transactions"), where one transaction over a
// whole backlog of 300,000 events held it for many seconds.
const (
	DefaultRollupBatch = 5000
	MaxRollupBatch     = 10000
)

// Roller keeps the hourly rollups up to date with the raw events: each step
// reads the events after the stored watermark (by id, so events that arrive
// late — whatever their time — are rolled up into their own hour when they
// are stored) and adds them in one transaction with the new watermark. A
// backlog is worked off step by step, each step committing on its own and
// resuming from the watermark, so other writers get in between steps.
type Roller struct {
	Store *store.Store
	// Location is the site's time zone: it decides where rollup hours begin.
	Location *time.Location
	// Batch is the number of events per step (DefaultRollupBatch when 0;
	// at most MaxRollupBatch).
	Batch int
	// AfterStep, when set, is called after every committed step with the
	// events it counted, outside any transaction (progress, tests).
	AfterStep func(events int)
	Log       *slog.Logger

	kick chan struct{}
}

// Step rolls up at most one batch and returns how many events it read.
// ErrRollupMoved (another process did the batch) counts as success.
func (r *Roller) Step(ctx context.Context) (int, error) {
	batch := r.Batch
	if batch <= 0 {
		batch = DefaultRollupBatch
	}
	batch = min(batch, MaxRollupBatch)
	from, err := r.Store.RollupWatermark(ctx)
	if err != nil {
		return 0, err
	}
	events, err := r.Store.EventsAfter(ctx, from, batch)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	stored, err := r.Store.Seen(ctx, SeenKeys(events, r.Location))
	if err != nil {
		return 0, err
	}
	d := Aggregate(events, r.Location, stored)
	err = r.Store.ApplyRollup(ctx, d, from, events[len(events)-1].ID)
	if errors.Is(err, store.ErrRollupMoved) {
		return len(events), nil
	}
	if err == nil && r.AfterStep != nil {
		r.AfterStep(len(events))
	}
	return len(events), err
}

// CatchUp runs steps until no event is left and returns how many it read.
// A long catch-up (a backlog after downtime) logs its count every 10 s.
func (r *Roller) CatchUp(ctx context.Context) (int, error) {
	total := 0
	last := time.Now()
	for {
		n, err := r.Step(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
		if time.Since(last) >= 10*time.Second {
			last = time.Now()
			r.log().Info("analytics rollup catching up", "events", total)
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// Kick asks a running Run to catch up now (e.g. after a batch of events was
// flushed); it never blocks.
func (r *Roller) Kick() {
	if r.kick == nil {
		return
	}
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run catches up every interval (one minute when 0) and on Kick, until ctx
// ends. Errors are logged and retried at the next tick.
func (r *Roller) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := r.CatchUp(ctx); err != nil && ctx.Err() == nil {
			r.log().Error("analytics rollup", "err", err)
		} else if n > 0 {
			r.log().Debug("analytics rollup", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.kick:
		}
	}
}

// NewRoller returns a Roller for st with hours in loc.
func NewRoller(st *store.Store, loc *time.Location, log *slog.Logger) *Roller {
	return &Roller{Store: st, Location: loc, Log: log, kick: make(chan struct{}, 1)}
}

func (r *Roller) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

// Rebuild recomputes the rollups of the site's days first through last
// (inclusive; dates only, read in loc) from the raw events still stored,
// replacing what was there — a repair after a bug or a change of
// --time-zone. Days whose raw events retention has deleted would lose their
// figures, so the caller must keep the range within --analytics-raw-days.
// Each day is rebuilt in its own transaction (visitor and scroll-depth
// bookkeeping is per day, so days are independent), so other writers wait
// for one day at most; when it fails, the days before the failing one are
// rebuilt and the rest untouched. progress, when set, is called after each
// day with the events read so far. It returns how many events it read.
func Rebuild(ctx context.Context, st *store.Store, loc *time.Location, first, last time.Time, progress func(days, events int)) (int, error) {
	bs, err := Buckets(first, last, loc, Day)
	if err != nil {
		return 0, err
	}
	total := 0
	for i, b := range bs {
		n, err := st.RebuildRollups(ctx, b.Start.Unix(), b.End.Unix(), func(evs []model.Event) *store.RollupDelta {
			return Aggregate(evs, loc, nil)
		})
		total += n
		if err != nil {
			return total, err
		}
		if progress != nil {
			progress(i+1, total)
		}
	}
	return total, nil
}
