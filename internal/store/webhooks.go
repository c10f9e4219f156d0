package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// Webhook events, sent to receivers that subscribe to them.
const (
	EventPublished   = "article.published"
	EventUpdated     = "article.updated"
	EventUnpublished = "article.unpublished"
	EventCorrected   = "article.corrected"
)

// WebhookEvents lists every event, in workflow order.
var WebhookEvents = []string{EventPublished, EventUpdated, EventUnpublished, EventCorrected}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Webhook is a receiver of article events.
type Webhook struct {
	ID       int64
	URL      string
	Secret   string   // HMAC-SHA256 key; shown once when the webhook is added
	Events   []string // subset of WebhookEvents
	Created  time.Time
	Disabled time.Time // zero while active
}

// Wants reports whether w is active and subscribes to event.
func (w *Webhook) Wants(event string) bool {
	if !w.Disabled.IsZero() {
		return false
	}
	for _, e := range w.Events {
		if e == event {
			return true
		}
	}
	return false
}

// Headline is the story's headline as it stood when d was queued (from the
// payload), "" when the payload cannot be read.
func (d *Delivery) Headline() string {
	var a WebhookArticle
	if json.Unmarshal([]byte(d.Payload), &a) != nil {
		return ""
	}
	return a.Headline
}

// PruneDeliveries deletes delivered deliveries created before delivered,
// and failed ones created before failed (both UTC); pending ones are kept.
// It returns how many rows went.
func (s *Store) PruneDeliveries(ctx context.Context, delivered, failed time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM webhook_deliveries WHERE (status = ? AND created < ?) OR (status = ? AND created < ?)`,
		DeliveryDelivered, delivered.Unix(), DeliveryFailed, failed.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: prune webhook deliveries: %w", err)
	}
	return res.RowsAffected()
}

// Delivery is one event queued for one webhook (the outbox row).
type Delivery struct {
	ID          int64
	WebhookID   int64
	URL         string // the webhook's, loaded with the delivery
	Secret      string // the webhook's, loaded by DueDeliveries only
	Event       string
	ArticleID   int64
	Payload     string // JSON of WebhookArticle
	Status      string // Delivery… constants
	Attempts    int
	NextAttempt time.Time
	LastCode    int
	LastError   string
	Created     time.Time
	Delivered   time.Time
}

// WebhookArticle is the article as it stood when the event was queued.
type WebhookArticle struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Slug        string    `json:"slug"`
	Headline    string    `json:"headline"`
	PublishedAt time.Time `json:"published_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// AddWebhook stores w (Created defaults to the store clock) and sets w.ID.
// Webhook tables are not reader content: the content version is not bumped.
func (s *Store) AddWebhook(ctx context.Context, w *Webhook) error {
	if w.Created.IsZero() {
		w.Created = s.Now()
	}
	err := s.writer().QueryRowContext(ctx, s.rebind(`INSERT INTO webhooks (url, secret, events, created, disabled) VALUES (?,?,?,?,?) RETURNING id`),
		w.URL, w.Secret, strings.Join(w.Events, ","), unix(w.Created), unix(w.Disabled)).Scan(&w.ID)
	if err != nil {
		return fmt.Errorf("store: add webhook: %w", err)
	}
	return nil
}

// DisableWebhook stops deliveries to webhook id; its pending deliveries fail.
func (s *Store) DisableWebhook(ctx context.Context, id int64) error {
	res, err := s.execQuiet(ctx, `UPDATE webhooks SET disabled = ? WHERE id = ? AND disabled = 0`, unix(s.Now()), id)
	if err != nil {
		return fmt.Errorf("store: disable webhook: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := s.execQuiet(ctx, `UPDATE webhook_deliveries SET status = ?, last_error = ? WHERE webhook_id = ? AND status = ?`,
		DeliveryFailed, "webhook disabled", id, DeliveryPending); err != nil {
		return fmt.Errorf("store: disable webhook: %w", err)
	}
	return nil
}

// Webhooks lists every webhook, newest first (secrets included).
func (s *Store) Webhooks(ctx context.Context) ([]*Webhook, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT id, url, secret, events, created, disabled FROM webhooks ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	defer rows.Close()
	var out []*Webhook
	for rows.Next() {
		w := &Webhook{}
		var events string
		var created, disabled int64
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &events, &created, &disabled); err != nil {
			return nil, fmt.Errorf("store: webhooks: %w", err)
		}
		if events != "" {
			w.Events = strings.Split(events, ",")
		}
		w.Created, w.Disabled = fromUnix(created), fromUnix(disabled)
		out = append(out, w)
	}
	return out, rows.Err()
}

// webhookEvent maps an audit entry to the webhook event it stands for, or "".
// A save or restore is an update only when the story is live.
func webhookEvent(action string, status model.Status) string {
	switch action {
	case AuditPublish:
		return EventPublished
	case AuditUnpublish:
		return EventUnpublished
	case AuditCorrection:
		return EventCorrected
	case AuditSave, AuditRestore:
		if status == model.StatusPublished {
			return EventUpdated
		}
	}
	return ""
}

// enqueueWebhooks writes, inside the transaction of an audit entry, one
// pending delivery per active webhook that wants the event the entry stands
// for. It is the only place events are queued (see AddAudit).
func (s *Store) enqueueWebhooks(ctx context.Context, action string, articleID int64) error {
	if articleID == 0 {
		return nil
	}
	switch action {
	case AuditPublish, AuditUnpublish, AuditCorrection, AuditSave, AuditRestore:
	default:
		return nil
	}
	hooks, err := s.Webhooks(ctx)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var kind, status, slug, headline string
	var pub, upd int64
	err = s.reader().QueryRowContext(ctx, s.rebind(`SELECT kind, status, slug, headline, published_at, updated_at FROM articles WHERE id = ?`), articleID).
		Scan(&kind, &status, &slug, &headline, &pub, &upd)
	if err != nil {
		return fmt.Errorf("store: webhook article %d: %w", articleID, err)
	}
	event := webhookEvent(action, model.Status(status))
	if event == "" {
		return nil
	}
	payload, err := json.Marshal(WebhookArticle{ID: articleID, Kind: kind, Slug: slug, Headline: headline,
		PublishedAt: fromUnix(pub), UpdatedAt: fromUnix(upd)})
	if err != nil {
		return err
	}
	now := unix(s.Now())
	for _, w := range hooks {
		if !w.Wants(event) {
			continue
		}
		if _, err := s.execQuiet(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, article_id, payload, status, attempts, next_attempt, created)
			VALUES (?,?,?,?,?,0,?,?)`, w.ID, event, articleID, string(payload), DeliveryPending, now, now); err != nil {
			return fmt.Errorf("store: queue webhook: %w", err)
		}
	}
	return nil
}

const deliveryCols = `d.id, d.webhook_id, w.url, w.secret, d.event, d.article_id, d.payload, d.status, d.attempts, d.next_attempt,
	d.last_status_code, d.last_error, d.created, d.delivered`

func (s *Store) deliveries(ctx context.Context, q string, args ...any) ([]*Delivery, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: webhook deliveries: %w", err)
	}
	defer rows.Close()
	var out []*Delivery
	for rows.Next() {
		d := &Delivery{}
		var next, created, delivered int64
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Secret, &d.Event, &d.ArticleID, &d.Payload, &d.Status, &d.Attempts, &next,
			&d.LastCode, &d.LastError, &created, &delivered); err != nil {
			return nil, fmt.Errorf("store: webhook deliveries: %w", err)
		}
		d.NextAttempt, d.Created, d.Delivered = fromUnix(next), fromUnix(created), fromUnix(delivered)
		out = append(out, d)
	}
	return out, rows.Err()
}

// DueDeliveries returns up to limit pending deliveries of active webhooks
// whose next attempt is at or before now, oldest first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*Delivery, error) {
	return s.deliveries(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
		WHERE d.status = ? AND d.next_attempt <= ? AND w.disabled = 0 ORDER BY d.next_attempt, d.id LIMIT ?`, DeliveryPending, now.Unix(), limit)
}

// RecentDeliveries returns the last limit deliveries, newest first, without secrets.
func (s *Store) RecentDeliveries(ctx context.Context, limit int) ([]*Delivery, error) {
	ds, err := s.deliveries(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
		ORDER BY d.id DESC LIMIT ?`, limit)
	for _, d := range ds {
		d.Secret = ""
	}
	return ds, err
}

// ClaimDelivery leases pending delivery d until `until` so that another
// dispatcher (another instance on the same database) skips it. It reports
// false when d was claimed or settled by someone else meanwhile.
func (s *Store) ClaimDelivery(ctx context.Context, d *Delivery, until time.Time) (bool, error) {
	res, err := s.execQuiet(ctx, `UPDATE webhook_deliveries SET next_attempt = ? WHERE id = ? AND status = ? AND next_attempt = ?`,
		until.Unix(), d.ID, DeliveryPending, unix(d.NextAttempt))
	if err != nil {
		return false, fmt.Errorf("store: claim delivery: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecordAttempt stores the outcome of one attempt at delivery id: its new
// status, attempt count, response code (0 when none), error text and next
// attempt time; delivered is set when status is DeliveryDelivered.
func (s *Store) RecordAttempt(ctx context.Context, id int64, status string, attempts, code int, errText string, next time.Time) error {
	if len(errText) > 500 {
		errText = errText[:500]
	}
	var delivered int64
	if status == DeliveryDelivered {
		delivered = unix(s.Now())
	}
	_, err := s.execQuiet(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, next_attempt = ?, delivered = ?
		WHERE id = ?`, status, attempts, code, errText, unix(next), delivered, id)
	if err != nil {
		return fmt.Errorf("store: record delivery: %w", err)
	}
	return nil
}

// Redeliver queues delivery id again at once, with a fresh attempt count.
func (s *Store) Redeliver(ctx context.Context, id int64) error {
	res, err := s.execQuiet(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = 0, next_attempt = ?, delivered = 0
		WHERE id = ? AND webhook_id IN (SELECT id FROM webhooks WHERE disabled = 0)`, DeliveryPending, unix(s.Now()), id)
	if err != nil {
		return fmt.Errorf("store: redeliver: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
