package history

import (
	"fmt"
	"time"
)

// Period is a report's bucket size.
type Period string

// The report periods. Weeks start on Monday (ISO 8601); days, weeks and
// months begin at local midnight in the site's time zone, so a day is 23
// or 25 hours long where daylight saving time starts or ends.
const (
	Hour  Period = "hour"
	Day   Period = "day"
	Week  Period = "week"
	Month Period = "month"
)

// ParsePeriod accepts "hour", "day", "week" or "month"; "" is Day.
func ParsePeriod(s string) (Period, error) {
	switch p := Period(s); p {
	case "":
		return Day, nil
	case Hour, Day, Week, Month:
		return p, nil
	}
	return "", fmt.Errorf("period %q: want hour, day, week or month", s)
}

// PeriodStart returns the local start of the period holding t, in loc.
func PeriodStart(t time.Time, loc *time.Location, p Period) time.Time {
	t = t.In(loc)
	switch p {
	case Hour:
		return time.Unix(HourStart(t, loc), 0).In(loc)
	case Week:
		d := midnight(t.Year(), t.Month(), t.Day(), loc)
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return midnight(d.Year(), d.Month(), d.Day()-back, loc)
	case Month:
		return midnight(t.Year(), t.Month(), 1, loc)
	default:
		return midnight(t.Year(), t.Month(), t.Day(), loc)
	}
}

// NextStart returns the start of the period after the one starting at start.
func NextStart(start time.Time, loc *time.Location, p Period) time.Time {
	start = start.In(loc)
	switch p {
	case Hour:
		return time.Unix(HourStart(start.Add(90*time.Minute), loc), 0).In(loc)
	case Week:
		return midnight(start.Year(), start.Month(), start.Day()+7, loc)
	case Month:
		return midnight(start.Year(), start.Month()+1, 1, loc)
	default:
		return midnight(start.Year(), start.Month(), start.Day()+1, loc)
	}
}

// midnight is 00:00 local on the given date. Where a zone skips midnight
// (Asia/Beirut, America/Santiago: clocks jump from 23:59:59 to 01:00),
// time.Date moves the missing instant forward by the gap, which gives
// 01:00, the first instant of that day.
func midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// Bucket is one report period: [Start, End) as instants, Start in the
// site's zone (its Format gives the local date).
type Bucket struct {
	Start, End time.Time
}

// Seconds is the bucket's length in seconds (86,400 ± 3,600 on DST days).
func (b Bucket) Seconds() int64 { return b.End.Unix() - b.Start.Unix() }

// MaxBuckets bounds a report's number of periods (about 11 years of days).
const MaxBuckets = 4000

// Buckets covers the local dates first through last (inclusive; only their
// year, month and day are used, read in loc) with periods of p, the first
// starting at the period holding first. It returns an error when last is
// before first or there would be more than MaxBuckets periods.
func Buckets(first, last time.Time, loc *time.Location, p Period) ([]Bucket, error) {
	from := midnight(first.Year(), first.Month(), first.Day(), loc)
	until := midnight(last.Year(), last.Month(), last.Day()+1, loc)
	if !until.After(from) {
		return nil, fmt.Errorf("the end date %s is before the start date %s", last.Format(time.DateOnly), first.Format(time.DateOnly))
	}
	var out []Bucket
	for s := PeriodStart(from, loc, p); s.Before(until); {
		e := NextStart(s, loc, p)
		out = append(out, Bucket{s, e})
		if len(out) > MaxBuckets {
			return nil, fmt.Errorf("more than %d %ss between %s and %s: choose a longer period or a shorter range",
				MaxBuckets, p, first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
		s = e
	}
	return out, nil
}

// HourStart returns, in UTC Unix seconds, the start of the hour of the
// site's local clock that holds t. Rollups are kept per such hour, so days
// in the site's zone are whole numbers of rollup hours even in zones whose
// offset from UTC is not a whole number of hours (India +05:30, Nepal
// +05:45, Newfoundland −03:30): their hours begin at :30 or :15 UTC.
func HourStart(t time.Time, loc *time.Location) int64 {
	_, off := t.In(loc).Zone()
	frac := ((-off % 3600) + 3600) % 3600 // local hours begin this many seconds past a UTC hour
	u := t.Unix() - int64(frac)
	h := u - ((u%3600)+3600)%3600
	return h + int64(frac)
}
