package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// Analytics tables (migration 00011) are written without bumping the content
// version: a stream of hits must never empty the page cache.

const eventCols = "at, kind, article_id, section_id, path, visitor_id, session_id, engaged, scroll, slot, target_id, " +
	"source_class, source_name, referrer_host, utm_source, utm_medium, utm_campaign, browser, os, device, country, screen_width, pageview_id, slots"

const eventColCount = 24

// eventChunk is the number of rows per INSERT statement: 24 × 500 = 12,000
// parameters, under SQLite's 32,766 and PostgreSQL's 65,535; the
// collector's batch of 1,000 events is two full chunks.
const eventChunk = 500

// InsertEvents stores events in one transaction (all or none). Times are
// stored as Unix seconds (UTC); ID fields of events are ignored and not set.
// Full chunks of eventChunk rows share one prepared multi-row INSERT (kept
// for the life of the Store): parsing that statement costs as much as
// running it on SQLite. It returns the database error, wrapped.
func (s *Store) InsertEvents(ctx context.Context, events []model.Event) error {
	if len(events) == 0 {
		return nil
	}
	run := func(q querier, full *sql.Stmt) error {
		for start := 0; start < len(events); start += eventChunk {
			end := min(start+eventChunk, len(events))
			var st *sql.Stmt
			if end-start == eventChunk {
				st = full
			}
			if err := insertEventChunk(ctx, s, q, st, events[start:end]); err != nil {
				return err
			}
		}
		return nil
	}
	if s.q != nil {
		return run(s.q, nil)
	}
	var full *sql.Stmt
	if len(events) >= eventChunk {
		full = s.stmts.get(ctx, s.write, s.rebind(insertEventsSQL(eventChunk)))
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: insert events: begin: %w", err)
	}
	if full != nil {
		full = tx.StmtContext(ctx, full)
		defer full.Close()
	}
	if err := run(tx, full); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: insert events: commit: %w", err)
	}
	return nil
}

// insertEventsSQL is the INSERT of n event rows, with ? placeholders.
func insertEventsSQL(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", eventColCount), ", ") + ")"
	var b strings.Builder
	b.Grow(40 + len(eventCols) + n*(len(row)+2))
	b.WriteString("INSERT INTO analytics_events (" + eventCols + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// insertEventChunk inserts evs with st when given (prepared for exactly
// len(evs) rows), else with a statement built for them.
func insertEventChunk(ctx context.Context, s *Store, q querier, st *sql.Stmt, evs []model.Event) error {
	args := make([]any, 0, len(evs)*eventColCount)
	for _, e := range evs {
		args = append(args, unix(e.Time), string(e.Kind), e.ArticleID, e.SectionID, e.Path, e.VisitorID, e.SessionID,
			e.EngagedSeconds, e.ScrollDepth, e.Slot, e.TargetID, string(e.SourceClass), e.SourceName, e.ReferrerHost,
			e.UTMSource, e.UTMMedium, e.UTMCampaign, e.Browser, e.OS, string(e.Device), e.Country, e.ScreenWidth, e.PageviewID, strings.Join(e.Slots, " "))
	}
	var err error
	if st != nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = q.ExecContext(ctx, s.rebind(insertEventsSQL(len(evs))), args...)
	}
	if err != nil {
		return fmt.Errorf("store: insert events: %w", err)
	}
	return nil
}

// AnalyticsEvents calls fn with every stored event whose time is in
// [from, to), oldest first (ties by id). It stops at fn's first error and
// returns it.
func (s *Store) AnalyticsEvents(ctx context.Context, from, to time.Time, fn func(model.Event) error) error {
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT id, "+eventCols+
		" FROM analytics_events WHERE at >= ? AND at < ? ORDER BY at, id"), unix(from), unix(to))
	if err != nil {
		return fmt.Errorf("store: analytics events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e model.Event
		var at int64
		var kind, class, device, slots string
		if err := rows.Scan(&e.ID, &at, &kind, &e.ArticleID, &e.SectionID, &e.Path, &e.VisitorID, &e.SessionID,
			&e.EngagedSeconds, &e.ScrollDepth, &e.Slot, &e.TargetID, &class, &e.SourceName, &e.ReferrerHost,
			&e.UTMSource, &e.UTMMedium, &e.UTMCampaign, &e.Browser, &e.OS, &device, &e.Country, &e.ScreenWidth, &e.PageviewID, &slots); err != nil {
			return fmt.Errorf("store: analytics events: %w", err)
		}
		e.Time = fromUnix(at)
		e.Kind, e.SourceClass, e.Device = model.EventKind(kind), model.SourceClass(class), model.DeviceClass(device)
		if slots != "" {
			e.Slots = strings.Fields(slots)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountAnalyticsEvents returns the number of stored events whose time is in
// [from, to).
func (s *Store) CountAnalyticsEvents(ctx context.Context, from, to time.Time) (int64, error) {
	var n int64
	err := s.reader().QueryRowContext(ctx, s.rebind("SELECT count(*) FROM analytics_events WHERE at >= ? AND at < ?"),
		unix(from), unix(to)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count analytics events: %w", err)
	}
	return n, nil
}

// DeleteAnalyticsEvents removes events older than before and returns how
// many went (retention of raw events).
func (s *Store) DeleteAnalyticsEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.execQuiet(ctx, "DELETE FROM analytics_events WHERE at < ?", unix(before))
	if err != nil {
		return 0, fmt.Errorf("store: delete analytics events: %w", err)
	}
	return res.RowsAffected()
}

// AnalyticsSalt returns the visitor-id salt of the UTC day starting at day
// (its 00:00 UTC). When the day has none yet and fresh is not empty, fresh is
// stored and returned; when another process stored one first, that one is
// returned, so every instance on the database hashes with the same salt.
// With an empty fresh it only looks: (nil, nil) when the day has no salt.
func (s *Store) AnalyticsSalt(ctx context.Context, day time.Time, fresh []byte) ([]byte, error) {
	if len(fresh) > 0 {
		if _, err := s.execQuiet(ctx, "INSERT INTO analytics_salts (day, salt, created) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING",
			unix(day), fresh, unix(s.Now())); err != nil {
			return nil, fmt.Errorf("store: analytics salt: %w", err)
		}
	}
	var salt []byte
	err := s.writer().QueryRowContext(ctx, s.rebind("SELECT salt FROM analytics_salts WHERE day = ?"), unix(day)).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) && len(fresh) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: analytics salt: %w", err)
	}
	return salt, nil
}

// AnalyticsSaltDays returns the days (00:00 UTC) that have a stored salt,
// oldest first.
func (s *Store) AnalyticsSaltDays(ctx context.Context) ([]time.Time, error) {
	rows, err := s.writer().QueryContext(ctx, "SELECT day FROM analytics_salts ORDER BY day")
	if err != nil {
		return nil, fmt.Errorf("store: analytics salt days: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("store: analytics salt days: %w", err)
		}
		out = append(out, fromUnix(d))
	}
	return out, rows.Err()
}

// DeleteAnalyticsSalts deletes the salts of days starting before before and
// returns how many went. Once a salt is gone, the visitor ids made with it
// can no longer be linked to an IP address and user agent.
func (s *Store) DeleteAnalyticsSalts(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.execQuiet(ctx, "DELETE FROM analytics_salts WHERE day < ?", unix(before))
	if err != nil {
		return 0, fmt.Errorf("store: delete analytics salts: %w", err)
	}
	return res.RowsAffected()
}

// AddRejectedHits adds counts of refused hits, by reason, to the UTC day
// starting at day (its 00:00 UTC). Zero counts are skipped.
func (s *Store) AddRejectedHits(ctx context.Context, day time.Time, counts map[string]int64) error {
	for reason, n := range counts {
		if n == 0 {
			continue
		}
		if _, err := s.execQuiet(ctx, `INSERT INTO analytics_rejected (day, reason, hits) VALUES (?, ?, ?)
			ON CONFLICT (day, reason) DO UPDATE SET hits = analytics_rejected.hits + excluded.hits`, unix(day), reason, n); err != nil {
			return fmt.Errorf("store: add rejected hits: %w", err)
		}
	}
	return nil
}

// RejectedHits returns the refused hits by reason summed over the days
// starting in [from, to).
func (s *Store) RejectedHits(ctx context.Context, from, to time.Time) (map[string]int64, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT reason, CAST(sum(hits) AS BIGINT) FROM analytics_rejected WHERE day >= ? AND day < ? GROUP BY reason"),
		unix(from), unix(to))
	if err != nil {
		return nil, fmt.Errorf("store: rejected hits: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var r string
		var n sql.NullInt64
		if err := rows.Scan(&r, &n); err != nil {
			return nil, fmt.Errorf("store: rejected hits: %w", err)
		}
		out[r] = n.Int64
	}
	return out, rows.Err()
}
