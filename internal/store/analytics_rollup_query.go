package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// HourTotal is the sum of the rollup rows of one hour (Unix seconds, the
// start of an hour of the site's clock).
type HourTotal struct {
	Hour int64
	HourlyCounts
}

// RollupFilter narrows rollup queries: hours in [From, To) (Unix seconds);
// ArticleID > 0 keeps one article's pages only.
type RollupFilter struct {
	From, To  int64
	ArticleID int64
}

func (f RollupFilter) where() (string, []any) {
	w, args := "hour >= ? AND hour < ?", []any{f.From, f.To}
	if f.ArticleID > 0 {
		w += " AND article_id = ?"
		args = append(args, f.ArticleID)
	}
	return w, args
}

const sumCounts = "sum(pageviews), sum(visitors), sum(site_visitors), sum(engaged), sum(scroll_sum), sum(scroll_count)"

// HourlyTotals returns the totals of every hour in f that has rows, oldest first.
func (s *Store) HourlyTotals(ctx context.Context, f RollupFilter) ([]HourTotal, error) {
	w, args := f.where()
	return s.queryTotals(ctx, "hourly totals", "SELECT hour, "+sumCounts+" FROM analytics_hourly WHERE "+w+" GROUP BY hour ORDER BY hour", args...)
}

// queryTotals runs q, whose columns are a time (Unix seconds) then the six
// counters in counterColumns' order, and returns its rows as HourTotals;
// what names the query in errors ("store: <what>: …").
func (s *Store) queryTotals(ctx context.Context, what, q string, args ...any) ([]HourTotal, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []HourTotal
	for rows.Next() {
		var h HourTotal
		if err := rows.Scan(append([]any{&h.Hour}, countDest(&h.HourlyCounts)...)...); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// countDest returns Scan destinations for the six counters of c, in
// counterColumns' (and sumCounts') order.
func countDest(c *HourlyCounts) []any {
	return []any{&c.Pageviews, &c.Visitors, &c.SiteVisitors, &c.Engaged, &c.ScrollSum, &c.ScrollCount}
}

// RollupDimension is what RollupTop groups by.
type RollupDimension string

// The dimensions of analytics_hourly.
const (
	ByArticle  RollupDimension = "article"
	BySource   RollupDimension = "source"   // source class and name
	ByCampaign RollupDimension = "campaign" // utm_campaign
	ByDevice   RollupDimension = "device"
	ByCountry  RollupDimension = "country" // ISO 3166-1 alpha-2, "" unknown
)

var dimensionColumns = map[RollupDimension]string{
	ByArticle:  "article_id",
	BySource:   "source_class, source_name",
	ByCampaign: "campaign",
	ByDevice:   "device",
	ByCountry:  "country",
}

// RollupRow is one line of a top table: the dimension's values (the others
// are zero) and the summed counts.
type RollupRow struct {
	ArticleID   int64
	SourceClass string
	SourceName  string
	Campaign    string
	Device      string
	Country     string
	HourlyCounts
}

// RollupTop sums f's rows grouped by dim, most pageviews first (ties by
// the dimension's values), at most limit rows (0: all). A row's Visitors
// are the distinct visitors of its value per article and day, summed (so
// over several articles a reader of two counts twice; DailyTop counts the
// site's). By article, rows of
// pages that are not articles (article 0) are left out; by campaign, rows
// without a campaign are.
func (s *Store) RollupTop(ctx context.Context, f RollupFilter, dim RollupDimension, limit int) ([]RollupRow, error) {
	cols, ok := dimensionColumns[dim]
	if !ok {
		return nil, fmt.Errorf("store: rollup top: unknown dimension %q", dim)
	}
	w, args := f.where()
	switch dim {
	case ByArticle:
		w += " AND article_id <> 0"
	case ByCampaign:
		w += " AND campaign <> ''"
	}
	// A dimension's visitors: each visitor once a day per article and value
	// (source and campaign have their own counts; device and country follow
	// from the visitor id, so the article's visitors count them once).
	counts := sumCounts
	switch dim {
	case BySource:
		counts = "sum(pageviews), sum(source_visitors), sum(site_visitors), sum(engaged), sum(scroll_sum), sum(scroll_count)"
	case ByCampaign:
		counts = "sum(pageviews), sum(campaign_visitors), sum(site_visitors), sum(engaged), sum(scroll_sum), sum(scroll_count)"
	}
	q := "SELECT " + cols + ", " + counts + " FROM analytics_hourly WHERE " + w + " GROUP BY " + cols +
		" ORDER BY sum(pageviews) DESC, sum(engaged) DESC, " + cols
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: rollup top by %s: %w", dim, err)
	}
	defer rows.Close()
	var out []RollupRow
	for rows.Next() {
		var r RollupRow
		counts := countDest(&r.HourlyCounts)
		var dest []any
		switch dim {
		case ByArticle:
			dest = []any{&r.ArticleID}
		case BySource:
			dest = []any{&r.SourceClass, &r.SourceName}
		case ByCampaign:
			dest = []any{&r.Campaign}
		case ByDevice:
			dest = []any{&r.Device}
		case ByCountry:
			dest = []any{&r.Country}
		}
		if err := rows.Scan(append(dest, counts...)...); err != nil {
			return nil, fmt.Errorf("store: rollup top by %s: %w", dim, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecircRow is a number of recirculation clicks on Slot, from ArticleID's
// page (0: a front) to TargetID (0: unknown); zero fields were not grouped.
type RecircRow struct {
	ArticleID int64
	Slot      string
	TargetID  int64
	Clicks    int64
	// Shown is the page views that showed Slot (RecircSlots only; from
	// analytics_slots_hourly, counted since migration 00026).
	Shown int64
}

// RecircBy says how RecircTop groups and filters clicks.
type RecircBy int

// RecircTop groupings.
const (
	// RecircSlots: clicks per slot over the whole site (or, with
	// f.ArticleID, on that article's page: recirculation out).
	RecircSlots RecircBy = iota
	// RecircOut: clicks from f.ArticleID's page per slot and target.
	RecircOut
	// RecircIn: clicks leading to f.ArticleID, per source page and slot.
	RecircIn
)

// RecircTop sums recirculation clicks in f's hours, most first, at most
// limit rows (0: all).
func (s *Store) RecircTop(ctx context.Context, f RollupFilter, by RecircBy, limit int) ([]RecircRow, error) {
	w, args := "hour >= ? AND hour < ?", []any{f.From, f.To}
	var cols string
	switch by {
	case RecircSlots:
		cols = "slot"
		if f.ArticleID > 0 {
			w += " AND article_id = ?"
			args = append(args, f.ArticleID)
		}
	case RecircOut:
		cols = "slot, target_id"
		w += " AND article_id = ?"
		args = append(args, f.ArticleID)
	case RecircIn:
		cols = "article_id, slot"
		w += " AND target_id = ?"
		args = append(args, f.ArticleID)
	default:
		return nil, fmt.Errorf("store: recirculation: unknown grouping %d", by)
	}
	if by == RecircSlots {
		return s.slotTotals(ctx, w, args, limit)
	}
	q := "SELECT " + cols + ", sum(clicks) FROM analytics_recirc_hourly WHERE " + w + " GROUP BY " + cols + " ORDER BY sum(clicks) DESC, " + cols
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: recirculation: %w", err)
	}
	defer rows.Close()
	var out []RecircRow
	for rows.Next() {
		var r RecircRow
		var dest []any
		switch by {
		case RecircSlots:
			dest = []any{&r.Slot}
		case RecircOut:
			dest = []any{&r.Slot, &r.TargetID}
		case RecircIn:
			dest = []any{&r.ArticleID, &r.Slot}
		}
		if err := rows.Scan(append(dest, &r.Clicks)...); err != nil {
			return nil, fmt.Errorf("store: recirculation: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// slotTotals is RecircTop by slot: clicks and impressions per slot under
// the filter w (hour range, optionally one article's page), most clicks
// first, then most shown, then by slot; at most limit rows (0: all).
func (s *Store) slotTotals(ctx context.Context, w string, args []any, limit int) ([]RecircRow, error) {
	bySlot := map[string]*RecircRow{}
	for _, q := range []struct {
		table, sum string
	}{{"analytics_recirc_hourly", "clicks"}, {"analytics_slots_hourly", "shown"}} {
		rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT slot, sum("+q.sum+") FROM "+q.table+" WHERE "+w+" GROUP BY slot"), args...)
		if err != nil {
			return nil, fmt.Errorf("store: recirculation: %w", err)
		}
		for rows.Next() {
			var slot string
			var n int64
			if err := rows.Scan(&slot, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: recirculation: %w", err)
			}
			r := bySlot[slot]
			if r == nil {
				r = &RecircRow{Slot: slot}
				bySlot[slot] = r
			}
			if q.sum == "clicks" {
				r.Clicks = n
			} else {
				r.Shown = n
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: recirculation: %w", err)
		}
	}
	out := make([]RecircRow, 0, len(bySlot))
	for _, r := range bySlot {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b RecircRow) int {
		return cmp.Or(cmp.Compare(b.Clicks, a.Clicks), cmp.Compare(b.Shown, a.Shown), cmp.Compare(a.Slot, b.Slot))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// PruneRollups deletes hourly and daily rollup rows before `before` and
// replay markers of lines before it (Unix seconds), and seen rows of days
// before seenBefore; it returns how many hourly rollup rows went. Each
// DELETE removes at most pruneChunk rows (by primary key) and commits on
// its own, so other writers wait for one chunk at most, never for the
// whole prune.
func (s *Store) PruneRollups(ctx context.Context, before, seenBefore int64) (int64, error) {
	var total int64
	for _, q := range []struct {
		table, keys, at string
		arg             int64
		count           bool
	}{
		{"analytics_hourly", hourlyKeyColumns, "hour", before, true},
		{"analytics_recirc_hourly", "hour, article_id, slot, target_id", "hour", before, true},
		{"analytics_slots_hourly", "hour, article_id, slot", "hour", before, true},
		{"analytics_daily_articles", "day, article_id", "day", before, false},
		{"analytics_daily_dims", "day, dim, a, b", "day", before, false},
		{"analytics_replayed", "key", "at", before, false},
		{"analytics_seen", "day, kind, key, article_id", "day", seenBefore, false},
	} {
		// Row values in IN work on SQLite (≥ 3.15) and PostgreSQL alike.
		stmt := fmt.Sprintf("DELETE FROM %[1]s WHERE (%[2]s) IN (SELECT %[2]s FROM %[1]s WHERE %[3]s < ? LIMIT %[4]d)",
			q.table, q.keys, q.at, pruneChunk)
		for {
			res, err := s.execQuiet(ctx, stmt, q.arg)
			if err != nil {
				return total, fmt.Errorf("store: prune rollups (%s): %w", q.table, err)
			}
			n, _ := res.RowsAffected()
			if q.count {
				total += n
			}
			if n < pruneChunk {
				break
			}
			if err := ctx.Err(); err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// PruneRolledUpEvents deletes raw events older than before (Unix seconds)
// that the rollup has already counted, and returns how many went. It
// deletes in statements of pruneChunk rows, so the collector's writes are
// never held up for long.
func (s *Store) PruneRolledUpEvents(ctx context.Context, before int64) (int64, error) {
	wm, err := s.RollupWatermark(ctx)
	if err != nil {
		return 0, err
	}
	var total int64
	for {
		res, err := s.execQuiet(ctx, fmt.Sprintf("DELETE FROM analytics_events WHERE id IN "+
			"(SELECT id FROM analytics_events WHERE at < ? AND id <= ? ORDER BY id LIMIT %d)", pruneChunk), before, wm)
		if err != nil {
			return total, fmt.Errorf("store: prune analytics events: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
		if n < pruneChunk {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// pruneChunk is the most rows one retention DELETE removes (one short
// transaction on SQLite's single writer).
const pruneChunk = 5000

// DailyTotals returns the site's totals of every day in [from, to) (Unix
// seconds of local midnights) that has rows, oldest first; Hour holds the day.
func (s *Store) DailyTotals(ctx context.Context, from, to int64) ([]HourTotal, error) {
	return s.queryTotals(ctx, "daily totals", "SELECT day, "+counterColumns+
		" FROM analytics_daily_dims WHERE dim = 'total' AND day >= ? AND day < ? ORDER BY day", from, to)
}

// DailyTop is RollupTop for the whole site over whole days [from, to),
// read from the daily rollups. Rows' Visitors are the distinct visitors of
// the row's value per day, summed over the days (by article: the article's
// visitors).
func (s *Store) DailyTop(ctx context.Context, from, to int64, dim RollupDimension, limit int) ([]RollupRow, error) {
	var q string
	switch dim {
	case ByArticle:
		q = "SELECT article_id, '', " + sumCounts + " FROM analytics_daily_articles WHERE day >= ? AND day < ? AND article_id <> 0 GROUP BY article_id"
	case BySource, ByCampaign, ByDevice, ByCountry:
		q = "SELECT a, b, " + sumCounts + " FROM analytics_daily_dims WHERE day >= ? AND day < ? AND dim = '" + string(dim) + "' GROUP BY a, b"
	default:
		return nil, fmt.Errorf("store: daily top: unknown dimension %q", dim)
	}
	q += " ORDER BY sum(pageviews) DESC, sum(engaged) DESC, 1, 2"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), from, to)
	if err != nil {
		return nil, fmt.Errorf("store: daily top by %s: %w", dim, err)
	}
	defer rows.Close()
	var out []RollupRow
	for rows.Next() {
		var r RollupRow
		var a, b string
		counts := countDest(&r.HourlyCounts)
		var first any = &a
		if dim == ByArticle {
			first = &r.ArticleID
		}
		if err := rows.Scan(append([]any{first, &b}, counts...)...); err != nil {
			return nil, fmt.Errorf("store: daily top by %s: %w", dim, err)
		}
		switch dim {
		case BySource:
			r.SourceClass, r.SourceName = a, b
		case ByCampaign:
			r.Campaign = a
		case ByDevice:
			r.Device = a
		case ByCountry:
			r.Country = a
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
