package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// local formats t for a datetime-local field in the test site's zone.
func local(t time.Time) string {
	return t.In(time.UTC).Format("2006-01-02T15:04:05") // config.Defaults uses UTC
}

// TestEditorSchedule: "Schedule" needs the schedule permission and a
// future "Publish at"; a scheduled story stays off the site until the
// scheduler publishes it; the save leaves a revision and an audit entry.
func TestEditorSchedule(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		if f.clk.now().Location() != time.UTC {
			t.Fatal("test assumes a UTC clock")
		}
		carl := signIn(t, f, "carl@example.com")
		at := f.clk.now().Add(time.Hour).Truncate(time.Second)

		// In the past: 422, nothing saved.
		res, page := carl.do(t, "POST", "/admin/articles", n.form("Budget vote", "action", "schedule",
			"publish_at", local(f.clk.now().Add(-time.Minute))))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Publish at") {
			t.Fatalf("past schedule: %d\n%s", res.StatusCode, page)
		}
		if _, total, _ := f.st.ListAdminArticles(ctx, store.AdminFilter{}); total != 0 {
			t.Fatalf("saved %d articles", total)
		}
		// Garbage time: 422.
		if res, _ := carl.do(t, "POST", "/admin/articles", n.form("Budget vote", "action", "schedule", "publish_at", "tomorrow")); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad time: %d", res.StatusCode)
		}

		a := post(t, f, carl, "/admin/articles", n.form("Budget vote", "action", "schedule", "publish_at", local(at),
			"byline_author", itoa(n.carl.ID)))
		if a.Status != model.StatusScheduled || !a.PublishedAt.Equal(at) {
			t.Fatalf("scheduled: %s %v, want %v", a.Status, a.PublishedAt, at)
		}
		if res, _ := f.browser("198.51.100.1").do(t, "GET", "/articles/"+a.Slug, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("scheduled story readable early: %d", res.StatusCode)
		}
		_, edit := carl.do(t, "GET", "/admin/articles/"+itoa(a.ID)+"/edit?saved=schedule", nil)
		if !strings.Contains(edit, `value="`+strings.TrimSuffix(local(at), ":00")) || !strings.Contains(edit, "Reschedule") {
			t.Fatalf("editor does not show the schedule:\n%s", edit)
		}

		// A contributor may not schedule.
		dora := signIn(t, f, "dora@example.com")
		res, _ = dora.do(t, "POST", "/admin/articles", n.form("Dora's", "action", "schedule", "publish_at", local(at),
			"byline_author", itoa(n.dora.ID)))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("contributor scheduled: %d", res.StatusCode)
		}

		// Saving a scheduled story with its time moved into the past: 422.
		res, _ = carl.do(t, "POST", "/admin/articles/"+itoa(a.ID), n.form("Budget vote", "action", "save",
			"publish_at", local(f.clk.now().Add(-time.Hour)), "byline_author", itoa(n.carl.ID)))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("scheduled into the past: %d", res.StatusCode)
		}

		// The scheduler's store call publishes it when due.
		f.clk.add(time.Hour)
		if ids, err := f.st.PublishDue(ctx, f.clk.now()); err != nil || len(ids) != 1 {
			t.Fatalf("publish due: %v %v", ids, err)
		}
		if res, _ := f.browser("198.51.100.1").do(t, "GET", "/articles/"+a.Slug, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("published story: %d", res.StatusCode)
		}

		revs, _ := f.st.Revisions(ctx, a.ID, 0)
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{ArticleID: a.ID})
		if len(revs) != 1 || revs[0].UserName != "Carl Berg" || len(log) != 2 || log[1].Action != store.AuditSchedule || log[0].UserName != "scheduler" {
			t.Fatalf("revisions %+v audit %+v", revs, log)
		}
	})
}

// TestEmbargoInvisibleEverywhere: a published story under embargo and a
// scheduled one do not leak through any reader output — fronts, pages,
// feeds, sitemaps, news sitemap, search, READ MORE lists, inline READ NEXT —
// until their time, and then appear without any save.
func TestEmbargoInvisibleEverywhere(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		now := f.clk.now()
		tag := model.Tag{Slug: "budget", Name: "Budget"}
		if err := f.st.UpsertTag(ctx, &tag); err != nil {
			t.Fatal(err)
		}
		mk := func(slug, headline string, st model.Status, pub, embargo time.Time, body string, pins ...int64) *model.Article {
			a := &model.Article{Slug: slug, Headline: headline, Status: st, PublishedAt: pub, EmbargoUntil: embargo,
				SectionID: n.sec.ID, BodyFormat: model.FormatHTML, BodySource: body, BodyHTML: body, BodyText: "zebrafinch budget " + headline,
				Bylines: []model.Byline{{AuthorID: n.ana.ID}}, Tags: []model.Tag{tag}, Pins: pins}
			if _, err := f.st.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		emb := mk("embargoed-story", "Embargoed Zebrafinch Report", model.StatusPublished, now.Add(-time.Hour), now.Add(2*time.Hour), "<p>secret</p>")
		sch := mk("scheduled-story", "Scheduled Zebrafinch Report", model.StatusScheduled, now.Add(time.Hour), time.Time{}, "<p>later</p>")
		body := `<p>Open.</p><masthead-recirc kind="next" slug="embargoed-story"></masthead-recirc><masthead-recirc kind="more" slug="scheduled-story"></masthead-recirc>`
		open := mk("open-story", "Open Zebrafinch Story", model.StatusPublished, now.Add(-2*time.Hour), time.Time{}, body, emb.ID, sch.ID)

		reader := f.browser("198.51.100.7")
		paths := []string{"/", "/sections/politics", "/authors/ana-ruiz", "/tags/budget", "/articles/" + open.Slug,
			"/rss.xml", "/atom.xml", "/feed.json", "/sections/politics/rss.xml", "/tags/budget/atom.xml", "/authors/ana-ruiz/feed.json",
			"/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/pages.xml", "/news-sitemap.xml", "/search?q=zebrafinch"}
		// Where the story must show up once visible (the URL carries the slug).
		appears := map[string]bool{"/": true, "/articles/" + open.Slug: true, "/rss.xml": true, "/feed.json": true,
			"/sitemaps/articles-1.xml": true, "/news-sitemap.xml": true, "/search?q=zebrafinch": true, "/tags/budget": true}
		check := func(wantHidden bool) {
			t.Helper()
			for _, p := range paths {
				res, page := reader.do(t, "GET", p, nil)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", p, res.StatusCode)
				}
				leaked := strings.Contains(page, "Embargoed Zebrafinch") || strings.Contains(page, "embargoed-story")
				if wantHidden && leaked {
					t.Errorf("GET %s: the embargoed story leaked", p)
				}
				if !wantHidden && appears[p] && !strings.Contains(page, "embargoed-story") {
					t.Errorf("GET %s: the story is missing after its embargo ended", p)
				}
				if strings.Contains(page, "Scheduled Zebrafinch") || strings.Contains(page, "scheduled-story") {
					t.Errorf("GET %s: the scheduled story leaked", p)
				}
			}
			for _, p := range []string{"/articles/" + sch.Slug} {
				if res, _ := reader.do(t, "GET", p, nil); res.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
				}
			}
			res, _ := reader.do(t, "GET", "/articles/"+emb.Slug, nil)
			if want := map[bool]int{true: 404, false: 200}[wantHidden]; res.StatusCode != want {
				t.Errorf("embargoed page: %d, want %d", res.StatusCode, want)
			}
		}
		check(true)
		f.clk.add(2*time.Hour + time.Second) // the embargo ends; nobody saves anything
		check(false)
	})
}

// TestEditorEmbargoField: the editor stores "Embargo until" and refuses a
// malformed one.
func TestEditorEmbargoField(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		until := f.clk.now().Add(3 * time.Hour).Truncate(time.Second)
		a := post(t, f, ana, "/admin/articles", n.form("Embargoed report", "action", "publish", "embargo_until", local(until)))
		if a.Status != model.StatusPublished || !a.EmbargoUntil.Equal(until) || a.VisibleAt(f.clk.now()) {
			t.Fatalf("embargoed publish: %+v", a)
		}
		res, _ := ana.do(t, "POST", "/admin/articles/"+itoa(a.ID), n.form("Embargoed report", "embargo_until", "2024-13-45T99:00"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad embargo: %d", res.StatusCode)
		}
	})
}

// TestEditorCorrection: "Add correction" on a published story appends a
// dated note shown on the page, in JSON-LD and in the feed's updated time;
// it needs the edit permission, refuses empty text and unpublished stories,
// and is audited.
func TestEditorCorrection(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Council budget passes", "action", "publish"))
		draft := post(t, f, ana, "/admin/articles", n.form("Draft story"))
		path := "/admin/articles/" + itoa(a.ID) + "/corrections"
		f.clk.add(2 * time.Hour)

		if res, page := ana.do(t, "POST", path, url.Values{"correction": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(page, "Write the correction") {
			t.Fatalf("empty: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "POST", "/admin/articles/"+itoa(draft.ID)+"/corrections", url.Values{"correction": {"x"}}); res.StatusCode != http.StatusConflict {
			t.Fatalf("draft: %d", res.StatusCode)
		}
		carl := signIn(t, f, "carl@example.com") // an author; the story is Ana's
		if res, _ := carl.do(t, "POST", path, url.Values{"correction": {"x"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("author on another's story: %d", res.StatusCode)
		}
		if res, _ := ana.do(t, "POST", path, url.Values{"correction": {"x"}}, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site: %d", res.StatusCode)
		}
		if got, _ := f.st.ArticleByID(ctx, a.ID); len(got.Corrections) != 0 {
			t.Fatal("a refused correction was stored")
		}

		text := "An earlier version gave the wrong vote count: it was 7 to 2."
		res, _ := ana.do(t, "POST", path, url.Values{"correction": {text}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/articles/"+itoa(a.ID)+"/edit?saved=correction")
		got, _ := f.st.ArticleByID(ctx, a.ID)
		if len(got.Corrections) != 1 || got.Corrections[0].Body != text || !got.UpdatedAt.Equal(f.clk.now().Truncate(time.Second)) {
			t.Fatalf("stored: %+v updated %v", got.Corrections, got.UpdatedAt)
		}
		reader := f.browser("198.51.100.9")
		_, page := reader.do(t, "GET", "/articles/"+a.Slug, nil)
		if !strings.Contains(page, "wrong vote count") || !strings.Contains(page, `"CorrectionComment"`) || !strings.Contains(page, "Updated") {
			t.Fatalf("article page lacks the correction:\n%s", page)
		}
		_, feed := reader.do(t, "GET", "/atom.xml", nil)
		if !strings.Contains(feed, "<updated>"+got.UpdatedAt.Format(time.RFC3339)) {
			t.Fatalf("feed does not show the update:\n%s", feed)
		}
		_, edit := ana.do(t, "GET", "/admin/articles/"+itoa(a.ID)+"/edit?saved=correction", nil)
		if !strings.Contains(edit, "Correction added") || !strings.Contains(edit, "wrong vote count") {
			t.Fatal("editor does not list the correction")
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{Action: store.AuditCorrection})
		if len(log) != 1 || log[0].UserName != "Ana Ruiz" || log[0].Detail != text {
			t.Fatalf("audit: %+v", log)
		}
	})
}
