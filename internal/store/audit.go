package store

import (
	"context"
	"fmt"
	"time"
)

// Audit actions written by the newsroom workflow.
const (
	AuditCreate     = "create"
	AuditSave       = "save"
	AuditReview     = "review"
	AuditPublish    = "publish"
	AuditSchedule   = "schedule"
	AuditUnpublish  = "unpublish"
	AuditCorrection = "correction"
	AuditRestore    = "restore"
	AuditPreview    = "preview link"
)

// AuditEntry is one line of the audit log of editorial actions.
type AuditEntry struct {
	ID        int64
	Created   time.Time // UTC, whole seconds
	UserID    int64     // 0 for the system (the scheduler)
	UserName  string    // copied at write time; "scheduler" for the system
	Action    string    // one of the Audit… constants
	ArticleID int64     // 0 when the action is not about one article
	Detail    string    // free text, e.g. the headline or the correction
}

// AddAudit appends e to the audit log; e.ID is set and e.Created defaults to
// the store clock. Call it inside the transaction of the action it records.
func (s *Store) AddAudit(ctx context.Context, e *AuditEntry) error {
	if e.Created.IsZero() {
		e.Created = s.Now()
	}
	if len(e.Detail) > 2000 {
		e.Detail = e.Detail[:2000]
	}
	// Webhook deliveries for the action (publish, update of a live story,
	// unpublish, correction) are queued in the same transaction: the outbox
	// holds exactly the events that committed.
	return s.InTx(ctx, func(tx *Store) error {
		id, err := tx.insertID(ctx, `INSERT INTO audit (created, user_id, user_name, action, article_id, detail)
		VALUES (?,?,?,?,?,?) RETURNING id`, unix(e.Created), e.UserID, e.UserName, e.Action, e.ArticleID, e.Detail)
		if err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
		e.ID = id
		return tx.enqueueWebhooks(ctx, e.Action, e.ArticleID)
	})
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	ArticleID int64
	Action    string
	Limit     int // default 100, at most 500
	Offset    int
}

// AuditLog lists entries newest first and the total count matching f.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error) {
	where, args := "WHERE 1=1", []any{}
	if f.ArticleID != 0 {
		where += " AND article_id = ?"
		args = append(args, f.ArticleID)
	}
	if f.Action != "" {
		where += " AND action = ?"
		args = append(args, f.Action)
	}
	var total int
	if err := s.queryRow(ctx, "SELECT count(*) FROM audit "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: audit count: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 500)
	rows, err := s.query(ctx, `SELECT id, created, user_id, user_name, action, article_id, detail FROM audit `+where+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []*AuditEntry
	for rows.Next() {
		e := &AuditEntry{}
		var created int64
		if err := rows.Scan(&e.ID, &created, &e.UserID, &e.UserName, &e.Action, &e.ArticleID, &e.Detail); err != nil {
			return nil, 0, fmt.Errorf("store: audit: %w", err)
		}
		e.Created = fromUnix(created)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
