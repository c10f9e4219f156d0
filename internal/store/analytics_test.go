package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestAnalyticsEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		gen := st.Generation()
		v0, _ := st.ContentVersion(ctx)
		base := time.Date(2026, 3, 29, 0, 59, 58, 0, time.UTC)
		full := model.Event{Time: base, Kind: model.EventClick, ArticleID: 7, SectionID: 2, Path: "/politics/2026/03/budget",
			VisitorID: "0123456789abcdef", SessionID: "fedcba9876543210", EngagedSeconds: 0, ScrollDepth: 40, Slot: "next-1", TargetID: 9,
			SourceClass: model.SourceSearch, SourceName: "Google", ReferrerHost: "www.google.com", UTMSource: "nl", UTMMedium: "email",
			UTMCampaign: "morning", Browser: "Firefox", OS: "Linux", Device: model.DeviceDesktop, Country: "DE", ScreenWidth: 1440,
			Slots: []string{"next-1", "mostread-2"}}
		// 1,001 events cross the 400-row statement chunks.
		events := []model.Event{full}
		for i := 1; i <= 1000; i++ {
			events = append(events, model.Event{Time: base.Add(time.Duration(i) * time.Second), Kind: model.EventHeartbeat,
				ArticleID: int64(i % 3), VisitorID: fmt.Sprintf("%016x", i), SessionID: "s", EngagedSeconds: i % 16, Device: model.DeviceMobile})
		}
		if err := st.InsertEvents(ctx, events); err != nil {
			t.Fatal(err)
		}
		if st.Generation() != gen {
			t.Error("storing events moved the store generation (page cache would be emptied)")
		}
		if v, _ := st.ContentVersion(ctx); v != v0 {
			t.Errorf("storing events bumped the content version %d → %d", v0, v)
		}
		n, err := st.CountAnalyticsEvents(ctx, base, base.Add(time.Hour))
		if err != nil || n != 1001 {
			t.Fatalf("count = %d, %v; want 1001", n, err)
		}
		var got []model.Event
		err = st.AnalyticsEvents(ctx, base, base.Add(2*time.Second), func(e model.Event) error {
			got = append(got, e)
			return nil
		})
		if err != nil || len(got) != 2 {
			t.Fatalf("range read: %d events, %v", len(got), err)
		}
		got[0].ID = 0
		if d := cmp.Diff(full, got[0]); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
		if got[1].EngagedSeconds != 1 || got[1].Kind != model.EventHeartbeat {
			t.Errorf("second event: %+v", got[1])
		}
		gone, err := st.DeleteAnalyticsEvents(ctx, base.Add(500*time.Second))
		if err != nil || gone != 500 {
			t.Fatalf("retention delete = %d, %v; want 500", gone, err)
		}
		if err := st.InsertEvents(ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAnalyticsSalts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		d1 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		d2 := d1.AddDate(0, 0, 1)
		a := bytes.Repeat([]byte{1}, 32)
		b := bytes.Repeat([]byte{2}, 32)
		got, err := st.AnalyticsSalt(ctx, d1, a)
		if err != nil || !bytes.Equal(got, a) {
			t.Fatalf("first salt: %x, %v", got, err)
		}
		// A second instance offering its own salt gets the stored one.
		got, err = st.AnalyticsSalt(ctx, d1, b)
		if err != nil || !bytes.Equal(got, a) {
			t.Fatalf("salt raced by another instance: %x, %v", got, err)
		}
		if got, err = st.AnalyticsSalt(ctx, d2, b); err != nil || !bytes.Equal(got, b) {
			t.Fatalf("next day's salt: %x, %v", got, err)
		}
		if got, err := st.AnalyticsSalt(ctx, d2, nil); err != nil || !bytes.Equal(got, b) {
			t.Errorf("look-up of an existing salt: %x, %v", got, err)
		}
		if got, err := st.AnalyticsSalt(ctx, d2.AddDate(0, 0, 1), nil); err != nil || got != nil {
			t.Errorf("look-up of a missing salt: %x, %v; want nil, nil", got, err)
		}
		n, err := st.DeleteAnalyticsSalts(ctx, d2)
		if err != nil || n != 1 {
			t.Fatalf("delete = %d, %v", n, err)
		}
		days, err := st.AnalyticsSaltDays(ctx)
		if err != nil || len(days) != 1 || !days[0].Equal(d2) {
			t.Fatalf("days left: %v, %v", days, err)
		}
	})
}

func TestRejectedHits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		d1 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		d2 := d1.AddDate(0, 0, 1)
		for _, c := range []struct {
			day time.Time
			m   map[string]int64
		}{
			{d1, map[string]int64{"crawler": 3, "headless": 1, "prefetch": 0}},
			{d1, map[string]int64{"crawler": 2}},
			{d2, map[string]int64{"referrer-spam": 4}},
		} {
			if err := st.AddRejectedHits(ctx, c.day, c.m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.RejectedHits(ctx, d1, d2)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(map[string]int64{"crawler": 5, "headless": 1}, got); d != "" {
			t.Errorf("day one (-want +got):\n%s", d)
		}
		got, _ = st.RejectedHits(ctx, d1, d2.AddDate(0, 0, 1))
		if got["referrer-spam"] != 4 || got["crawler"] != 5 {
			t.Errorf("two days: %v", got)
		}
	})
}
