package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"masthead/internal/model"
)

// NextScheduled returns the earliest PublishedAt among articles in status
// scheduled (overdue ones included), or the zero time when none is waiting.
// Used by the scheduler in package article to arm its timer.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, error) {
	var p sql.NullInt64
	err := s.queryRow(ctx, "SELECT min(published_at) FROM articles WHERE status = ?", string(model.StatusScheduled)).Scan(&p)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next scheduled: %w", err)
	}
	if !p.Valid {
		return time.Time{}, nil
	}
	if p.Int64 == 0 {
		// A scheduled article without a time is due at once.
		return time.Unix(1, 0).UTC(), nil
	}
	return fromUnix(p.Int64), nil
}

// PublishDue moves every scheduled article whose PublishedAt is at or before
// now (UTC, whole seconds) to published, writing one audit entry per article
// (user "scheduler"), all in one transaction. It returns the ids promoted,
// in PublishedAt order. Embargo is untouched: an embargoed article becomes
// published but stays invisible until EmbargoUntil.
func (s *Store) PublishDue(ctx context.Context, now time.Time) ([]int64, error) {
	var ids []int64
	err := s.InTx(ctx, func(tx *Store) error {
		ids = nil
		rows, err := tx.reader().QueryContext(ctx, tx.rebind(`SELECT id, headline FROM articles WHERE status = ? AND published_at <= ?
			ORDER BY published_at, id`), string(model.StatusScheduled), now.Unix())
		if err != nil {
			return fmt.Errorf("store: due articles: %w", err)
		}
		var heads []string
		for rows.Next() {
			var id int64
			var h string
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return fmt.Errorf("store: due articles: %w", err)
			}
			ids, heads = append(ids, id), append(heads, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, id := range ids {
			if _, err := tx.exec(ctx, `UPDATE articles SET status = ?, modified = ? WHERE id = ? AND status = ?`,
				string(model.StatusPublished), unix(tx.Now()), id, string(model.StatusScheduled)); err != nil {
				return fmt.Errorf("store: publish scheduled: %w", err)
			}
			if err := tx.AddAudit(ctx, &AuditEntry{UserName: "scheduler", Action: AuditPublish, ArticleID: id,
				Detail: "scheduled publication: " + heads[i]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
