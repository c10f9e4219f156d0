package web

import (
	"encoding/csv"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/analytics/history"
	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Analytics history reports (issue 5): GET /admin/analytics/reports is the
// site overview over a date range by day, week or month in the site's time
// zone (pageviews and visitors over time, top articles, sources, campaigns,
// devices, recirculation per slot); GET /admin/analytics/reports/articles/{id}
// is one article's report (pageviews, visitors, average engaged time, scroll
// depth, sources, recirculation in and out). Both take ?from=YYYY-MM-DD,
// ?to=YYYY-MM-DD (site dates, inclusive; default the last 30 days) and
// ?period=day|week|month|hour; ?format=csv&table=NAME downloads one table
// as CSV and ?format=json the whole report as JSON (history.JSON's shape).
// Roles with auth.ViewAnalytics only; everything is read-only (GET).
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/analytics/reports", s.signedIn(s.adminReports))
		am.Handle("GET /admin/analytics/reports/articles/{id}", s.signedIn(s.adminArticleReport))
	})
}

// reportPage is the view of admin_analytics_reports.html.
type reportPage struct {
	Article    *model.Article // nil for the site overview
	Report     *history.Report
	From, To   string // the form's values
	Period     string
	Periods    []string
	Chart      template.HTML // pageviews and visitors over time
	Bars       template.HTML // sources
	Headlines  map[int64]string
	Self       string // the report's path and query, for CSV links
	TimeZone   string
	AvgEngaged string
	AvgScroll  string
	Visitors   int64
	Series     []reportRow
	Articles   []reportRow
	Sources    reportTable
	Campaigns  reportTable
	Devices    reportTable
	Countries  reportTable
	// RawDays and RollupDays are the retention in force
	// (--analytics-raw-days, --analytics-rollup-days; 0: forever).
	RawDays, RollupDays int
}

// reportRow is one line of a report table, formatted for people.
type reportRow struct {
	ID                  int64     // article id (articles table)
	Deleted             bool      // the article no longer exists
	Start               time.Time // period start (series)
	Label               string
	Pageviews, Visitors int64
	Engaged, Scroll     string // "1 min 5 s", "64%"
}

// reportTable is a dimension table and its CSV link.
type reportTable struct {
	Title, Table, Self string
	Rows               []reportRow
}

func newReportRow(label string, c history.Counts, visitors int64) reportRow {
	return reportRow{Label: label, Pageviews: c.Pageviews, Visitors: visitors,
		Engaged: history.FormatSeconds(history.AvgEngaged(c)), Scroll: strconv.Itoa(int(history.AvgScroll(c)+0.5)) + "%"}
}

func (s *Site) reportRange(r *http.Request) (history.Range, error) {
	q := r.URL.Query()
	rg, err := history.ParseRange(q.Get("from"), q.Get("to"), q.Get("period"), s.clock(), s.cfg.Location)
	if err != nil {
		return rg, badRequest(err.Error())
	}
	return rg, nil
}

func (s *Site) adminReports(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return s.report(w, r, u, nil)
}

func (s *Site) adminArticleReport(w http.ResponseWriter, r *http.Request, u *store.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("There is no article with that number.")
	}
	if !auth.Can(auth.Role(u.Role), auth.ViewAnalytics) {
		return forbidden("Your role does not include analytics.")
	}
	a, err := s.st.ArticleByID(r.Context(), id)
	if err != nil {
		if err == store.ErrNotFound {
			return notFound("There is no article with that number.")
		}
		return err
	}
	return s.report(w, r, u, a)
}

// reportTables are the CSV-exportable tables, by ?table= name.
var reportTables = []string{"series", "articles", "sources", "campaigns", "devices", "countries", "slots", "out", "in"}

func (s *Site) report(w http.ResponseWriter, r *http.Request, u *store.User, a *model.Article) error {
	if !auth.Can(auth.Role(u.Role), auth.ViewAnalytics) {
		return forbidden("Your role does not include analytics.")
	}
	rg, err := s.reportRange(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format != "" && format != "csv" && format != "json" && format != "html" {
		return badRequest("The format must be html, csv or json.")
	}
	var articleID int64
	if a != nil {
		articleID = a.ID
	}
	limit := history.TopN
	if format == "csv" || format == "json" {
		limit = 0
	}
	rep, err := history.Build(r.Context(), s.st, rg, articleID, limit)
	if err != nil {
		return badRequest(err.Error())
	}
	heads, err := s.reportHeadlines(r, rep)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		table := q.Get("table")
		rows := history.CSV(rep, table, a != nil, heads)
		if rows == nil {
			return badRequest("Unknown table “" + table + "”; the tables are " + strings.Join(reportTables, ", ") + ".")
		}
		name := "site"
		if a != nil {
			name = "article-" + strconv.FormatInt(a.ID, 10)
		}
		name += "-" + table + "-" + rg.First.Format("2006-01-02") + "-to-" + rg.Last.Format("2006-01-02") + ".csv"
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		cw := csv.NewWriter(w)
		cw.WriteAll(rows)
		return cw.Error()
	case "json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		return json.NewEncoder(w).Encode(history.JSON(rep, a != nil, heads))
	}
	p := &reportPage{Article: a, Report: rep, From: rg.First.Format("2006-01-02"), To: rg.Last.Format("2006-01-02"),
		Period: string(rg.Period), Periods: []string{"day", "week", "month", "hour"}, Headlines: heads,
		TimeZone: s.cfg.Location.String(), RawDays: s.cfg.AnalyticsRawDays, RollupDays: s.cfg.AnalyticsRollupDays}
	isArticle := a != nil
	tot := newReportRow("", rep.Totals, rep.Visitors(rep.Totals, isArticle))
	p.AvgEngaged, p.AvgScroll, p.Visitors = tot.Engaged, tot.Scroll, tot.Visitors
	v := url.Values{"from": {p.From}, "to": {p.To}, "period": {p.Period}}
	p.Self = r.URL.Path + "?" + v.Encode()
	series := rep.SeriesUntil(s.clock()) // the rest of today is not hours without readers
	for _, sp := range series {
		row := newReportRow(sp.Label(rg.Period), sp.Counts, rep.Visitors(sp.Counts, isArticle))
		row.Start, row.Engaged = sp.Start, history.FormatSeconds(float64(sp.Engaged))
		p.Series = append(p.Series, row)
	}
	for _, ar := range rep.Articles {
		label, ok := heads[ar.ArticleID]
		if !ok {
			label = "article " + strconv.FormatInt(ar.ArticleID, 10) + " (deleted)"
		}
		row := newReportRow(label, ar.HourlyCounts, ar.Visitors)
		row.ID, row.Deleted = ar.ArticleID, !ok
		p.Articles = append(p.Articles, row)
	}
	table := func(title, name string, rows []store.RollupRow, label func(store.RollupRow) string) reportTable {
		t := reportTable{Title: title, Table: name, Self: p.Self}
		for _, row := range rows {
			t.Rows = append(t.Rows, newReportRow(label(row), row.HourlyCounts, row.Visitors))
		}
		return t
	}
	p.Sources = table("Source", "sources", rep.Sources, func(r store.RollupRow) string { return history.SourceLabel(r.SourceClass, r.SourceName) })
	p.Campaigns = table("Campaign (utm_campaign)", "campaigns", rep.Campaigns, func(r store.RollupRow) string { return r.Campaign })
	p.Devices = table("Device", "devices", rep.Devices, func(r store.RollupRow) string { return orUnknown(r.Device) })
	p.Countries = table("Country", "countries", rep.Countries, func(r store.RollupRow) string { return orUnknown(r.Country) })
	var pts []history.ChartPoint
	for _, sp := range series {
		pts = append(pts, history.ChartPoint{Label: sp.Label(rg.Period), Value: float64(sp.Pageviews)})
	}
	subject := "the site"
	title := "Site overview"
	if a != nil {
		subject = "“" + a.Headline + "”"
		title = a.Headline
	}
	p.Chart = history.LineChart("pageviews", "Pageviews by "+p.Period,
		"Pageviews of "+subject+" per "+p.Period+" from "+p.From+" to "+p.To+" ("+p.TimeZone+"); the table below has the figures.", pts)
	var bars []history.ChartPoint
	for _, src := range rep.Sources {
		bars = append(bars, history.ChartPoint{Label: history.SourceLabel(src.SourceClass, src.SourceName), Value: float64(src.Pageviews)})
	}
	p.Bars = history.BarChart("sources", "Pageviews by source", "Pageviews of "+subject+" by where readers came from; the table below has the figures.", bars)
	return s.renderAdmin(w, http.StatusOK, "admin_analytics_reports", "Reports: "+title, u, p)
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// reportHeadlines loads the headlines of every article a report names.
func (s *Site) reportHeadlines(r *http.Request, rep *history.Report) (map[int64]string, error) {
	var ids []int64
	for _, row := range rep.Articles {
		ids = append(ids, row.ArticleID)
	}
	for _, rows := range [][]store.RecircRow{rep.Out, rep.In} {
		for _, row := range rows {
			ids = append(ids, row.ArticleID, row.TargetID)
		}
	}
	heads := map[int64]string{}
	if len(ids) == 0 {
		return heads, nil
	}
	list, err := s.st.ArticlesByIDs(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		heads[a.ID] = a.Headline
	}
	return heads, nil
}
