package history

import (
	"context"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestPrune: raw events go after RawDays but only once rolled up; rollups
// after RollupDays (never with 0); reports of pruned raw days still work.
func TestPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
		var evs []model.Event
		for _, daysAgo := range []int{100, 40, 10, 1} {
			evs = append(evs, pv(now.AddDate(0, 0, -daysAgo), 1, "v", "s", model.SourceDirect))
		}
		if err := st.InsertEvents(ctx, evs[:3]); err != nil {
			t.Fatal(err)
		}
		r := NewRoller(st, time.UTC, nil)
		if _, err := r.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		// One more old event arrives and is not rolled up yet: it must survive pruning.
		late := pv(now.AddDate(0, 0, -50), 1, "w", "s", model.SourceDirect)
		if err := st.InsertEvents(ctx, []model.Event{late, evs[3]}); err != nil {
			t.Fatal(err)
		}
		p, err := Prune(ctx, st, now, Retention{RawDays: 30})
		if err != nil || p.Events != 2 || p.RollupRows != 0 {
			t.Fatalf("prune: %+v, %v", p, err)
		}
		if n, _ := st.CountAnalyticsEvents(ctx, time.Unix(0, 0), now); n != 3 {
			t.Errorf("%d raw events left, want 3 (10 and 1 days old, and the late one)", n)
		}
		if _, err := r.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		hs, _ := st.HourlyTotals(ctx, store.RollupFilter{From: 0, To: now.Unix()})
		if len(hs) != 5 {
			t.Errorf("%d rollup hours, want 5", len(hs))
		}
		p, err = Prune(ctx, st, now, Retention{RawDays: 30, RollupDays: 45})
		if err != nil || p.Events != 1 || p.RollupRows != 2 {
			t.Fatalf("second prune: %+v, %v", p, err)
		}
		hs, _ = st.HourlyTotals(ctx, store.RollupFilter{From: 0, To: now.Unix()})
		if len(hs) != 3 {
			t.Errorf("%d rollup hours after pruning at 45 days, want 3", len(hs))
		}
	})
}

// TestPruneManyRollupRows: rollups far larger than one delete chunk (5,000
// rows per statement) are pruned completely, chunk after chunk.
func TestPruneManyRollupRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		evs := benchEvents(40000)
		if err := st.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		now := evs[len(evs)-1].Time.AddDate(0, 0, 10)
		p, err := Prune(ctx, st, now, Retention{RawDays: 2, RollupDays: 2})
		if err != nil {
			t.Fatal(err)
		}
		if p.Events != int64(len(evs)) || p.RollupRows <= 5000 {
			t.Fatalf("prune: %+v; want %d events and more than one chunk of rollup rows", p, len(evs))
		}
		if hs, err := st.HourlyTotals(ctx, store.RollupFilter{From: 0, To: now.Unix()}); err != nil || len(hs) != 0 {
			t.Fatalf("%d rollup hours left after pruning everything (%v)", len(hs), err)
		}
	})
}
