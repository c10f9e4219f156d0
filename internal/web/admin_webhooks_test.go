package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/store"
)

// TestWebhooksAdmin: owners add a webhook (secret shown once), see
// deliveries queued by publishing and correcting through the editor,
// redeliver and disable; other roles get 403; cross-origin posts are refused;
// non-public and non-http addresses are refused.
func TestWebhooksAdmin(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		if _, err := f.auth.AddUser(ctx, "olga@example.com", "Olga Owner", "owner", "right password"); err != nil {
			t.Fatal(err)
		}
		olga := signIn(t, f, "olga@example.com")
		ana := signIn(t, f, "ana@example.com")

		for _, who := range []*browser{ana, signIn(t, f, "ben@example.com")} {
			if res, _ := who.do(t, "GET", "/admin/webhooks", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("GET as non-owner: %d", res.StatusCode)
			}
			if res, _ := who.do(t, "POST", "/admin/webhooks", url.Values{"url": {"https://hooks.example.com/in"}, "events": {"article.published"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("POST as non-owner: %d", res.StatusCode)
			}
		}
		res, page := olga.do(t, "POST", "/admin/webhooks", url.Values{"url": {"https://hooks.example.com/in"}, "events": {"article.published"}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-origin: %d", res.StatusCode)
		}
		for _, bad := range []string{"http://127.0.0.1:9/", "http://localhost/x", "ftp://example.com/", "http://10.1.2.3/"} {
			if res, page := olga.do(t, "POST", "/admin/webhooks", url.Values{"url": {bad}, "events": {"article.published"}}); res.StatusCode != http.StatusUnprocessableEntity ||
				!strings.Contains(page, "cannot receive webhooks") {
				t.Errorf("%s: %d", bad, res.StatusCode)
			}
		}
		if res, _ := olga.do(t, "POST", "/admin/webhooks", url.Values{"url": {"https://hooks.example.com/in"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("no events: %d", res.StatusCode)
		}
		res, page = olga.do(t, "POST", "/admin/webhooks", url.Values{"url": {"https://hooks.example.com/in"},
			"events": {store.EventPublished, store.EventCorrected}})
		hooks, err := f.st.Webhooks(ctx)
		if err != nil || len(hooks) != 1 || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/webhooks?done=added" {
			t.Fatalf("add (Post/Redirect/Get): %d %v %v", res.StatusCode, hooks, err)
		}
		_, page = olga.do(t, "GET", "/admin/webhooks?done=added", nil)
		if !strings.Contains(page, hooks[0].Secret) || len(hooks[0].Secret) != 64 || strings.Join(hooks[0].Events, ",") != "article.published,article.corrected" {
			t.Fatalf("secret not shown once / events %v", hooks[0].Events)
		}
		if _, page := olga.do(t, "GET", "/admin/webhooks", nil); strings.Contains(page, hooks[0].Secret) || !strings.Contains(page, "https://hooks.example.com/in") {
			t.Fatal("secret shown again, or webhook not listed")
		}

		a := post(t, f, ana, "/admin/articles", n.form("Council budget passes", "action", "publish"))
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Council budget passes", "action", "save")) // update: not subscribed
		if res, _ := ana.do(t, "POST", "/admin/articles/"+itoa(a.ID)+"/corrections", url.Values{"correction": {"The vote was 7-2."}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("correction: %d", res.StatusCode)
		}
		ds, err := f.st.RecentDeliveries(ctx, 50)
		if err != nil || len(ds) != 2 || ds[1].Event != store.EventPublished || ds[0].Event != store.EventCorrected || ds[0].ArticleID != a.ID {
			t.Fatalf("deliveries %v %v", ds, err)
		}
		_, page = olga.do(t, "GET", "/admin/webhooks", nil)
		for _, want := range []string{`class="tag">article.corrected<`, `class="tag">article.published<`, "pending", `>Council budget passes</a>`, `/admin/webhooks/deliveries/` + itoa(ds[0].ID) + `/redeliver`} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if res, _ := olga.do(t, "POST", "/admin/webhooks/deliveries/"+itoa(ds[0].ID)+"/redeliver", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("redeliver: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "POST", "/admin/webhooks/"+itoa(hooks[0].ID)+"/disable", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("disable as editor: %d", res.StatusCode)
		}
		if res, _ := olga.do(t, "POST", "/admin/webhooks/"+itoa(hooks[0].ID)+"/disable", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", res.StatusCode)
		}
		if res, _ := olga.do(t, "POST", "/admin/webhooks/"+itoa(hooks[0].ID)+"/disable", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusNotFound {
			t.Fatalf("disable twice: %d", res.StatusCode)
		}
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Council budget passes", "action", "unpublish", "confirm", "yes"))
		post(t, f, ana, "/admin/articles/"+itoa(a.ID), n.form("Council budget passes", "action", "publish"))
		if ds, _ := f.st.RecentDeliveries(ctx, 50); len(ds) != 2 || ds[0].Status != store.DeliveryFailed {
			t.Fatalf("after disable: %d deliveries, %+v", len(ds), ds[0])
		}
	})
}
