package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"masthead/internal/model"
)

// The analytics rollups (migration 00013) are written without bumping the
// content version, like the raw events: rolling up must never empty the
// page cache.

// HourlyKey identifies one analytics_hourly row. Hour is Unix seconds (UTC)
// of the start of an hour of the site's clock; ArticleID 0 is a page that is
// not an article.
type HourlyKey struct {
	Hour        int64
	ArticleID   int64
	SourceClass string
	SourceName  string
	Campaign    string
	Device      string
	// Country is ISO 3166-1 alpha-2, "" without a GeoIP database (--geoip-db).
	Country string
}

// HourlyCounts are the measures of an analytics_hourly row (see the
// migrations 00013 and 00022 for their meaning). Engaged is seconds;
// ScrollSum is percent points over ScrollCount page views. SourceVisitors
// and CampaignVisitors (each visitor once per day, article and source or
// campaign) are kept in analytics_hourly only; the daily tables ignore them.
type HourlyCounts struct {
	Pageviews, Visitors, SiteVisitors, Engaged, ScrollSum, ScrollCount int64
	SourceVisitors, CampaignVisitors                                   int64
}

// Add adds o to c.
func (c *HourlyCounts) Add(o HourlyCounts) {
	c.Pageviews += o.Pageviews
	c.Visitors += o.Visitors
	c.SiteVisitors += o.SiteVisitors
	c.Engaged += o.Engaged
	c.ScrollSum += o.ScrollSum
	c.ScrollCount += o.ScrollCount
	c.SourceVisitors += o.SourceVisitors
	c.CampaignVisitors += o.CampaignVisitors
}

// RecircKey identifies one analytics_recirc_hourly row: clicks in Hour on
// Slot ("next-1") of ArticleID's page (0: a front) leading to TargetID.
type RecircKey struct {
	Hour      int64
	ArticleID int64
	Slot      string
	TargetID  int64
}

// ShownKey identifies one analytics_slots_hourly row: page views of
// ArticleID's page (0: a front) in Hour that showed Slot.
type ShownKey struct {
	Hour      int64
	ArticleID int64
	Slot      string
}

// SeenKey is one analytics_seen row's key: Day is Unix seconds of a UTC
// midnight; Kind is 'a' (visitor on an article), 's' (visitor on the site),
// 'd' (page view scroll depth), 'S' (visitor from a source) or 'C'
// (visitor from a campaign); Key is the visitor id, for 'd' the page view
// id (the session id for events stored before migration 00017), for 'S'
// and 'C' the visitor id and the source or campaign. ArticleID is the
// article, or SiteWide for 'S' and 'C' rows of the whole site.
type SeenKey struct {
	Day       int64
	Kind      byte
	Key       string
	ArticleID int64
}

// SiteWide is the ArticleID of analytics_seen rows about the whole site
// rather than one article (article 0 is pages that are not articles).
const SiteWide = -1

// DailyArticleKey identifies an analytics_daily_articles row (Day: Unix
// seconds of a local midnight of the site).
type DailyArticleKey struct {
	Day, ArticleID int64
}

// DailyDimKey identifies an analytics_daily_dims row: Dim is "total",
// "source" (A class, B name), "campaign" (A), "device" (A) or "country"
// (A, ISO 3166-1 alpha-2; migration 00021).
type DailyDimKey struct {
	Day  int64
	Dim  string
	A, B string
}

// RollupDelta is what one rollup step adds: counts to add per row, and the
// seen rows to write (with their new depth).
type RollupDelta struct {
	Hourly        map[HourlyKey]*HourlyCounts
	Recirc        map[RecircKey]int64
	Shown         map[ShownKey]int64 // slot impressions (migration 00026)
	DailyArticles map[DailyArticleKey]*HourlyCounts
	DailyDims     map[DailyDimKey]*HourlyCounts
	Seen          map[SeenKey]int
}

// ErrRollupMoved is returned by ApplyRollup when another process rolled up
// the same events first; nothing was written.
var ErrRollupMoved = errors.New("store: the analytics rollup was advanced by another process")

// RollupWatermark returns the id of the last raw event rolled up (0 when none).
func (s *Store) RollupWatermark(ctx context.Context) (int64, error) {
	return s.rollupState(ctx, "events")
}

func (s *Store) rollupState(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.writer().QueryRowContext(ctx, s.rebind("SELECT value FROM analytics_rollup_state WHERE name = ?"), name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: rollup state %s: %w", name, err)
	}
	return v, nil
}

// EventsAfter returns up to limit raw events with id > afterID, by id.
func (s *Store) EventsAfter(ctx context.Context, afterID int64, limit int) ([]model.Event, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT id, at, kind, article_id, path, visitor_id, session_id, engaged, scroll, slot, target_id, "+
		"source_class, source_name, utm_campaign, device, pageview_id, country, slots FROM analytics_events WHERE id > ? ORDER BY id LIMIT ?"), afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events after %d: %w", afterID, err)
	}
	defer rows.Close()
	var out []model.Event
	for rows.Next() {
		var e model.Event
		var at int64
		var kind, class, device, slots string
		if err := rows.Scan(&e.ID, &at, &kind, &e.ArticleID, &e.Path, &e.VisitorID, &e.SessionID, &e.EngagedSeconds, &e.ScrollDepth,
			&e.Slot, &e.TargetID, &class, &e.SourceName, &e.UTMCampaign, &device, &e.PageviewID, &e.Country, &slots); err != nil {
			return nil, fmt.Errorf("store: events after %d: %w", afterID, err)
		}
		if slots != "" {
			e.Slots = strings.Fields(slots)
		}
		e.Time = fromUnix(at)
		e.Kind, e.SourceClass, e.Device = model.EventKind(kind), model.SourceClass(class), model.DeviceClass(device)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Seen returns the stored depth of every key in keys that has a row
// (visitor keys have depth 0); keys without a row are absent. It reads on
// the reader pool (what committed steps wrote), so it never occupies
// SQLite's single writer connection; ApplyRollup's compare-and-set of the
// watermark keeps two concurrent rollers from counting twice.
func (s *Store) Seen(ctx context.Context, keys []SeenKey) (map[SeenKey]int, error) {
	out := make(map[SeenKey]int)
	byDay := map[[2]int64][]string{} // (day, kind) → keys
	for _, k := range keys {
		dk := [2]int64{k.Day, int64(k.Kind)}
		byDay[dk] = append(byDay[dk], k.Key)
	}
	for dk, ks := range byDay {
		ks = dedupe(ks)
		for start := 0; start < len(ks); start += 500 {
			chunk := ks[start:min(start+500, len(ks))]
			args := []any{dk[0], string(rune(dk[1]))}
			for _, k := range chunk {
				args = append(args, k)
			}
			q := "SELECT key, article_id, depth FROM analytics_seen WHERE day = ? AND kind = ? AND key IN (" +
				strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + ")"
			rows, err := s.reader().QueryContext(ctx, s.rebind(q), args...)
			if err != nil {
				return nil, fmt.Errorf("store: analytics seen: %w", err)
			}
			for rows.Next() {
				k := SeenKey{Day: dk[0], Kind: byte(dk[1])}
				var depth int
				if err := rows.Scan(&k.Key, &k.ArticleID, &depth); err != nil {
					rows.Close()
					return nil, fmt.Errorf("store: analytics seen: %w", err)
				}
				out[k] = depth
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("store: analytics seen: %w", err)
			}
		}
	}
	return out, nil
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ApplyRollup adds d to the rollup tables and moves the watermark from
// `from` to `to` (raw event ids), all in one transaction. When the
// watermark is no longer `from` (another process got there first) it
// writes nothing and returns ErrRollupMoved.
func (s *Store) ApplyRollup(ctx context.Context, d *RollupDelta, from, to int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		w := tx.writer()
		res, err := w.ExecContext(ctx, tx.rebind("UPDATE analytics_rollup_state SET value = ? WHERE name = 'events' AND value = ?"), to, from)
		if err != nil {
			return fmt.Errorf("store: apply rollup: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if from != 0 {
				return ErrRollupMoved
			}
			// First run: the row does not exist yet (or another process made it).
			res, err = w.ExecContext(ctx, tx.rebind("INSERT INTO analytics_rollup_state (name, value) VALUES ('events', ?) ON CONFLICT (name) DO NOTHING"), to)
			if err != nil {
				return fmt.Errorf("store: apply rollup: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrRollupMoved
			}
		}
		return tx.addRollup(ctx, d)
	})
}

// addRollup writes d without touching the watermark (inside a transaction),
// in multi-row statements of at most rollupChunk rows.
func (s *Store) addRollup(ctx context.Context, d *RollupDelta) error {
	var rows [][]any
	for k, c := range d.Hourly {
		rows = append(rows, []any{k.Hour, k.ArticleID, k.SourceClass, k.SourceName, k.Campaign, k.Device, k.Country,
			c.Pageviews, c.Visitors, c.SiteVisitors, c.Engaged, c.ScrollSum, c.ScrollCount, c.SourceVisitors, c.CampaignVisitors})
	}
	if err := s.upsertRows(ctx, "analytics_hourly", hourlyKeyColumns,
		counterColumns+", source_visitors, campaign_visitors", true, rows); err != nil {
		return fmt.Errorf("store: write hourly rollup: %w", err)
	}
	rows = rows[:0]
	for k, c := range d.DailyArticles {
		rows = append(rows, []any{k.Day, k.ArticleID, c.Pageviews, c.Visitors, c.SiteVisitors, c.Engaged, c.ScrollSum, c.ScrollCount})
	}
	if err := s.upsertRows(ctx, "analytics_daily_articles", "day, article_id", counterColumns, true, rows); err != nil {
		return fmt.Errorf("store: write daily rollup: %w", err)
	}
	rows = rows[:0]
	for k, c := range d.DailyDims {
		rows = append(rows, []any{k.Day, k.Dim, k.A, k.B, c.Pageviews, c.Visitors, c.SiteVisitors, c.Engaged, c.ScrollSum, c.ScrollCount})
	}
	if err := s.upsertRows(ctx, "analytics_daily_dims", "day, dim, a, b", counterColumns, true, rows); err != nil {
		return fmt.Errorf("store: write daily rollup: %w", err)
	}
	rows = rows[:0]
	for k, n := range d.Recirc {
		rows = append(rows, []any{k.Hour, k.ArticleID, k.Slot, k.TargetID, n})
	}
	if err := s.upsertRows(ctx, "analytics_recirc_hourly", "hour, article_id, slot, target_id", "clicks", true, rows); err != nil {
		return fmt.Errorf("store: write recirculation rollup: %w", err)
	}
	rows = rows[:0]
	for k, n := range d.Shown {
		rows = append(rows, []any{k.Hour, k.ArticleID, k.Slot, n})
	}
	if err := s.upsertRows(ctx, "analytics_slots_hourly", "hour, article_id, slot", "shown", true, rows); err != nil {
		return fmt.Errorf("store: write slot impressions rollup: %w", err)
	}
	rows = rows[:0]
	for k, depth := range d.Seen {
		rows = append(rows, []any{k.Day, string(rune(k.Kind)), k.Key, k.ArticleID, depth})
	}
	if err := s.upsertRows(ctx, "analytics_seen", "day, kind, key, article_id", "depth", false, rows); err != nil {
		return fmt.Errorf("store: write analytics seen: %w", err)
	}
	return nil
}

// hourlyKeyColumns are analytics_hourly's primary key (HourlyKey's order).
const hourlyKeyColumns = "hour, article_id, source_class, source_name, campaign, device, country"

// counterColumns are the measures of the hourly and daily rollups.
const counterColumns = "pageviews, visitors, site_visitors, engaged, scroll_sum, scroll_count"

// rollupChunk is the rows per multi-row upsert (15 columns × 400 = 6,000
// parameters, under SQLite's 32,766 and PostgreSQL's 65,535).
const rollupChunk = 400

// upsertRows inserts rows (key columns, then value columns) into table; on
// a key conflict the values are added to the stored ones (add) or replace
// them. Within one call no two rows may share a key.
func (s *Store) upsertRows(ctx context.Context, table, keys, values string, add bool, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	var set []string
	for _, v := range strings.Split(values, ", ") {
		if add {
			set = append(set, v+" = "+table+"."+v+" + excluded."+v)
		} else {
			set = append(set, v+" = excluded."+v)
		}
	}
	width := len(rows[0])
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + keys + ", " + values + ") VALUES ")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
		b.WriteString(" ON CONFLICT (" + keys + ") DO UPDATE SET " + strings.Join(set, ", "))
		return s.rebind(b.String())
	}
	// Full chunks share one prepared statement (parsing a 400-row INSERT
	// costs as much as running it on SQLite).
	var full *sql.Stmt
	if p, ok := s.writer().(interface {
		PrepareContext(context.Context, string) (*sql.Stmt, error)
	}); ok && len(rows) >= rollupChunk {
		st, err := p.PrepareContext(ctx, statement(rollupChunk))
		if err != nil {
			return err
		}
		defer st.Close()
		full = st
	}
	args := make([]any, 0, rollupChunk*width)
	for start := 0; start < len(rows); start += rollupChunk {
		chunk := rows[start:min(start+rollupChunk, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		var err error
		if full != nil && len(chunk) == rollupChunk {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = s.writer().ExecContext(ctx, statement(len(chunk)), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ClearRollups deletes the rollup rows (hourly and daily) and seen rows of
// [from, to) (Unix seconds, whole days of the site's clock), inside a
// transaction when s is bound to one; it is the first half of rebuilding a
// range from the raw events.
func (s *Store) ClearRollups(ctx context.Context, from, to int64) error {
	w := s.writer()
	for _, q := range []struct {
		sql    string
		lo, hi int64
	}{
		{"DELETE FROM analytics_hourly WHERE hour >= ? AND hour < ?", from, to},
		{"DELETE FROM analytics_recirc_hourly WHERE hour >= ? AND hour < ?", from, to},
		{"DELETE FROM analytics_slots_hourly WHERE hour >= ? AND hour < ?", from, to},
		{"DELETE FROM analytics_daily_articles WHERE day >= ? AND day < ?", from, to},
		{"DELETE FROM analytics_daily_dims WHERE day >= ? AND day < ?", from, to},
		{"DELETE FROM analytics_seen WHERE day >= ? AND day < ?", from, to},
	} {
		if _, err := w.ExecContext(ctx, s.rebind(q.sql), q.lo, q.hi); err != nil {
			return fmt.Errorf("store: clear rollups: %w", err)
		}
	}
	return nil
}

// AddRollup adds d to the rollup tables in one transaction without moving
// the watermark (used when rebuilding a range from raw events).
func (s *Store) AddRollup(ctx context.Context, d *RollupDelta) error {
	return s.InTx(ctx, func(tx *Store) error { return tx.addRollup(ctx, d) })
}

// ReplayedEvent is an event from a replayed access-log line and the line's
// key (see analytics_replayed).
type ReplayedEvent struct {
	Key   string
	Event model.Event
}

// InsertReplayed stores, in one transaction, the events whose keys were
// not replayed before, with their keys, and returns how many it stored.
// Nothing is written on error.
func (s *Store) InsertReplayed(ctx context.Context, items []ReplayedEvent) (int, error) {
	var fresh []model.Event
	err := s.InTx(ctx, func(tx *Store) error {
		fresh = fresh[:0]
		q := tx.rebind("INSERT INTO analytics_replayed (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
		for _, it := range items {
			res, err := tx.writer().ExecContext(ctx, q, it.Key, unix(it.Event.Time))
			if err != nil {
				return fmt.Errorf("store: replayed lines: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				fresh = append(fresh, it.Event)
			}
		}
		return tx.InsertEvents(ctx, fresh)
	})
	if err != nil {
		return 0, err
	}
	return len(fresh), nil
}

// RebuildRollups recomputes the rollups of [from, to) (Unix seconds, whole
// days of the site's clock) from the raw events, in one
// transaction: it deletes the hours' rollup rows and the days' seen rows,
// then calls aggregate with every raw event of the range already rolled up
// (id up to the watermark; later ones are the roller's) and adds what it
// returns. It returns how many events it read. Running it twice gives the
// same rollups.
func (s *Store) RebuildRollups(ctx context.Context, from, to int64, aggregate func([]model.Event) *RollupDelta) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		wm, err := tx.RollupWatermark(ctx)
		if err != nil {
			return err
		}
		if err := tx.ClearRollups(ctx, from, to); err != nil {
			return err
		}
		var evs []model.Event
		if err := tx.AnalyticsEvents(ctx, fromUnix(from), fromUnix(to), func(e model.Event) error {
			if e.ID <= wm {
				evs = append(evs, e)
			}
			return nil
		}); err != nil {
			return err
		}
		n = len(evs)
		return tx.addRollup(ctx, aggregate(evs))
	})
	return n, err
}
