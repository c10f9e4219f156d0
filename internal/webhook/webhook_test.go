package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
	"masthead/internal/webhook"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }
func ctxT() context.Context          { return context.Background() }
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// each runs fn on every test dialect with a store on a settable clock.
func each(t *testing.T, fn func(t *testing.T, st *store.Store, clk *clock)) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := newClock()
			fn(t, storetest.Open(t, d, clk.now), clk)
		})
	}
}

// receiver records requests and answers with the status codes in codes
// (the last one repeats).
type receiver struct {
	mu    sync.Mutex
	reqs  []*http.Request
	body  [][]byte
	codes []int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.reqs, rc.body = append(rc.reqs, r), append(rc.body, b)
	code := rc.codes[min(len(rc.reqs), len(rc.codes))-1]
	w.WriteHeader(code)
}

func (rc *receiver) n() int { rc.mu.Lock(); defer rc.mu.Unlock(); return len(rc.reqs) }

func hook(t *testing.T, st *store.Store, url string, events ...string) *store.Webhook {
	t.Helper()
	if len(events) == 0 {
		events = store.WebhookEvents
	}
	w := &store.Webhook{URL: url, Secret: "s3cret", Events: events}
	must(t, st.AddWebhook(ctxT(), w))
	return w
}

func article(t *testing.T, st *store.Store, status model.Status, pub time.Time) *model.Article {
	t.Helper()
	a := &model.Article{Headline: "Harbour plan approved", Slug: "harbour-plan", Status: status, PublishedAt: pub}
	_, err := st.SaveArticle(ctxT(), a)
	must(t, err)
	return a
}

func audit(t *testing.T, st *store.Store, action string, id int64) {
	t.Helper()
	must(t, st.AddAudit(ctxT(), &store.AuditEntry{UserName: "Ana", Action: action, ArticleID: id}))
}

func deliveries(t *testing.T, st *store.Store) []*store.Delivery {
	t.Helper()
	ds, err := st.RecentDeliveries(ctxT(), 50)
	must(t, err)
	return ds
}

func TestSignature(t *testing.T) {
	body := []byte(`{"event":"article.published"}`)
	sig := webhook.Sign("key", body)
	// Known value: HMAC-SHA256("key", body), as a receiver would compute it.
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != 7+64 {
		t.Fatalf("sig %q", sig)
	}
	if !webhook.Verify("key", body, sig) || webhook.Verify("other", body, sig) || webhook.Verify("key", append(body, ' '), sig) {
		t.Fatal("verify")
	}
}

// TestDelivered: a publish audit entry queues article.published; the
// dispatcher POSTs signed JSON with the documented headers; a 2xx marks it
// delivered and it is not sent again.
func TestDelivered(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store, clk *clock) {
		rc := &receiver{codes: []int{204}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		w := hook(t, st, srv.URL+"/in")
		hook(t, st, srv.URL+"/other", store.EventCorrected) // does not want publish
		a := article(t, st, model.StatusPublished, clk.now())
		audit(t, st, store.AuditPublish, a.ID)
		d := webhook.New(st, webhook.Options{BaseURL: "https://news.example.com/", Now: clk.now, AllowPrivate: true})
		must(t, d.RunOnce(ctxT()))
		if rc.n() != 1 {
			t.Fatalf("requests %d", rc.n())
		}
		r, body := rc.reqs[0], rc.body[0]
		ds := deliveries(t, st)
		if len(ds) != 1 || ds[0].Status != store.DeliveryDelivered || ds[0].Attempts != 1 || ds[0].LastCode != 204 || ds[0].WebhookID != w.ID {
			t.Fatalf("delivery %+v", ds[0])
		}
		if r.URL.Path != "/in" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("X-Masthead-Event") != store.EventPublished ||
			r.Header.Get("X-Masthead-Delivery") != itoa(ds[0].ID) {
			t.Fatalf("headers %v", r.Header)
		}
		if !webhook.Verify("s3cret", body, r.Header.Get("X-Masthead-Signature")) {
			t.Fatal("signature does not verify")
		}
		var p struct {
			Event   string `json:"event"`
			Article struct {
				ID                  int64
				Slug, URL, Headline string
				PublishedAt         time.Time  `json:"published_at"`
				UpdatedAt           *time.Time `json:"updated_at"`
			} `json:"article"`
			SentAt time.Time `json:"sent_at"`
		}
		must(t, json.Unmarshal(body, &p))
		if p.Event != store.EventPublished || p.Article.ID != a.ID || p.Article.URL != "https://news.example.com/articles/harbour-plan" ||
			p.Article.Headline != a.Headline || !p.Article.PublishedAt.Equal(a.PublishedAt) || p.Article.UpdatedAt != nil || !p.SentAt.Equal(clk.now()) {
			t.Fatalf("payload %s", body)
		}
		clk.add(time.Hour)
		must(t, d.RunOnce(ctxT()))
		if rc.n() != 1 {
			t.Fatal("delivered twice")
		}
		// Redeliver sends it again.
		must(t, st.Redeliver(ctxT(), ds[0].ID))
		must(t, d.RunOnce(ctxT()))
		if rc.n() != 2 {
			t.Fatal("redeliver did not send")
		}
	})
}

// TestRetries: a failing receiver is retried after 30 s, 2 min, 10 min,
// 1 h and 6 h, never earlier, then the delivery fails.
func TestRetries(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store, clk *clock) {
		rc := &receiver{codes: []int{500}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		hook(t, st, srv.URL)
		a := article(t, st, model.StatusPublished, clk.now())
		audit(t, st, store.AuditUnpublish, a.ID)
		d := webhook.New(st, webhook.Options{Now: clk.now, AllowPrivate: true})
		must(t, d.RunOnce(ctxT()))
		for i, wait := range webhook.Backoff {
			ds := deliveries(t, st)
			if ds[0].Status != store.DeliveryPending || ds[0].Attempts != i+1 || ds[0].LastCode != 500 || !strings.Contains(ds[0].LastError, "500") ||
				!ds[0].NextAttempt.Equal(clk.now().Add(wait)) {
				t.Fatalf("after attempt %d: %+v", i+1, ds[0])
			}
			clk.add(wait - time.Second)
			must(t, d.RunOnce(ctxT()))
			if rc.n() != i+1 {
				t.Fatalf("retried early at attempt %d", i+1)
			}
			clk.add(time.Second)
			must(t, d.RunOnce(ctxT()))
			if rc.n() != i+2 {
				t.Fatalf("not retried after %v", wait)
			}
		}
		ds := deliveries(t, st)
		if ds[0].Status != store.DeliveryFailed || ds[0].Attempts != 6 || ds[0].Event != store.EventUnpublished {
			t.Fatalf("final %+v", ds[0])
		}
		clk.add(24 * time.Hour)
		must(t, d.RunOnce(ctxT()))
		if rc.n() != 6 {
			t.Fatal("failed delivery sent again")
		}
	})
}

// TestPrivateRefused: without AllowPrivate, a receiver on a loopback
// address is never contacted; the attempt is recorded as an error.
func TestPrivateRefused(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store, clk *clock) {
		rc := &receiver{codes: []int{200}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		hook(t, st, srv.URL)
		a := article(t, st, model.StatusPublished, clk.now())
		audit(t, st, store.AuditCorrection, a.ID)
		must(t, webhook.New(st, webhook.Options{Now: clk.now}).RunOnce(ctxT()))
		ds := deliveries(t, st)
		if rc.n() != 0 || ds[0].Status != store.DeliveryPending || !strings.Contains(ds[0].LastError, "not a public address") {
			t.Fatalf("requests %d, %+v", rc.n(), ds[0])
		}
		// The dialer refuses too, whatever the URL says.
		c := webhook.SafeClient(false)
		if _, err := c.Get(srv.URL); err == nil || !strings.Contains(err.Error(), "non-public") {
			t.Fatalf("safe client: %v", err)
		}
	})
	for _, u := range []string{"ftp://example.com/", "http://localhost/x", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/", "/relative", "http://u:p@example.com/"} {
		if err := webhook.CheckURL(ctxT(), u, false, false); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if err := webhook.CheckURL(ctxT(), "https://hooks.example.com/in", false, false); err != nil {
		t.Error(err)
	}
	if err := webhook.CheckURL(ctxT(), "http://127.0.0.1:8080/", true, true); err != nil {
		t.Error(err)
	}
}

// TestEvents: which audit actions queue which events, in the same
// transaction: the scheduler's publish, a save of a live story (update), but
// not a save of a draft; a disabled webhook gets nothing; a rolled-back
// action queues nothing.
func TestEvents(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store, clk *clock) {
		hook(t, st, "https://hooks.example.com/in")
		off := hook(t, st, "https://hooks.example.com/off")
		must(t, st.DisableWebhook(ctxT(), off.ID))
		draft := &model.Article{Headline: "Draft", Slug: "draft", Status: model.StatusDraft}
		_, err := st.SaveArticle(ctxT(), draft)
		must(t, err)
		audit(t, st, store.AuditSave, draft.ID)
		if n := len(deliveries(t, st)); n != 0 {
			t.Fatalf("draft save queued %d", n)
		}
		sch := &model.Article{Headline: "Later", Slug: "later", Status: model.StatusScheduled, PublishedAt: clk.now().Add(time.Minute)}
		_, err = st.SaveArticle(ctxT(), sch)
		must(t, err)
		clk.add(time.Minute)
		ids, err := st.PublishDue(ctxT(), clk.now())
		must(t, err)
		if len(ids) != 1 {
			t.Fatalf("published %v", ids)
		}
		audit(t, st, store.AuditSave, sch.ID)
		_ = st.InTx(ctxT(), func(tx *store.Store) error {
			must(t, tx.AddAudit(ctxT(), &store.AuditEntry{Action: store.AuditCorrection, ArticleID: sch.ID}))
			return context.Canceled // roll back
		})
		ds := deliveries(t, st)
		if len(ds) != 2 || ds[1].Event != store.EventPublished || ds[0].Event != store.EventUpdated || ds[0].ArticleID != sch.ID ||
			!strings.HasSuffix(ds[0].URL, "/in") {
			for _, d := range ds {
				t.Logf("%+v", d)
			}
			t.Fatal("events")
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestPruneDeliveryLog: delivered rows go 30 days after they were queued,
// failed ones after 90; pending ones stay.
func TestPruneDeliveryLog(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store, clk *clock) {
		hook(t, st, "https://hooks.example.com/in")
		a := article(t, st, model.StatusPublished, clk.now())
		for i := 0; i < 3; i++ {
			audit(t, st, store.AuditPublish, a.ID)
		}
		ds := deliveries(t, st) // newest first
		must(t, st.RecordAttempt(ctxT(), ds[2].ID, store.DeliveryDelivered, 1, 200, "", time.Time{}))
		must(t, st.RecordAttempt(ctxT(), ds[1].ID, store.DeliveryFailed, 6, 500, "boom", time.Time{}))
		d := webhook.New(st, webhook.Options{Now: clk.now})
		if n, err := d.Prune(ctxT(), clk.now().Add(29*24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("before 30 days: %d %v", n, err)
		}
		if n, err := d.Prune(ctxT(), clk.now().Add(31*24*time.Hour)); err != nil || n != 1 || len(deliveries(t, st)) != 2 {
			t.Fatalf("after 30 days: %d %v", n, err)
		}
		if n, err := d.Prune(ctxT(), clk.now().Add(91*24*time.Hour)); err != nil || n != 1 {
			t.Fatalf("after 90 days: %d %v", n, err)
		}
		if left := deliveries(t, st); len(left) != 1 || left[0].Status != store.DeliveryPending {
			t.Fatalf("left: %+v", left)
		}
	})
}
