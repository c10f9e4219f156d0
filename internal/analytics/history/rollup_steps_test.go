package history

import (
	"context"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A backlog is rolled up in steps of at most DefaultRollupBatch events,
// each committed on its own: an editor's save started after the first step
// completes before the second step begins (it is not held up by the rest of
// the backlog), and the rollups still count every event once.
func TestRollupBacklogLetsOtherWritersIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		evs := benchEvents(2*DefaultRollupBatch + 1234)
		if err := st.InsertEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		pageviews := int64(0)
		for _, e := range evs {
			if e.Kind == model.EventPageview {
				pageviews++
			}
		}
		r := NewRoller(st, time.UTC, nil)
		var steps []int
		var marks []int64
		saved := int64(0)
		r.AfterStep = func(n int) {
			steps = append(steps, n)
			wm, err := st.RollupWatermark(ctx)
			if err != nil {
				t.Fatal(err)
			}
			marks = append(marks, wm)
			if len(steps) != 1 {
				return
			}
			// Another writer arrives while the backlog is being worked off.
			done := make(chan error, 1)
			go func() {
				a := &model.Article{Headline: "Saved during the rollup", Slug: "saved-during-the-rollup"}
				_, err := st.SaveArticle(ctx, a)
				saved = a.ID
				done <- err
			}()
			if err := <-done; err != nil {
				t.Errorf("save during the rollup: %v", err)
			}
		}
		n, err := r.CatchUp(ctx)
		if err != nil || n != len(evs) {
			t.Fatalf("CatchUp = %d, %v; want %d", n, err, len(evs))
		}
		want := []int{DefaultRollupBatch, DefaultRollupBatch, 1234}
		if len(steps) != len(want) {
			t.Fatalf("steps = %v, want %v (one transaction each)", steps, want)
		}
		for i := range want {
			if steps[i] != want[i] {
				t.Fatalf("steps = %v, want %v", steps, want)
			}
		}
		for i := 1; i < len(marks); i++ {
			if marks[i] <= marks[i-1] {
				t.Fatalf("watermark did not advance step by step: %v", marks)
			}
		}
		if saved == 0 {
			t.Fatal("the article saved between steps has no id")
		}
		if a, err := st.ArticleByID(ctx, saved); err != nil || a.Headline != "Saved during the rollup" {
			t.Fatalf("article saved between steps: %v, %v", a, err)
		}
		tot, err := st.HourlyTotals(ctx, store.RollupFilter{From: evs[0].Time.Add(-time.Hour).Unix(), To: evs[len(evs)-1].Time.Add(time.Hour).Unix()})
		if err != nil {
			t.Fatal(err)
		}
		got := int64(0)
		for _, h := range tot {
			got += h.Pageviews
		}
		if got != pageviews {
			t.Fatalf("rolled-up pageviews = %d, want %d", got, pageviews)
		}
	})
}

// A configured batch above MaxRollupBatch is clamped: no transaction counts
// more than MaxRollupBatch events.
func TestRollupBatchIsClamped(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	ctx := context.Background()
	evs := benchEvents(MaxRollupBatch + 10)
	if err := st.InsertEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	r := NewRoller(st, time.UTC, nil)
	r.Batch = 1_000_000
	var steps []int
	r.AfterStep = func(n int) { steps = append(steps, n) }
	if _, err := r.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[0] != MaxRollupBatch || steps[1] != 10 {
		t.Fatalf("steps = %v, want [%d 10]", steps, MaxRollupBatch)
	}
}
