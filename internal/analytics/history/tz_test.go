package history

import (
	"fmt"
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeriodStart(t *testing.T) {
	cases := []struct {
		zone, at string
		p        Period
		want     string // RFC 3339 in the zone
	}{
		// 17:00 UTC is 01:00 the next day in UTC+8, in every period.
		{"Asia/Shanghai", "2026-03-31T17:00:00Z", Day, "2026-04-01T00:00:00+08:00"},
		{"Asia/Shanghai", "2026-03-31T17:00:00Z", Month, "2026-04-01T00:00:00+08:00"},
		{"Asia/Shanghai", "2026-03-29T17:00:00Z", Week, "2026-03-30T00:00:00+08:00"}, // Sunday UTC, Monday in Shanghai
		{"Asia/Shanghai", "2026-03-31T17:00:00Z", Hour, "2026-04-01T01:00:00+08:00"},
		{"UTC", "2026-03-31T17:00:00Z", Day, "2026-03-31T00:00:00Z"},
		// Far west: 03:00 UTC is still the previous day in Honolulu.
		{"Pacific/Honolulu", "2026-01-01T03:00:00Z", Day, "2025-12-31T00:00:00-10:00"},
		{"Pacific/Honolulu", "2026-01-01T03:00:00Z", Month, "2025-12-01T00:00:00-10:00"},
		// +14:00: a hit at 10:00 UTC is already the next day.
		{"Pacific/Kiritimati", "2026-06-30T10:00:00Z", Day, "2026-07-01T00:00:00+14:00"},
		// Weeks begin on Monday, across month and year ends.
		{"Europe/Berlin", "2026-01-01T12:00:00Z", Week, "2025-12-29T00:00:00+01:00"},
		{"Europe/Berlin", "2026-03-29T12:00:00Z", Week, "2026-03-23T00:00:00+01:00"}, // DST starts that Sunday
		// Half- and three-quarter-hour zones: local hours start at :30 / :45 UTC.
		{"Asia/Kolkata", "2026-05-05T18:29:59Z", Day, "2026-05-05T00:00:00+05:30"},
		{"Asia/Kolkata", "2026-05-05T18:30:00Z", Day, "2026-05-06T00:00:00+05:30"},
		{"Asia/Kolkata", "2026-05-05T18:45:00Z", Hour, "2026-05-06T00:00:00+05:30"},
		{"Asia/Kathmandu", "2026-05-05T18:14:00Z", Hour, "2026-05-05T23:00:00+05:45"},
		// The repeated hour when New York falls back: both 01:30s are separate hours.
		{"America/New_York", "2026-11-01T05:30:00Z", Hour, "2026-11-01T01:00:00-04:00"},
		{"America/New_York", "2026-11-01T06:30:00Z", Hour, "2026-11-01T01:00:00-05:00"},
		// Beirut skips midnight at the spring change: the day starts at 01:00.
		{"Asia/Beirut", "2026-03-29T09:00:00Z", Day, "2026-03-29T01:00:00+03:00"},
	}
	for _, c := range cases {
		got := PeriodStart(utc(c.at), zone(t, c.zone), c.p)
		if s := got.Format(time.RFC3339); s != c.want {
			t.Errorf("%s %s %s: got %s, want %s", c.zone, c.at, c.p, s, c.want)
		}
	}
}

func TestBucketsAcrossDST(t *testing.T) {
	ny := zone(t, "America/New_York")
	cases := []struct {
		first, last string
		p           Period
		hours       []int // each bucket's length
	}{
		{"2026-03-07", "2026-03-09", Day, []int{24, 23, 24}},                // spring forward on 8 March
		{"2026-10-31", "2026-11-02", Day, []int{24, 25, 24}},                // fall back on 1 November
		{"2026-03-01", "2026-03-15", Week, []int{7 * 24, 7*24 - 1, 7 * 24}}, // from Monday 23 February
		{"2026-02-15", "2026-03-20", Month, []int{28 * 24, 31*24 - 1}},
		{"2026-11-01", "2026-11-01", Hour, ones(25)},
	}
	for _, c := range cases {
		first, _ := time.Parse(time.DateOnly, c.first)
		last, _ := time.Parse(time.DateOnly, c.last)
		bs, err := Buckets(first, last, ny, c.p)
		if err != nil {
			t.Fatal(err)
		}
		var hours []int
		for i, b := range bs {
			hours = append(hours, int(b.Seconds()/3600))
			if i > 0 && !bs[i-1].End.Equal(b.Start) {
				t.Errorf("%v: gap between buckets %d and %d", c, i-1, i)
			}
		}
		if fmt.Sprint(hours) != fmt.Sprint(c.hours) {
			t.Errorf("%s..%s by %s: lengths %v, want %v", c.first, c.last, c.p, hours, c.hours)
		}
	}
	// The first week bucket starts on the Monday before 1 March 2026 (a Sunday).
	first, _ := time.Parse(time.DateOnly, "2026-03-01")
	bs, _ := Buckets(first, first, ny, Week)
	if got := bs[0].Start.Format(time.DateOnly); got != "2026-02-23" {
		t.Errorf("week of 2026-03-01 starts %s", got)
	}
	if _, err := Buckets(first.AddDate(0, 0, 1), first, ny, Day); err == nil {
		t.Error("end before start accepted")
	}
	if _, err := Buckets(first, first.AddDate(0, 0, MaxBuckets+1), ny, Day); err == nil {
		t.Error("too many buckets accepted")
	}
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func TestHourStartAlignsWithLocalDays(t *testing.T) {
	for _, name := range []string{"UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham"} {
		loc := zone(t, name)
		for h := utc("2026-01-01T00:00:00Z"); h.Year() == 2026; h = h.Add(7 * time.Hour) {
			day := PeriodStart(h, loc, Day)
			// The local day's first hour starts exactly at local midnight.
			if got := HourStart(day, loc); got != day.Unix() {
				t.Fatalf("%s %s: day starts %s but its hour starts %s", name, h, day, time.Unix(got, 0).In(loc))
			}
			hs := HourStart(h, loc)
			if hs > h.Unix() || h.Unix()-hs >= 3600 {
				t.Fatalf("%s: HourStart(%s) = %d", name, h, hs)
			}
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"": Day, "day": Day, "week": Week, "month": Month, "hour": Hour} {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParsePeriod("year"); err == nil {
		t.Error("year accepted")
	}
}

// FuzzParseRange: any query input gives a usable range or an error, never
// a panic or a range the reports cannot bucket.
func FuzzParseRange(f *testing.F) {
	f.Add("2026-03-01", "2026-03-31", "day")
	f.Add("", "", "")
	f.Add("2026-03-08", "2026-03-08", "hour")
	f.Add("0001-01-01", "9999-12-31", "month")
	loc, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to, period string) {
		r, err := ParseRange(from, to, period, now, loc)
		if err != nil {
			return
		}
		lo, hi, bs, err := r.Bounds()
		if err != nil {
			return // too many buckets: refused with a message
		}
		if hi <= lo || len(bs) == 0 || bs[0].Start.Unix() != lo || bs[len(bs)-1].End.Unix() != hi {
			t.Fatalf("%q %q %q: bounds %d..%d over %d buckets", from, to, period, lo, hi, len(bs))
		}
	})
}
