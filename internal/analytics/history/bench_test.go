package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// benchEvents makes n events over 30 days from 2026-03-01 UTC, in time
// order: 500 articles (a few popular), 20,000 readers a day, each page view
// a pageview, 1–4 heartbeats with engaged time and scroll depth, and a
// recirculation click one time in five; sources, campaigns and devices mixed.
func benchEvents(n int) []model.Event {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	span := 30 * 24 * time.Hour
	classes := []model.SourceClass{model.SourceSearch, model.SourceSocial, model.SourceDirect, model.SourceInternal, model.SourceNewsletter, model.SourceAI, model.SourceOther}
	names := map[model.SourceClass][]string{model.SourceSearch: {"Google", "Bing", "DuckDuckGo"}, model.SourceSocial: {"Facebook", "Bluesky", "Reddit"},
		model.SourceAI: {"ChatGPT"}, model.SourceNewsletter: {"Morning briefing"}, model.SourceOther: {"example.org", "news.example.net"}}
	devices := []model.DeviceClass{model.DeviceMobile, model.DeviceMobile, model.DeviceDesktop, model.DeviceTablet}
	out := make([]model.Event, 0, n)
	for len(out) < n {
		at := start.Add(time.Duration(float64(span) * float64(len(out)) / float64(n)))
		day := at.Unix() / 86400
		art := int64(1 + int(r.ExpFloat64()*40)%500)
		visitor := fmt.Sprintf("%08x%08x", day, r.IntN(20000))
		session := visitor + strconv.Itoa(r.IntN(3))
		class := classes[r.IntN(len(classes))]
		name := ""
		if ns := names[class]; ns != nil {
			name = ns[r.IntN(len(ns))]
		}
		campaign := ""
		if class == model.SourceNewsletter || r.IntN(20) == 0 {
			campaign = "spring-" + strconv.Itoa(r.IntN(5))
		}
		dev := devices[r.IntN(len(devices))]
		base := model.Event{ArticleID: art, VisitorID: visitor, SessionID: session, SourceClass: class, SourceName: name, UTMCampaign: campaign, Device: dev, Path: "/articles/a"}
		e := base
		e.Time, e.Kind = at, model.EventPageview
		out = append(out, e)
		for h := 0; h < 1+r.IntN(4) && len(out) < n; h++ {
			e := base
			e.Time, e.Kind, e.EngagedSeconds, e.ScrollDepth = at.Add(time.Duration(15*(h+1))*time.Second), model.EventHeartbeat, r.IntN(16), 10+r.IntN(90)
			out = append(out, e)
		}
		if r.IntN(5) == 0 && len(out) < n {
			e := base
			e.Time, e.Kind, e.Slot, e.TargetID = at.Add(70*time.Second), model.EventClick, []string{"next-1", "more-1", "more-2", "mostread-1"}[r.IntN(4)], int64(1+r.IntN(500))
			out = append(out, e)
		}
	}
	return out
}

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("MASTHEAD_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkRollup: rolling up N raw events (default 1,000,000; set
// MASTHEAD_BENCH_EVENTS) stored in a fresh SQLite database, from nothing.
func BenchmarkRollup(b *testing.B) {
	n := benchSize()
	evs := benchEvents(n)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.Open(b, store.SQLite, nil)
		for start := 0; start < len(evs); start += 50000 {
			if err := st.InsertEvents(ctx, evs[start:min(start+50000, len(evs))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		got, err := NewRoller(st, time.UTC, nil).CatchUp(ctx)
		if err != nil || got != n {
			b.Fatalf("rolled up %d of %d: %v", got, n, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReport: the site overview over 30 days by day (series, top 20
// articles, sources, campaigns, devices, slots) and one article's report,
// on the rollups of N events.
func BenchmarkReport(b *testing.B) {
	n := benchSize()
	ctx := context.Background()
	st := storetest.Open(b, store.SQLite, nil)
	evs := benchEvents(n)
	for start := 0; start < len(evs); start += 50000 {
		if err := st.InsertEvents(ctx, evs[start:min(start+50000, len(evs))]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
		b.Fatal(err)
	}
	rg, err := ParseRange("2026-03-01", "2026-03-30", "day", time.Now(), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	// The same site overview from the hourly table alone (what the daily
	// tables replace), for the ratio.
	b.Run("site-from-hourly", func(b *testing.B) {
		from, to, _, _ := rg.Bounds()
		f := store.RollupFilter{From: from, To: to}
		for i := 0; i < b.N; i++ {
			if _, err := st.HourlyTotals(ctx, f); err != nil {
				b.Fatal(err)
			}
			for _, dim := range []store.RollupDimension{store.ByArticle, store.BySource, store.ByCampaign, store.ByDevice} {
				if _, err := st.RollupTop(ctx, f, dim, TopN); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for _, c := range []struct {
		name    string
		article int64
	}{{"site", 0}, {"article", 1}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rep, err := Build(ctx, st, rg, c.article, TopN)
				if err != nil || rep.Totals.Pageviews == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRollupWriterWait: while a backlog of N raw events (default
// 100,000; MASTHEAD_BENCH_EVENTS) is rolled up on SQLite, another goroutine
// writes one small row after another (what an editor's save or a sign-in
// does) and the longest of those writes is reported as max-wait-ms: the
// time another writer can be held up by the rollup. "steps" rolls up as
// the Roller does (DefaultRollupBatch events per transaction);
// "one-transaction" counts the whole backlog in one, as before.
func BenchmarkRollupWriterWait(b *testing.B) {
	n := benchSize()
	if os.Getenv("MASTHEAD_BENCH_EVENTS") == "" {
		n = 100_000
	}
	evs := benchEvents(n)
	ctx := context.Background()
	whole := func(st *store.Store) error {
		events, err := st.EventsAfter(ctx, 0, n)
		if err != nil {
			return err
		}
		stored, err := st.Seen(ctx, SeenKeys(events, time.UTC))
		if err != nil {
			return err
		}
		return st.ApplyRollup(ctx, Aggregate(events, time.UTC, stored), 0, events[len(events)-1].ID)
	}
	for _, c := range []struct {
		name string
		run  func(st *store.Store) error
	}{
		{"steps", func(st *store.Store) error { _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); return err }},
		{"one-transaction", whole},
	} {
		b.Run(c.name, func(b *testing.B) {
			var worst time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st := storetest.Open(b, store.SQLite, nil)
				if err := st.InsertEvents(ctx, evs); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				stop, done := make(chan struct{}), make(chan time.Duration)
				go func() {
					var max time.Duration
					day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
					for {
						select {
						case <-stop:
							done <- max
							return
						default:
						}
						t0 := time.Now()
						if err := st.AddRejectedHits(ctx, day, map[string]int64{"bench": 1}); err != nil {
							b.Error(err)
						}
						max = maxDuration(max, time.Since(t0))
					}
				}()
				if err := c.run(st); err != nil {
					b.Fatal(err)
				}
				close(stop)
				worst = maxDuration(worst, <-done)
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "max-wait-ms")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func maxDuration(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
