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

// frontStories writes published stories (newest first by name order
// s1…s5, s1 the newest) plus one story in each state readers may not see.
func frontStories(t *testing.T, f *adminFixture, sec *model.Section) map[string]*model.Article {
	t.Helper()
	ctx := context.Background()
	now := f.clk.now()
	out := map[string]*model.Article{}
	add := func(slug string, st model.Status, pub, emb time.Time) {
		a := &model.Article{Kind: model.KindArticle, Slug: slug, Headline: "Headline " + slug, Status: st,
			SectionID: sec.ID, PublishedAt: pub, EmbargoUntil: emb, BodyHTML: "<p>x</p>"}
		if _, err := f.st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		out[slug] = a
	}
	for i, s := range []string{"s1", "s2", "s3", "s4", "s5"} {
		add(s, model.StatusPublished, now.Add(-time.Duration(i+1)*time.Hour), time.Time{})
	}
	add("draft", model.StatusDraft, time.Time{}, time.Time{})
	add("scheduled", model.StatusScheduled, now.Add(time.Hour), time.Time{})
	add("embargoed", model.StatusPublished, now.Add(-time.Hour), now.Add(time.Hour))
	add("withdrawn", model.StatusUnpublished, now.Add(-time.Hour), time.Time{})
	page := &model.Article{Kind: model.KindPage, Slug: "about", Headline: "About", Status: model.StatusPublished, PublishedAt: now.Add(-time.Hour)}
	if _, err := f.st.SaveArticle(ctx, page); err != nil {
		t.Fatal(err)
	}
	return out
}

// leadHeadline returns the headline of the home page lead.
func leadHeadline(t *testing.T, f *adminFixture) string {
	t.Helper()
	_, page := f.browser("192.0.2.99").do(t, "GET", "/", nil)
	i := strings.Index(page, `class="lead-headline"`)
	if i < 0 {
		t.Fatalf("no lead on the front:\n%s", page)
	}
	rest := page[i:]
	j := strings.Index(rest, "Headline ")
	return rest[j : j+len("Headline s1")]
}

func TestAdminFrontsPinLead(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		arts := frontStories(t, f, n.sec)
		if got := leadHeadline(t, f); got != "Headline s1" {
			t.Fatalf("lead before curation: %q", got)
		}
		b := signIn(t, f, "ana@example.com")
		res, page := b.do(t, "GET", "/admin/fronts", nil)
		wantStatus(t, res, page, 200, `href="/admin/fronts/home"`, `href="/admin/fronts/section-`+itoa(n.sec.ID)+`"`)
		res, page = b.do(t, "GET", "/admin/fronts/home", nil)
		wantStatus(t, res, page, 200, `name="slot_1"`, `name="pick_12"`, "Headline s3")

		v0, _ := f.st.ContentVersion(ctx)
		res, page = b.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {"s4"}, "pick_2": {itoa(arts["s5"].ID)}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/home?saved=1")
		if v1, _ := f.st.ContentVersion(ctx); v1 == v0 {
			t.Fatal("pinning did not bump the content version (cached fronts would stay stale)")
		}
		if got := leadHeadline(t, f); got != "Headline s4" {
			t.Fatalf("lead after pinning s4: %q", got)
		}
		_, page = b.do(t, "GET", "/admin/fronts/home?saved=1", nil)
		if !strings.Contains(page, "Saved.") || !strings.Contains(page, `value="s4"`) || !strings.Contains(page, `value="s5"`) {
			t.Fatalf("editor after save:\n%s", page)
		}
		// Top story 1 is s5, then the rest by recency, no duplicates.
		_, front := f.browser("192.0.2.99").do(t, "GET", "/", nil)
		order := []string{"Headline s4", "Headline s5", "Headline s1"}
		last := -1
		for _, h := range order {
			i := strings.Index(front, h)
			if i < last {
				t.Fatalf("front order: %q before previous", h)
			}
			last = i
		}
		if strings.Count(front, ">Headline s4<") != 1 {
			t.Fatalf("pinned lead shown %d times", strings.Count(front, ">Headline s4<"))
		}

		// Clearing a position goes back to recency.
		res, _ = b.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {""}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/home?saved=1")
		if got := leadHeadline(t, f); got != "Headline s1" {
			t.Fatalf("lead after clearing: %q", got)
		}
	})
}

func TestAdminFrontsNeverShowHiddenPins(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		frontStories(t, f, n.sec)
		b := signIn(t, f, "ana@example.com")
		form := url.Values{"slot_1": {"draft"}, "slot_2": {"scheduled"}, "slot_3": {"embargoed"}, "slot_4": {"withdrawn"}}
		res, _ := b.do(t, "POST", "/admin/fronts/home", form)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/home?saved=1")
		res, _ = b.do(t, "POST", "/admin/fronts/section-"+itoa(n.sec.ID), form)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/section-"+itoa(n.sec.ID)+"?saved=1")
		_, page := b.do(t, "GET", "/admin/fronts/home", nil)
		if !strings.Contains(page, "Not shown to readers now (draft)") {
			t.Fatalf("editor does not flag hidden pins:\n%s", page)
		}
		for _, path := range []string{"/", "/sections/" + n.sec.Slug} {
			_, front := f.browser("192.0.2.99").do(t, "GET", path, nil)
			for _, h := range []string{"Headline draft", "Headline scheduled", "Headline embargoed", "Headline withdrawn"} {
				if strings.Contains(front, h) {
					t.Fatalf("%s shows hidden pinned story %q", path, h)
				}
			}
			if !strings.Contains(front, "Headline s1") || !strings.Contains(front, "Headline s5") {
				t.Fatalf("%s lost its visible stories:\n%s", path, front)
			}
		}
		if got := leadHeadline(t, f); got != "Headline s1" {
			t.Fatalf("lead with only hidden pins: %q", got)
		}
		// Once the scheduled story's time comes, it takes its position.
		f.clk.add(2 * time.Hour)
		if _, err := f.st.SaveArticle(context.Background(), mustArticle(t, f, "scheduled", model.StatusPublished)); err != nil {
			t.Fatal(err)
		}
		_, front := f.browser("192.0.2.99").do(t, "GET", "/", nil)
		if !strings.Contains(front, "Headline scheduled") {
			t.Fatal("published pinned story missing from the front")
		}
	})
}

// mustArticle loads the article with slug and sets its status.
func mustArticle(t *testing.T, f *adminFixture, slug string, st model.Status) *model.Article {
	t.Helper()
	a, err := f.st.ArticleBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	a.Status = st
	return a
}

func TestAdminFrontsSectionPins(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		frontStories(t, f, n.sec)
		b := signIn(t, f, "ana@example.com")
		res, _ := b.do(t, "POST", "/admin/fronts/section-"+itoa(n.sec.ID), url.Values{"slot_1": {"/articles/s5"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/section-"+itoa(n.sec.ID)+"?saved=1")
		_, page := f.browser("192.0.2.99").do(t, "GET", "/sections/"+n.sec.Slug, nil)
		i5, i1 := strings.Index(page, "Headline s5"), strings.Index(page, "Headline s1")
		if i5 < 0 || i1 < 0 || i5 > i1 || strings.Count(page, "Headline s5") != 1 {
			t.Fatalf("section front does not lead with the pin:\n%s", page)
		}
		// The home front is not affected.
		if got := leadHeadline(t, f); got != "Headline s1" {
			t.Fatalf("home lead: %q", got)
		}
	})
}

func TestAdminFrontsValidationAndPermissions(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		arts := frontStories(t, f, n.sec)
		b := signIn(t, f, "ana@example.com")
		res, _ := b.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {"s2"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/fronts/home?saved=1")
		want := []store.FrontSlot{{Position: 1, ArticleID: arts["s2"].ID}}
		check := func() {
			t.Helper()
			got, err := f.st.FrontSlots(ctx, store.HomeFront)
			if err != nil || len(got) != 1 || got[0] != want[0] {
				t.Fatalf("slots changed: %+v %v", got, err)
			}
		}
		for _, tc := range []struct {
			form url.Values
			msg  string
		}{
			{url.Values{"slot_1": {"no-such-story"}}, "no story has the slug “no-such-story”"},
			{url.Values{"slot_1": {"about"}}, "is a page, not a story"},
			{url.Values{"slot_1": {"s3"}, "slot_2": {"s3"}}, "is already pinned to Lead"},
			{url.Values{"pick_1": {"abc"}}, "choose a story from the list"},
		} {
			res, page := b.do(t, "POST", "/admin/fronts/home", tc.form)
			wantStatus(t, res, page, http.StatusUnprocessableEntity, tc.msg, "Nothing was saved")
			check()
		}
		res, page := b.do(t, "GET", "/admin/fronts/section-99999", nil)
		wantStatus(t, res, page, http.StatusNotFound)
		res, page = b.do(t, "GET", "/admin/fronts/elsewhere", nil)
		wantStatus(t, res, page, http.StatusNotFound)
		// Cross-origin posts are refused.
		res, _ = b.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {"s1"}}, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site post: %d", res.StatusCode)
		}
		check()
		// Roles without "manage fronts" get 403 and change nothing.
		for _, email := range []string{"ben@example.com", "carl@example.com", "dora@example.com"} {
			o := signIn(t, f, email)
			res, page := o.do(t, "GET", "/admin/fronts", nil)
			wantStatus(t, res, page, http.StatusForbidden, "cannot manage fronts")
			res, page = o.do(t, "GET", "/admin/fronts/home", nil)
			wantStatus(t, res, page, http.StatusForbidden)
			res, page = o.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {"s1"}})
			wantStatus(t, res, page, http.StatusForbidden)
			check()
		}
	})
}

// TestAdminFrontsPinByOldSlug: a story renamed since is pinned by its old
// slug (followed through the slug redirects) or its reader URL.
func TestAdminFrontsPinByOldSlug(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		arts := frontStories(t, f, n.sec)
		s3 := arts["s3"]
		s3.Slug = "s3-renamed"
		if _, err := f.st.SaveArticle(ctx, s3); err != nil {
			t.Fatal(err)
		}
		b := signIn(t, f, "ana@example.com")
		for _, ref := range []string{"s3", "/articles/s3", "http://127.0.0.1/articles/s3"} {
			res, page := b.do(t, "POST", "/admin/fronts/home", url.Values{"slot_1": {ref}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", ref, res.StatusCode, page)
			}
			got, err := f.st.FrontSlots(ctx, store.HomeFront)
			if err != nil || len(got) != 1 || got[0].ArticleID != s3.ID {
				t.Fatalf("%s: slots %+v %v", ref, got, err)
			}
		}
	})
}
