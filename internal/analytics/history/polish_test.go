package history

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestLineChartIntegerTicks: counts at low traffic get whole-number y-axis
// figures (issue 5 finding 10: 0, 0.2, 0.5, 0.8, 1 readers).
func TestLineChartIntegerTicks(t *testing.T) {
	for _, c := range []struct {
		values []float64
		want   []string
	}{
		{[]float64{0, 1, 0}, []string{"0", "1"}},
		{[]float64{0, 0}, []string{"0", "1"}},
		{[]float64{2, 3}, []string{"0", "1", "2", "3"}},
		{[]float64{7}, []string{"0", "2", "4", "6", "8"}},
		{[]float64{95}, []string{"0", "25", "50", "75", "100"}},
	} {
		var pts []ChartPoint
		for i, v := range c.values {
			pts = append(pts, ChartPoint{Label: string(rune('a' + i)), Value: v})
		}
		_, _, texts := svgTexts(t, string(LineChart("c", "t", "d", pts)))
		var ys []string
		for _, s := range texts {
			if len(s) > 0 && (s[0] >= '0' && s[0] <= '9') {
				ys = append(ys, s)
			}
		}
		slices.Sort(ys)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(ys, want) {
			t.Errorf("%v: y labels %v, want %v", c.values, ys, c.want)
		}
	}
}

// TestSeriesStopsAtNow: periods starting after the report's Now (the rest
// of today in an hourly report) are not in the series, so they are not
// drawn as hours without readers (issue 5 finding 10).
func TestSeriesStopsAtNow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loc := time.UTC
		now := time.Date(2026, 11, 29, 14, 30, 0, 0, time.UTC)
		r, err := ParseRange("2026-11-29", "2026-11-29", "hour", now, loc)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Build(context.Background(), st, r, 0, TopN)
		if err != nil {
			t.Fatal(err)
		}
		if s := rep.SeriesUntil(now); len(s) != 15 || !s[14].Start.Equal(time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)) {
			t.Errorf("hourly series of today at 14:30: %d hours; want 15, the last 14:00", len(s))
		}
		if len(rep.Series) != 24 {
			t.Errorf("the full series has %d hours; want 24", len(rep.Series))
		}
		r, _ = ParseRange("2026-11-23", "2026-11-29", "day", now, loc)
		if rep, _ = Build(context.Background(), st, r, 0, TopN); len(rep.SeriesUntil(now)) != 7 {
			t.Errorf("a past week: %d days", len(rep.SeriesUntil(now)))
		}
	})
}
