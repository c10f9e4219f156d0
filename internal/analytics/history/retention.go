package history

import (
	"context"
	"time"
)

// Retention says how long analytics data is kept, in days (24-hour
// periods counted back from now); config.Validate checks the limits
// (--analytics-raw-days, --analytics-rollup-days).
type Retention struct {
	// RawDays keeps raw events (analytics_events) this many days; older
	// events are deleted once the rollup has counted them. At least 2: the
	// rollup counts each visitor once per UTC day and needs the day's events.
	RawDays int
	// RollupDays keeps hourly rollups this many days; 0 keeps them forever.
	RollupDays int
}

// DefaultRetention: raw events 30 days, rollups forever.
var DefaultRetention = Retention{RawDays: 30}

// Pruned is what one Prune removed.
type Pruned struct {
	Events, RollupRows int64
}

// Prune applies r at now: raw events older than RawDays that the rollup
// has counted, rollup rows and replay markers older than RollupDays (when
// set), and the rollup's per-day visitor marks of days that began more than
// three days ago (visitor ids change daily, so they serve no longer).
func Prune(ctx context.Context, st Store, now time.Time, r Retention) (Pruned, error) {
	var p Pruned
	var err error
	if p.Events, err = st.PruneRolledUpEvents(ctx, now.AddDate(0, 0, -r.RawDays).Unix()); err != nil {
		return p, err
	}
	before := int64(0)
	if r.RollupDays > 0 {
		before = now.AddDate(0, 0, -r.RollupDays).Unix()
	}
	// Seen rows are keyed by the site's day; three days back covers any zone.
	p.RollupRows, err = st.PruneRollups(ctx, before, now.Unix()-3*86400)
	return p, err
}

// Store is what Prune needs of the store.
type Store interface {
	PruneRolledUpEvents(ctx context.Context, before int64) (int64, error)
	PruneRollups(ctx context.Context, before, seenBefore int64) (int64, error)
}

// Maintain runs the roller (every interval, one minute when 0, and on
// Kick) and applies the retention once an hour, until ctx ends; it returns
// when both have stopped. now is the clock (nil: time.Now).
func Maintain(ctx context.Context, r *Roller, ret Retention, interval time.Duration, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	rolled := make(chan struct{})
	go func() { defer close(rolled); r.Run(ctx, interval) }()
	defer func() { <-rolled }()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		p, err := Prune(ctx, r.Store, now(), ret)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log().Error("analytics retention", "err", err)
		case p.Events > 0 || p.RollupRows > 0:
			r.log().Info("analytics retention", "events_deleted", p.Events, "rollup_rows_deleted", p.RollupRows,
				"raw_days", ret.RawDays, "rollup_days", ret.RollupDays)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
