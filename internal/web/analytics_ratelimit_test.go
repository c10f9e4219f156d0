package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/config"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestPageviewFloodIsCapped: pageviews beyond the per-visitor and
// per-address caps of a clock minute are not stored and are counted by
// reason ("rate-limit") like bots; the next minute is accepted again, and
// other readers are not affected. Beacons go through the real router.
func TestPageviewFloodIsCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cfg := config.Defaults()
		cfg.BaseURL = "https://news.example.com"
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 31, 12, 0, 5, 0, time.UTC)
		site, err := New(st, &cfg, nil, Options{Now: func() time.Time { return now },
			Analytics: AnalyticsOptions{VisitorPageviewsPerMinute: 5, AddressPageviewsPerMinute: 8}})
		if err != nil {
			t.Fatal(err)
		}
		defer site.Close()
		h := site.Handler()
		pv := func(i int) string {
			return fmt.Sprintf(`{"k":"pageview","p":"pvFlood%04d","u":"https://news.example.com/","r":"","w":1280}`, i)
		}
		firefox := readerUA
		chrome := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
		i := 0
		for ; i < 20; i++ { // one visitor floods: 5 stored
			beaconFrom(t, h, "203.0.113.9", firefox, pv(i))
		}
		for ; i < 30; i++ { // another browser at the same address: 3 more until the address's 8
			beaconFrom(t, h, "203.0.113.9", chrome, pv(i))
		}
		beaconFrom(t, h, "198.51.100.1", firefox, pv(i)) // someone else: stored
		i++
		hb := `{"k":"heartbeat","p":"pvFlood0000","u":"https://news.example.com/","e":5,"d":10}`
		beaconFrom(t, h, "203.0.113.9", firefox, hb) // only pageviews are capped
		now = now.Add(time.Minute)
		beaconFrom(t, h, "203.0.113.9", firefox, pv(i)) // the next minute: stored
		if err := site.FlushAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		var pageviews, heartbeats int
		st.AnalyticsEvents(ctx, now.Add(-time.Hour), now.Add(time.Hour), func(e model.Event) error {
			switch e.Kind {
			case model.EventPageview:
				pageviews++
			case model.EventHeartbeat:
				heartbeats++
			}
			return nil
		})
		if pageviews != 5+3+1+1 || heartbeats != 1 {
			t.Errorf("stored %d pageviews and %d heartbeats, want 10 and 1", pageviews, heartbeats)
		}
		if got := site.AnalyticsStats().Rejected[analytics.ReasonRateLimit]; got != 15+7 {
			t.Errorf("rate-limit rejections %d, want 22", got)
		}
		// The refused hits are counted per day like other refusals.
		site.Close()
		counts, err := st.RejectedHits(ctx, now.Add(-24*time.Hour), now.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if counts[string(analytics.ReasonRateLimit)] != 22 {
			t.Errorf("stored rejections: %v", counts)
		}
	})
}
