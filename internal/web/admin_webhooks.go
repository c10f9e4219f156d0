package web

import (
	"errors"
	"net/http"
	"strings"

	"masthead/internal/store"
	"masthead/internal/webhook"
)

// Webhooks (issue 3, "APIs and webhooks"; permission "manage users", owners
// only): GET /admin/webhooks lists receivers and the last 50 deliveries;
// POST /admin/webhooks adds a receiver (the secret is generated and shown
// once, on the page the POST redirects to); POST /admin/webhooks/{id}/disable stops
// one; POST /admin/webhooks/deliveries/{id}/redeliver queues a delivery again.
// Deliveries are queued by the store with the audit entry of each action and
// sent by package webhook.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/webhooks", s.signedIn(s.adminWebhooks))
		am.Handle("POST /admin/webhooks", s.signedIn(s.adminWebhookCreate))
		am.Handle("POST /admin/webhooks/{id}/disable", s.signedIn(s.adminWebhookDisable))
		am.Handle("POST /admin/webhooks/deliveries/{id}/redeliver", s.signedIn(s.adminWebhookRedeliver))
	})
}

// webhooksPage is the view of admin_webhooks.html.
type webhooksPage struct {
	Webhooks   []*store.Webhook
	Deliveries []*store.Delivery
	Events     []string
	URL        string
	Checked    map[string]bool
	Error      string
	NewSecret  string // shown once, right after adding
	Notice     string
}

// sessionWebhookSecret is the session key carrying a new webhook's secret
// from the POST that made it to the page it redirects to.
const sessionWebhookSecret = "webhook_secret"

var webhookNotices = map[string]string{
	"added":     "Webhook added.",
	"disable":   "Webhook disabled. Its pending deliveries will not be sent.",
	"redeliver": "Delivery queued again; it is sent within a few seconds.",
}

func canManageWebhooks(u *store.User) error {
	if canManageUsers(u) != nil {
		return forbidden("Only owners can manage webhooks.")
	}
	return nil
}

func (s *Site) renderWebhooks(w http.ResponseWriter, r *http.Request, u *store.User, status int, p *webhooksPage) error {
	ctx := r.Context()
	var err error
	if p.Webhooks, err = s.st.Webhooks(ctx); err != nil {
		return err
	}
	if p.Deliveries, err = s.st.RecentDeliveries(ctx, 50); err != nil {
		return err
	}
	p.Events = store.WebhookEvents
	if p.Checked == nil {
		p.Checked = map[string]bool{}
		for _, e := range store.WebhookEvents {
			p.Checked[e] = true
		}
	}
	return s.renderAdmin(w, status, "admin_webhooks", "Webhooks", u, p)
}

// adminWebhooks lists webhooks and recent deliveries (GET /admin/webhooks).
func (s *Site) adminWebhooks(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageWebhooks(u); err != nil {
		return err
	}
	p := &webhooksPage{Notice: webhookNotices[r.URL.Query().Get("done")]}
	if p.NewSecret = s.auth.Sessions.PopString(r.Context(), sessionWebhookSecret); p.NewSecret != "" {
		p.Notice = "Webhook added. Copy its secret now: it is not shown again."
	}
	return s.renderWebhooks(w, r, u, http.StatusOK, p)
}

// adminWebhookCreate adds a webhook (POST /admin/webhooks) and shows its
// secret once.
func (s *Site) adminWebhookCreate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageWebhooks(u); err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	p := &webhooksPage{URL: strings.TrimSpace(r.PostForm.Get("url")), Checked: map[string]bool{}}
	var events []string
	for _, e := range store.WebhookEvents {
		for _, v := range r.PostForm["events"] {
			if v == e {
				events = append(events, e)
				p.Checked[e] = true
			}
		}
	}
	switch err := webhook.CheckURL(r.Context(), p.URL, s.cfg.WebhooksAllowPrivate, false); {
	case len(p.URL) > 2000:
		p.Error = "The address is too long (at most 2,000 characters)."
	case err != nil:
		p.Error = "This address cannot receive webhooks: " + strings.TrimPrefix(err.Error(), webhook.ErrNotAllowed.Error()+": ") + "."
	case len(events) == 0:
		p.Error = "Choose at least one event."
	}
	if p.Error != "" {
		return s.renderWebhooks(w, r, u, http.StatusUnprocessableEntity, p)
	}
	wh := &store.Webhook{URL: p.URL, Secret: webhook.NewSecret(), Events: events}
	if err := s.st.AddWebhook(r.Context(), wh); err != nil {
		return err
	}
	s.log.Info("webhook added", "id", wh.ID, "url", wh.URL, "by", u.Email)
	// Post/Redirect/Get: the secret rides in the session to the next page
	// view only, so a refresh neither re-posts the form nor shows it again.
	s.auth.Sessions.Put(r.Context(), sessionWebhookSecret, wh.Secret)
	http.Redirect(w, r, "/admin/webhooks?done=added", http.StatusSeeOther)
	return nil
}

// adminWebhookDisable stops a webhook (POST /admin/webhooks/{id}/disable).
func (s *Site) adminWebhookDisable(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageWebhooks(u); err != nil {
		return err
	}
	id, err := pathID(r, "webhook")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Disable this webhook?",
		Consequence: "Its receiver gets no more events, and its pending deliveries are not sent. A disabled webhook cannot be enabled again; add it anew if needed.",
		Button:      "Disable the webhook", Cancel: "/admin/webhooks"}); !ok {
		return err
	}
	if err := s.st.DisableWebhook(r.Context(), id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("There is no such active webhook.")
		}
		return err
	}
	s.log.Info("webhook disabled", "id", id, "by", u.Email)
	http.Redirect(w, r, "/admin/webhooks?done=disable", http.StatusSeeOther)
	return nil
}

// adminWebhookRedeliver queues a delivery again
// (POST /admin/webhooks/deliveries/{id}/redeliver).
func (s *Site) adminWebhookRedeliver(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageWebhooks(u); err != nil {
		return err
	}
	id, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	if err := s.st.Redeliver(r.Context(), id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("There is no such delivery to an active webhook.")
		}
		return err
	}
	http.Redirect(w, r, "/admin/webhooks?done=redeliver", http.StatusSeeOther)
	return nil
}
