package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// BenchmarkInsertEvents: the collector's batch write (1,000 enriched
// events in one transaction) on SQLite, in events/s. "prepared" is
// InsertEvents as the collector calls it (full chunks share one prepared
// statement); "built-per-chunk" runs it inside an outer transaction, where
// every chunk's statement is built and parsed again (how every batch was
// written before the prepared statement).
func BenchmarkInsertEvents(b *testing.B) {
	at := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	batch := make([]model.Event, 1000)
	for i := range batch {
		batch[i] = model.Event{Time: at, Kind: model.EventHeartbeat, ArticleID: int64(1 + i%40), SectionID: 2,
			Path: fmt.Sprintf("/articles/story-%d", i%40), VisitorID: fmt.Sprintf("%016x", i), SessionID: fmt.Sprintf("%016x", i+7),
			EngagedSeconds: i % 16, ScrollDepth: i % 101, SourceClass: model.SourceSearch, SourceName: "Google",
			ReferrerHost: "www.google.com", Browser: "Firefox", OS: "Linux", Device: model.DeviceDesktop, ScreenWidth: 1280}
	}
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		write func(st *store.Store) error
	}{
		{"prepared", func(st *store.Store) error { return st.InsertEvents(ctx, batch) }},
		{"built-per-chunk", func(st *store.Store) error {
			return st.InTx(ctx, func(tx *store.Store) error { return tx.InsertEvents(ctx, batch) })
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			st := storetest.Open(b, store.SQLite, nil)
			for b.Loop() {
				if err := c.write(st); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(batch))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
