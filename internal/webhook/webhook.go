// Package webhook sends article events to the receivers configured under
// /admin/webhooks. Events are queued by package store in an outbox
// (webhook_deliveries), in the same transaction as the editorial action and
// its audit entry; the Dispatcher here sends due deliveries.
//
// Each delivery is a POST of a JSON body
//
//	{"event": "article.published", "article": {"id", "slug", "url", "headline",
//	 "published_at", "updated_at"}, "sent_at": "…"}
//
// with the headers Content-Type: application/json, X-Masthead-Event (the
// event), X-Masthead-Delivery (the delivery id, the same on every retry) and
// X-Masthead-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed with
// the webhook's secret>, like GitHub's X-Hub-Signature-256. Receivers should
// compute the HMAC over the exact bytes received and compare in constant time
// (see Verify). A 2xx answer within 10 s marks the delivery delivered;
// anything else is retried after 30 s, 2 min, 10 min, 1 h and 6 h, and then
// marked failed.
//
// Only http and https URLs are accepted, and addresses that resolve to
// loopback, private, link-local or otherwise non-public IPs are refused
// (server-side request forgery) unless Options.AllowPrivate is set (tests).
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"masthead/internal/model"
	"masthead/internal/sitepath"
	"masthead/internal/store"
)

// Backoff is the wait before each retry; after the last, a delivery fails.
var Backoff = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour}

// Timeout bounds one attempt.
const Timeout = 10 * time.Second

// batch is the most deliveries one RunOnce sends.
const batch = 50

// Options configure New; zero values mean defaults.
type Options struct {
	// BaseURL is the public site URL that article URLs are built on.
	BaseURL string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Client sends requests (default: a client with Timeout whose dialer
	// refuses non-public addresses unless AllowPrivate).
	Client *http.Client
	// AllowPrivate permits loopback and private addresses (tests with
	// httptest servers, or receivers on the same network by choice).
	AllowPrivate bool
	// Interval is how often Run looks for due deliveries (default 5 s).
	Interval time.Duration
	Log      *slog.Logger
}

// Dispatcher sends due webhook deliveries.
type Dispatcher struct {
	st   *store.Store
	opts Options
}

// New returns a dispatcher over st.
func New(st *store.Store, opts Options) *Dispatcher {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Interval <= 0 {
		opts.Interval = 5 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Client == nil {
		opts.Client = SafeClient(opts.AllowPrivate)
	}
	return &Dispatcher{st: st, opts: opts}
}

// SafeClient returns an HTTP client with Timeout that does not follow
// redirects and whose dialer refuses non-public addresses (checked on the
// resolved IP at connect time, so DNS tricks do not get around it) unless
// allowPrivate.
func SafeClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: Timeout}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if !Public(ap.Addr()) {
				return fmt.Errorf("webhook: refusing non-public address %s; %s", ap.Addr(), PrivateHint)
			}
			return nil
		}
	}
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: Timeout, ResponseHeaderTimeout: Timeout,
		MaxIdleConns: 10, IdleConnTimeout: 90 * time.Second}
	return &http.Client{Transport: tr, Timeout: Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Public reports whether ip is a public unicast address.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() &&
		!ip.IsUnspecified() && !netip.MustParsePrefix("100.64.0.0/10").Contains(ip) && !netip.MustParsePrefix("fc00::/7").Contains(ip)
}

// ErrNotAllowed is returned for URLs that may not receive webhooks.
var ErrNotAllowed = errors.New("webhook URL not allowed")

// PrivateHint tells an operator how to allow private targets; it ends every
// refusal of a non-public address.
const PrivateHint = "to allow receivers on loopback or private networks, start masthead serve with --webhooks-allow-private (or MASTHEAD_WEBHOOKS_ALLOW_PRIVATE=true)"

// CheckURL accepts absolute http/https URLs without user info. Unless
// allowPrivate, a host that is a non-public IP literal or "localhost" is
// refused; when resolve is set, the host's addresses are looked up and all
// must be public.
func CheckURL(ctx context.Context, raw string, allowPrivate, resolve bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%w: use an absolute http:// or https:// address", ErrNotAllowed)
	}
	if allowPrivate {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("%w: %s is a local address; %s", ErrNotAllowed, host, PrivateHint)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !Public(ip) {
			return fmt.Errorf("%w: %s is not a public address; %s", ErrNotAllowed, host, PrivateHint)
		}
		return nil
	}
	if !resolve {
		return nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("webhook: resolve %s: %w", host, err)
	}
	for _, ip := range ips {
		if !Public(ip) {
			return fmt.Errorf("%w: %s resolves to %s, not a public address; %s", ErrNotAllowed, host, ip, PrivateHint)
		}
	}
	return nil
}

// Sign returns the X-Masthead-Signature value for body: "sha256=" and the
// hex HMAC-SHA256 of body keyed with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports, in constant time, whether sig is the signature of body.
func Verify(secret string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(sig))
}

// Payload is the JSON body of a delivery.
type Payload struct {
	Event   string         `json:"event"`
	Article PayloadArticle `json:"article"`
	SentAt  time.Time      `json:"sent_at"`
}

// PayloadArticle describes the article the event is about.
type PayloadArticle struct {
	ID          int64      `json:"id"`
	Slug        string     `json:"slug"`
	URL         string     `json:"url"`
	Headline    string     `json:"headline"`
	PublishedAt *time.Time `json:"published_at"`
	UpdatedAt   *time.Time `json:"updated_at"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Retention of the delivery log: delivered rows are deleted this long
// after they were queued, failed ones after FailedRetention (so an owner
// has time to look and redeliver); pending ones are never deleted.
const (
	DeliveredRetention = 30 * 24 * time.Hour
	FailedRetention    = 90 * 24 * time.Hour
)

// Prune deletes the delivery log rows past their retention at now.
func (d *Dispatcher) Prune(ctx context.Context, now time.Time) (int64, error) {
	return d.st.PruneDeliveries(ctx, now.Add(-DeliveredRetention), now.Add(-FailedRetention))
}

// Run sends due deliveries every Interval until ctx is cancelled, and
// prunes the delivery log at start and then hourly.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.opts.Interval)
	defer t.Stop()
	var pruned time.Time
	for {
		if err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.opts.Log.Warn("webhooks: dispatch", "err", err)
		}
		if now := d.opts.Now(); now.Sub(pruned) >= time.Hour {
			pruned = now
			if n, err := d.Prune(ctx, now); err != nil && ctx.Err() == nil {
				d.opts.Log.Warn("webhooks: prune delivery log", "err", err)
			} else if n > 0 {
				d.opts.Log.Info("webhooks: delivery log pruned", "rows", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce sends the deliveries due now (at most 50) and records each
// outcome. It returns the first store error.
func (d *Dispatcher) RunOnce(ctx context.Context) error {
	now := d.opts.Now().UTC().Truncate(time.Second)
	due, err := d.st.DueDeliveries(ctx, now, batch)
	if err != nil {
		return err
	}
	for _, dl := range due {
		// Lease the row past the attempt's timeout so another instance skips it.
		ok, err := d.st.ClaimDelivery(ctx, dl, now.Add(Timeout+time.Minute))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		code, sendErr := d.send(ctx, dl, now)
		attempts := dl.Attempts + 1
		status, next, errText := store.DeliveryDelivered, time.Time{}, ""
		if sendErr != nil {
			errText = sendErr.Error()
			if attempts > len(Backoff) {
				status = store.DeliveryFailed
			} else {
				status, next = store.DeliveryPending, now.Add(Backoff[attempts-1])
			}
			d.opts.Log.Info("webhooks: delivery failed", "delivery", dl.ID, "url", dl.URL, "attempt", attempts, "err", errText)
		}
		if err := d.st.RecordAttempt(ctx, dl.ID, status, attempts, code, errText, next); err != nil {
			return err
		}
	}
	return nil
}

// send makes one attempt and returns the response code (0 when none) and an
// error unless the receiver answered 2xx.
func (d *Dispatcher) send(ctx context.Context, dl *store.Delivery, now time.Time) (int, error) {
	if err := CheckURL(ctx, dl.URL, d.opts.AllowPrivate, true); err != nil {
		return 0, err
	}
	body, err := d.Body(dl, now)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Masthead-Webhook/1")
	req.Header.Set("X-Masthead-Event", dl.Event)
	req.Header.Set("X-Masthead-Delivery", strconv.FormatInt(dl.ID, 10))
	req.Header.Set("X-Masthead-Signature", Sign(dl.Secret, body))
	res, err := d.opts.Client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("receiver answered %s", res.Status)
	}
	return res.StatusCode, nil
}

// Body returns the JSON body sent for dl at time now.
func (d *Dispatcher) Body(dl *store.Delivery, now time.Time) ([]byte, error) {
	var a store.WebhookArticle
	if err := json.Unmarshal([]byte(dl.Payload), &a); err != nil {
		return nil, fmt.Errorf("webhook: delivery %d payload: %w", dl.ID, err)
	}
	path := sitepath.Article(&model.Article{Kind: model.Kind(a.Kind), Slug: a.Slug})
	return json.Marshal(Payload{Event: dl.Event, SentAt: now.UTC(), Article: PayloadArticle{ID: a.ID, Slug: a.Slug,
		URL: strings.TrimSuffix(d.opts.BaseURL, "/") + path, Headline: a.Headline,
		PublishedAt: timePtr(a.PublishedAt), UpdatedAt: timePtr(a.UpdatedAt)}})
}

// NewSecret returns a random 32-byte secret, hex encoded.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
