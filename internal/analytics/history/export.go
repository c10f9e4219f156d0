package history

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"masthead/internal/store"
)

// SourceLabel names a source for people: "search: Google", "direct",
// "(none)" for rows without a class (heartbeats sent before enrichment knew
// the source).
func SourceLabel(class, name string) string {
	switch {
	case class == "":
		return "(unknown)"
	case name == "":
		return class
	}
	return class + ": " + name
}

// FormatSeconds writes a duration in seconds for people: "45 s", "2 min 5 s".
func FormatSeconds(sec float64) string {
	n := int(sec + 0.5)
	if n < 60 {
		return strconv.Itoa(n) + " s"
	}
	return fmt.Sprintf("%d min %d s", n/60, n%60)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func f1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// countHeader and countCells are the measure columns of every CSV table.
var countHeader = []string{"pageviews", "visitors", "engaged_seconds", "avg_engaged_seconds", "avg_scroll_percent"}

func countCells(c Counts, visitors int64) []string {
	return []string{i64(c.Pageviews), i64(visitors), i64(c.Engaged), f1(AvgEngaged(c)), f1(AvgScroll(c))}
}

// csvCell defuses a cell that a spreadsheet would run as a formula (OWASP
// "CSV Injection": cells starting with = + - @ or a tab or carriage return)
// by putting an apostrophe in front; numbers are left as they are. Campaign
// and source names come from readers' URLs, so they are untrusted.
func csvCell(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}

// CSV returns one table of the report as CSV records (header first), or
// nil for an unknown table name. Cells a spreadsheet would take for a
// formula are defused (csvCell). Tables: series (one row per period, start
// in the site's zone as RFC 3339), articles, sources, campaigns, devices,
// countries, slots, and for article reports out and in (recirculation). heads maps
// article ids to headlines. Visitors of the series follow Report.Visitors;
// those of a source, campaign, device or country row are that value's
// distinct visitors per day (see Aggregate).
func CSV(rep *Report, table string, article bool, heads map[int64]string) [][]string {
	rows := csvTable(rep, table, article, heads)
	for _, r := range rows {
		for i, v := range r {
			r[i] = csvCell(v)
		}
	}
	return rows
}

func csvTable(rep *Report, table string, article bool, heads map[int64]string) [][]string {
	with := func(first []string, rest ...[]string) [][]string { return append([][]string{first}, rest...) }
	dims := func(rows []store.RollupRow, head []string, cells func(store.RollupRow) []string) [][]string {
		out := with(append(head, countHeader...))
		for _, r := range rows {
			out = append(out, append(cells(r), countCells(r.HourlyCounts, r.Visitors)...))
		}
		return out
	}
	switch table {
	case "series":
		out := with(append([]string{"period_start", "period_end", "hours"}, countHeader...))
		for _, p := range rep.Series {
			out = append(out, append([]string{p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339), i64(p.Seconds() / 3600)},
				countCells(p.Counts, rep.Visitors(p.Counts, article))...))
		}
		return out
	case "articles":
		if article {
			return nil
		}
		// Article rows count that article's visitors.
		out := with(append([]string{"article_id", "headline"}, countHeader...))
		for _, r := range rep.Articles {
			out = append(out, append([]string{i64(r.ArticleID), heads[r.ArticleID]}, countCells(r.HourlyCounts, r.Visitors)...))
		}
		return out
	case "sources":
		return dims(rep.Sources, []string{"source_class", "source_name"}, func(r store.RollupRow) []string { return []string{r.SourceClass, r.SourceName} })
	case "campaigns":
		return dims(rep.Campaigns, []string{"campaign"}, func(r store.RollupRow) []string { return []string{r.Campaign} })
	case "devices":
		return dims(rep.Devices, []string{"device"}, func(r store.RollupRow) []string { return []string{r.Device} })
	case "countries":
		return dims(rep.Countries, []string{"country"}, func(r store.RollupRow) []string { return []string{r.Country} })
	case "slots":
		out := with([]string{"slot", "shown", "clicks", "click_through_percent"})
		for _, r := range rep.Slots {
			ctr := ""
			if r.Shown > 0 {
				ctr = strconv.FormatFloat(roundTo1(100*float64(r.Clicks)/float64(r.Shown)), 'f', 1, 64)
			}
			out = append(out, []string{r.Slot, i64(r.Shown), i64(r.Clicks), ctr})
		}
		return out
	case "out", "in":
		if !article {
			return nil
		}
		rows, out := rep.Out, with([]string{"slot", "target_article_id", "target_headline", "clicks"})
		if table == "in" {
			rows, out = rep.In, with([]string{"from_article_id", "from_headline", "slot", "clicks"})
		}
		for _, r := range rows {
			if table == "in" {
				out = append(out, []string{i64(r.ArticleID), fromHeadline(r.ArticleID, heads), r.Slot, i64(r.Clicks)})
			} else {
				out = append(out, []string{r.Slot, i64(r.TargetID), heads[r.TargetID], i64(r.Clicks)})
			}
		}
		return out
	}
	return nil
}

func fromHeadline(id int64, heads map[int64]string) string {
	if id == 0 {
		return "(a front)"
	}
	return heads[id]
}

// JSONCounts is the measures of one line of the JSON stats.
type JSONCounts struct {
	Pageviews int64 `json:"pageviews"`
	Visitors  int64 `json:"visitors"`
	// EngagedSeconds is the sum of engaged time, in seconds.
	EngagedSeconds int64 `json:"engaged_seconds"`
	// AvgEngagedSeconds is engaged seconds per pageview.
	AvgEngagedSeconds float64 `json:"avg_engaged_seconds"`
	// AvgScrollPercent is the average deepest scroll per page view, 0–100.
	AvgScrollPercent float64 `json:"avg_scroll_percent"`
}

// JSONStats is the JSON form of a report (the JSON stats API and
// ?format=json of the reports pages).
type JSONStats struct {
	From      string        `json:"from"`      // first site date, YYYY-MM-DD
	To        string        `json:"to"`        // last site date, inclusive
	Period    string        `json:"period"`    // hour, day, week or month
	TimeZone  string        `json:"time_zone"` // IANA name
	ArticleID int64         `json:"article_id,omitempty"`
	Totals    JSONCounts    `json:"totals"`
	Series    []JSONPeriod  `json:"series"`
	Articles  []JSONArticle `json:"articles,omitempty"`
	Sources   []JSONSource  `json:"sources"`
	Campaigns []JSONNamed   `json:"campaigns"`
	Devices   []JSONNamed   `json:"devices"`
	// Countries are named by ISO 3166-1 alpha-2 code ("" unknown).
	Countries []JSONNamed  `json:"countries"`
	Slots     []JSONRecirc `json:"recirculation_slots"`
	Out       []JSONRecirc `json:"recirculation_out,omitempty"`
	In        []JSONRecirc `json:"recirculation_in,omitempty"`
}

// JSONPeriod is one period of the series; Start and End are RFC 3339 in
// the site's zone ([Start, End)).
type JSONPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
	JSONCounts
}

// JSONArticle is a top-article line.
type JSONArticle struct {
	ArticleID int64  `json:"article_id"`
	Headline  string `json:"headline"`
	JSONCounts
}

// JSONSource is a source line.
type JSONSource struct {
	SourceClass string `json:"source_class"`
	SourceName  string `json:"source_name"`
	JSONCounts
}

// JSONNamed is a campaign, device or country line.
type JSONNamed struct {
	Name string `json:"name"`
	JSONCounts
}

// JSONRecirc is a recirculation line: clicks on Slot, from FromID's page
// (0: a front, or not grouped on) to TargetID (0: unknown, or not grouped
// on). Both ids are always present, as the OpenAPI schema requires. Shown
// is the page views that showed the slot (recirculation_slots; 0 on other
// lines) and ClickThrough = 100 × Clicks / Shown in percent (absent when
// never shown).
type JSONRecirc struct {
	Slot         string   `json:"slot"`
	FromID       int64    `json:"from_article_id"`
	TargetID     int64    `json:"target_article_id"`
	Shown        int64    `json:"shown"`
	Clicks       int64    `json:"clicks"`
	ClickThrough *float64 `json:"click_through_percent,omitempty"`
}

func jsonCounts(c Counts, visitors int64) JSONCounts {
	return JSONCounts{Pageviews: c.Pageviews, Visitors: visitors, EngagedSeconds: c.Engaged,
		AvgEngagedSeconds: roundTo1(AvgEngaged(c)), AvgScrollPercent: roundTo1(AvgScroll(c))}
}

func roundTo1(f float64) float64 {
	v, _ := strconv.ParseFloat(f1(f), 64)
	return v
}

// JSON converts a report (see JSONStats). heads maps article ids to headlines.
func JSON(rep *Report, article bool, heads map[int64]string) *JSONStats {
	out := &JSONStats{From: rep.Range.First.Format(time.DateOnly), To: rep.Range.Last.Format(time.DateOnly),
		Period: string(rep.Range.Period), TimeZone: rep.Range.Location.String(),
		Totals: jsonCounts(rep.Totals, rep.Visitors(rep.Totals, article)),
		Series: []JSONPeriod{}, Sources: []JSONSource{}, Campaigns: []JSONNamed{}, Devices: []JSONNamed{}, Countries: []JSONNamed{}, Slots: []JSONRecirc{}}
	for _, p := range rep.Series {
		out.Series = append(out.Series, JSONPeriod{p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339), jsonCounts(p.Counts, rep.Visitors(p.Counts, article))})
	}
	for _, r := range rep.Articles {
		out.Articles = append(out.Articles, JSONArticle{r.ArticleID, heads[r.ArticleID], jsonCounts(r.HourlyCounts, r.Visitors)})
	}
	for _, r := range rep.Sources {
		out.Sources = append(out.Sources, JSONSource{r.SourceClass, r.SourceName, jsonCounts(r.HourlyCounts, r.Visitors)})
	}
	for _, r := range rep.Campaigns {
		out.Campaigns = append(out.Campaigns, JSONNamed{r.Campaign, jsonCounts(r.HourlyCounts, r.Visitors)})
	}
	for _, r := range rep.Devices {
		out.Devices = append(out.Devices, JSONNamed{r.Device, jsonCounts(r.HourlyCounts, r.Visitors)})
	}
	for _, r := range rep.Countries {
		out.Countries = append(out.Countries, JSONNamed{r.Country, jsonCounts(r.HourlyCounts, r.Visitors)})
	}
	for _, r := range rep.Slots {
		j := JSONRecirc{Slot: r.Slot, Shown: r.Shown, Clicks: r.Clicks}
		if r.Shown > 0 {
			ctr := roundTo1(100 * float64(r.Clicks) / float64(r.Shown))
			j.ClickThrough = &ctr
		}
		out.Slots = append(out.Slots, j)
	}
	if article {
		out.Out, out.In = []JSONRecirc{}, []JSONRecirc{}
		for _, r := range rep.Out {
			out.Out = append(out.Out, JSONRecirc{Slot: r.Slot, TargetID: r.TargetID, Clicks: r.Clicks})
		}
		for _, r := range rep.In {
			out.In = append(out.In, JSONRecirc{Slot: r.Slot, FromID: r.ArticleID, Clicks: r.Clicks})
		}
	}
	return out
}
