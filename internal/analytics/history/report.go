package history

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/store"
)

// Counts are a report line's measures.
type Counts = store.HourlyCounts

// AvgEngaged is the average engaged time per pageview in seconds (0 without pageviews).
func AvgEngaged(c Counts) float64 {
	if c.Pageviews == 0 {
		return 0
	}
	return float64(c.Engaged) / float64(c.Pageviews)
}

// AvgScroll is the average deepest scroll per page view in percent (0
// when no page view reported a depth).
func AvgScroll(c Counts) float64 {
	if c.ScrollCount == 0 {
		return 0
	}
	return float64(c.ScrollSum) / float64(c.ScrollCount)
}

// Range is what a report covers: the local dates First through Last
// (inclusive) in Location, in periods of Period.
type Range struct {
	First, Last time.Time
	Period      Period
	Location    *time.Location
}

// ParseRange reads "from" and "to" (YYYY-MM-DD, site dates, inclusive) and
// "period" (day, week, month; hour for ranges up to 14 days). Empty from/to
// default to the 30 days ending today (now, in loc). Errors are for people.
func ParseRange(from, to, period string, now time.Time, loc *time.Location) (Range, error) {
	r := Range{Location: loc}
	var err error
	if r.Period, err = ParsePeriod(period); err != nil {
		return r, err
	}
	today := now.In(loc)
	r.Last = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if to != "" {
		if r.Last, err = time.Parse(time.DateOnly, to); err != nil {
			return r, fmt.Errorf("the end date %q is not a date like 2026-03-31", to)
		}
	}
	r.First = r.Last.AddDate(0, 0, -29)
	if from != "" {
		if r.First, err = time.Parse(time.DateOnly, from); err != nil {
			return r, fmt.Errorf("the start date %q is not a date like 2026-03-01", from)
		}
	}
	if r.Last.Before(r.First) {
		return r, fmt.Errorf("the end date %s is before the start date %s", r.Last.Format(time.DateOnly), r.First.Format(time.DateOnly))
	}
	if r.Period == Hour && r.Last.Sub(r.First) > 13*24*time.Hour {
		return r, fmt.Errorf("hourly reports cover at most 14 days; choose day, week or month for a longer range")
	}
	if r.Last.Sub(r.First) > 3700*24*time.Hour {
		return r, fmt.Errorf("a report covers at most 10 years")
	}
	return r, nil
}

// Bounds returns the report's instants [from, to) as Unix seconds: from
// the local midnight starting First's period to the end of the period
// holding Last.
func (r Range) Bounds() (int64, int64, []Bucket, error) {
	bs, err := Buckets(r.First, r.Last, r.Location, r.Period)
	if err != nil {
		return 0, 0, nil, err
	}
	return bs[0].Start.Unix(), bs[len(bs)-1].End.Unix(), bs, nil
}

// SeriesPoint is one period of a report's time series.
type SeriesPoint struct {
	Bucket
	Counts
}

// Label is the period's name for people: "Mon 2 Mar", "week of 2 Mar",
// "March 2026", "2 Mar 14:00".
func (p SeriesPoint) Label(period Period) string {
	switch period {
	case Hour:
		return p.Start.Format("2 Jan 15:04")
	case Week:
		return "week of " + p.Start.Format("2 Jan")
	case Month:
		return p.Start.Format("January 2006")
	default:
		return p.Start.Format("Mon 2 Jan")
	}
}

// Series sums hour totals into the buckets: each hour goes to the bucket
// holding its start.
func Series(bs []Bucket, hours []store.HourTotal) []SeriesPoint {
	out := make([]SeriesPoint, len(bs))
	for i, b := range bs {
		out[i].Bucket = b
	}
	i := 0
	for _, h := range hours {
		for i < len(bs) && h.Hour >= bs[i].End.Unix() {
			i++
		}
		if i == len(bs) {
			break
		}
		if h.Hour >= bs[i].Start.Unix() {
			out[i].Counts.Add(h.HourlyCounts)
		}
	}
	return out
}

// Report is a site overview or one article's report.
type Report struct {
	Range  Range
	Series []SeriesPoint
	Totals Counts
	// Articles are the top articles (site report only).
	Articles  []store.RollupRow
	Sources   []store.RollupRow
	Campaigns []store.RollupRow
	Devices   []store.RollupRow
	// Countries are lines per country (ISO 3166-1 alpha-2; "" where no
	// GeoIP database gave one).
	Countries []store.RollupRow
	// Slots are recirculation clicks per slot (on the article's page for an
	// article report: recirculation out, by slot).
	Slots []store.RecircRow
	// Out and In are an article's recirculation: clicks from its page per
	// slot and target, and clicks into it per source page and slot.
	Out, In []store.RecircRow
}

// SeriesUntil returns the report's series without the periods starting
// after now, for the report page: the rest of today is not drawn as hours
// without readers (the JSON and CSV keep every period of the range).
func (rep *Report) SeriesUntil(now time.Time) []SeriesPoint {
	n := len(rep.Series)
	for n > 0 && rep.Series[n-1].Start.After(now) {
		n--
	}
	return rep.Series[:n]
}

// TopN is the number of lines in a report's tables (CSV exports have all).
const TopN = 20

// Build runs the report for articleID (0: the whole site) over r; limit
// bounds each table (0: no limit).
func Build(ctx context.Context, st *store.Store, r Range, articleID int64, limit int) (*Report, error) {
	from, to, bs, err := r.Bounds()
	if err != nil {
		return nil, err
	}
	f := store.RollupFilter{From: from, To: to, ArticleID: articleID}
	rep := &Report{Range: r}
	// The site's report by day, week or month reads the daily rollups (a
	// row per day and article or dimension); an article's report and hourly
	// series read the hourly rows.
	daily := articleID == 0 && r.Period != Hour
	var hours []store.HourTotal
	if daily {
		hours, err = st.DailyTotals(ctx, from, to)
	} else {
		hours, err = st.HourlyTotals(ctx, f)
	}
	if err != nil {
		return nil, err
	}
	rep.Series = Series(bs, hours)
	for _, p := range rep.Series {
		rep.Totals.Add(p.Counts)
	}
	top := func(dim store.RollupDimension) ([]store.RollupRow, error) {
		if articleID == 0 { // reports always cover whole days
			return st.DailyTop(ctx, from, to, dim, limit)
		}
		return st.RollupTop(ctx, f, dim, limit)
	}
	if articleID == 0 {
		if rep.Articles, err = top(store.ByArticle); err != nil {
			return nil, err
		}
	}
	if rep.Sources, err = top(store.BySource); err != nil {
		return nil, err
	}
	if rep.Campaigns, err = top(store.ByCampaign); err != nil {
		return nil, err
	}
	if rep.Devices, err = top(store.ByDevice); err != nil {
		return nil, err
	}
	if rep.Countries, err = top(store.ByCountry); err != nil {
		return nil, err
	}
	if rep.Slots, err = st.RecircTop(ctx, f, store.RecircSlots, limit); err != nil {
		return nil, err
	}
	if articleID > 0 {
		if rep.Out, err = st.RecircTop(ctx, f, store.RecircOut, limit); err != nil {
			return nil, err
		}
		if rep.In, err = st.RecircTop(ctx, f, store.RecircIn, limit); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Visitors is the report's visitor figure for totals and series counts c:
// on the site overview, people (each counted once a day); on an article's
// report, that article's visitors. Rows of the source, campaign, device
// and country tables carry their own: each value's distinct visitors per
// day, so a reader who came by search and later from social is a visitor
// of both rows (and once in the totals).
func (rep *Report) Visitors(c Counts, article bool) int64 {
	if article {
		return c.Visitors
	}
	return c.SiteVisitors
}
