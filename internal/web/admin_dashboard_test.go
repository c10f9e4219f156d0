package web

import (
	"context"
	"strings"
	"testing"

	"masthead/internal/model"
)

// TestDashboardAtAGlance: the start page offers "Write a new article",
// counts stories by state with links to the filtered list, and shows an
// editor what waits for review; an analyst gets neither button nor counts.
func TestDashboardAtAGlance(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ana := signIn(t, f, "ana@example.com")
		post(t, f, ana, "/admin/articles", n.form("A draft"))
		dora := signIn(t, f, "dora@example.com")
		post(t, f, dora, "/admin/articles", n.form("Stringer copy", "byline_author", itoa(n.dora.ID), "action", "review"))
		res, page := ana.do(t, "GET", "/admin", nil)
		wantStatus(t, res, page, 200, `href="/admin/articles/new"`, `href="/admin/articles?status=review">Waiting for review: 1</a>`,
			`>Drafts: 1</a>`, "Waiting for review", ">Stringer copy</a>")
		_, page = signIn(t, f, "ben@example.com").do(t, "GET", "/admin", nil)
		if strings.Contains(page, `href="/admin/articles/new"`) || strings.Contains(page, "At a glance") {
			t.Error("analyst's dashboard offers writing or article counts")
		}
	})
}

// TestEditorNewTagsAndBrokenBlocks: after a save the editor names the tags
// it created (typing "Budget" next to an existing "City Budget" whose slug
// is "budget" makes a new tag), lists typed tags that are still new, and
// warns about READ NEXT / READ MORE blocks that point nowhere.
func TestEditorNewTagsAndBrokenBlocks(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		if err := f.st.CreateTag(context.Background(), &model.Tag{Slug: "budget", Name: "City Budget"}); err != nil {
			t.Fatal(err)
		}
		ana := signIn(t, f, "ana@example.com")
		form := n.form("Budget night", "tags", "Budget, city budget", "body", "Text.\n\n[[READ MORE: no-such-story]]")
		res, _ := ana.do(t, "POST", "/admin/articles", form)
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || !strings.HasSuffix(loc, "&new_tags=Budget") {
			t.Fatalf("save: %d %q", res.StatusCode, loc)
		}
		_, page := ana.do(t, "GET", loc, nil)
		for _, want := range []string{"Tags created by this save: Budget", "point at no story readers can see", "“no-such-story”"} {
			if !strings.Contains(page, want) {
				t.Errorf("edit page lacks %q", want)
			}
		}
		_, page = ana.do(t, "POST", "/admin/articles", n.form("Preview", "tags", "Fresh idea, City Budget", "action", "preview"))
		if !strings.Contains(page, "New tags, created on save: <strong>Fresh idea</strong>") {
			t.Error("preview does not list the new tag")
		}
	})
}

// TestNewArticleBylineHint: a new article is bylined to the writer's author
// profile; without one, the editor says how to get one.
func TestNewArticleBylineHint(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		_, page := signIn(t, f, "ana@example.com").do(t, "GET", "/admin/articles/new", nil)
		if strings.Contains(page, "no author profile") || !strings.Contains(page, `<option value="`+itoa(n.ana.ID)+`" selected`) {
			t.Error("Ana's byline is not prefilled")
		}
		if _, err := f.auth.AddUser(context.Background(), "zed@example.com", "Zed New", "editor", "right password"); err != nil {
			t.Fatal(err)
		}
		_, page = signIn(t, f, "zed@example.com").do(t, "GET", "/admin/articles/new", nil)
		if !strings.Contains(page, "no author profile") || !strings.Contains(page, "zed@example.com") {
			t.Error("no hint for an account without an author profile")
		}
	})
}
