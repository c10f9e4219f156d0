package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
)

func TestAdminSections(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f) // section "politics"
		b := signIn(t, f, "ana@example.com")
		res, page := b.do(t, "POST", "/admin/sections", url.Values{"name": {"City Hall"}, "description": {"Local government."}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/sections?done=created")
		sec, err := f.st.SectionBySlug(ctx, "city-hall")
		if err != nil || sec.Name != "City Hall" || sec.Position <= n.sec.Position {
			t.Fatalf("created: %+v %v", sec, err)
		}
		res, page = b.do(t, "GET", "/admin/sections?done=created", nil)
		wantStatus(t, res, page, 200, "Created.", "City Hall", "/admin/sections/"+itoa(sec.ID)+"/edit")

		// Duplicate and malformed slugs: 422, form refilled, nothing saved.
		res, page = b.do(t, "POST", "/admin/sections", url.Values{"name": {"Politics again"}, "slug": {"politics"}, "description": {"kept text"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "Another section already uses the slug “politics”", `value="Politics again"`, "kept text")
		res, page = b.do(t, "POST", "/admin/sections/"+itoa(sec.ID), url.Values{"name": {"City Hall"}, "slug": {"City Hall!"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "may only hold lower-case letters", `value="City Hall!"`)
		res, page = b.do(t, "POST", "/admin/sections/"+itoa(sec.ID), url.Values{"name": {"City\nHall"}, "position": {"-3"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "position must be a whole number")
		res, page = b.do(t, "POST", "/admin/sections/"+itoa(sec.ID), url.Values{"name": {"Politics"}, "slug": {"politics"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "already uses the slug")
		if got, _ := f.st.SectionByID(ctx, sec.ID); *got != *sec {
			t.Fatalf("refused edits changed the section: %+v", got)
		}

		v0, _ := f.st.ContentVersion(ctx)
		res, _ = b.do(t, "POST", "/admin/sections/"+itoa(sec.ID), url.Values{"name": {"Town Hall"}, "slug": {"town-hall"}, "position": {"0"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/sections?done=saved")
		if got, _ := f.st.SectionByID(ctx, sec.ID); got.Slug != "town-hall" || got.Position != 0 || got.Description != "" {
			t.Fatalf("edited: %+v", got)
		}
		if v1, _ := f.st.ContentVersion(ctx); v1 == v0 {
			t.Fatal("section edit did not bump the content version")
		}

		// A section with articles is not deleted; an empty one is.
		a := &model.Article{Kind: model.KindArticle, Slug: "x", Headline: "X", Status: model.StatusDraft, SectionID: n.sec.ID}
		if _, err := f.st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		res, page = b.do(t, "POST", "/admin/sections/"+itoa(n.sec.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, page, http.StatusConflict, "still holds 1 article(s)")
		if _, err := f.st.SectionByID(ctx, n.sec.ID); err != nil {
			t.Fatal("refused delete removed the section")
		}
		res, _ = b.do(t, "POST", "/admin/sections/"+itoa(sec.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/sections?done=deleted")
		if _, err := f.st.SectionByID(ctx, sec.ID); err != store.ErrNotFound {
			t.Fatalf("deleted section: %v", err)
		}
		res, page = b.do(t, "GET", "/admin/sections/999999/edit", nil)
		wantStatus(t, res, page, http.StatusNotFound)

		// Other roles: 403 and nothing changes.
		for _, email := range []string{"carl@example.com", "ben@example.com"} {
			o := signIn(t, f, email)
			for _, rq := range [][2]string{{"GET", "/admin/sections"}, {"GET", "/admin/sections/new"}, {"POST", "/admin/sections"},
				{"POST", "/admin/sections/" + itoa(n.sec.ID)}, {"POST", "/admin/sections/" + itoa(n.sec.ID) + "/delete"}} {
				res, page := o.do(t, rq[0], rq[1], url.Values{"name": {"Hacked"}})
				wantStatus(t, res, page, http.StatusForbidden, "cannot manage sections")
			}
		}
		if got, _ := f.st.SectionByID(ctx, n.sec.ID); got.Name != "Politics" {
			t.Fatalf("forbidden edit changed the section: %+v", got)
		}
		if _, err := f.st.SectionBySlug(ctx, "hacked"); err != store.ErrNotFound {
			t.Fatal("forbidden create made a section")
		}
	})
}

func TestAdminTags(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		seedNewsroom(t, f)
		b := signIn(t, f, "ana@example.com")
		res, _ := b.do(t, "POST", "/admin/tags", url.Values{"name": {"Harbour Works"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/tags?done=created")
		tag, err := f.st.TagBySlug(ctx, "harbour-works")
		if err != nil {
			t.Fatal(err)
		}
		res, page := b.do(t, "POST", "/admin/tags", url.Values{"name": {"Other"}, "slug": {"harbour-works"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "Another tag already uses the slug", `value="Other"`)
		res, page = b.do(t, "POST", "/admin/tags", url.Values{"name": {""}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "needs a name")
		res, _ = b.do(t, "POST", "/admin/tags/"+itoa(tag.ID), url.Values{"name": {"Harbour"}, "slug": {"harbour"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/tags?done=saved")

		// Deleting a tag removes it from its articles and keeps them.
		a := &model.Article{Kind: model.KindArticle, Slug: "x", Headline: "X", Status: model.StatusDraft, Tags: []model.Tag{{ID: tag.ID, Slug: "harbour", Name: "Harbour"}}}
		if _, err := f.st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		res, page = b.do(t, "GET", "/admin/tags/"+itoa(tag.ID)+"/edit", nil)
		wantStatus(t, res, page, 200, "removes this tag from 1 article(s)")
		o := signIn(t, f, "carl@example.com")
		res, page = o.do(t, "POST", "/admin/tags/"+itoa(tag.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, page, http.StatusForbidden)
		res, _ = b.do(t, "POST", "/admin/tags/"+itoa(tag.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/tags?done=deleted")
		got, err := f.st.ArticleBySlug(ctx, "x")
		if err != nil || len(got.Tags) != 0 {
			t.Fatalf("article after tag delete: %+v %v", got, err)
		}
	})
}

func TestAdminAuthors(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		n := seedNewsroom(t, f)
		photo := &model.Media{Key: "test:face", MIME: "image/jpeg", Width: 10, Height: 10, Checksum: "ff"}
		if err := f.st.UpsertMedia(ctx, photo, []byte("\xff\xd8\xff")); err != nil {
			t.Fatal(err)
		}
		b := signIn(t, f, "ana@example.com")
		form := url.Values{"name": {"Eve Stone"}, "title": {"Courts reporter"}, "bio": {"Eve covers the courts."},
			"email": {"not an address"}, "photo": {"99999"}}
		res, page := b.do(t, "POST", "/admin/authors", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "is not an e-mail address", "no image number 99999", "Eve covers the courts.")
		form.Set("email", "Eve@Example.com")
		form.Set("photo", itoa(photo.ID))
		res, _ = b.do(t, "POST", "/admin/authors", form)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/authors?done=created")
		eve, err := f.st.AuthorBySlug(ctx, "eve-stone")
		if err != nil || eve.Email != "eve@example.com" || eve.PhotoID != photo.ID || eve.Title != "Courts reporter" {
			t.Fatalf("created: %+v %v", eve, err)
		}
		res, page = b.do(t, "POST", "/admin/authors/"+itoa(eve.ID), url.Values{"name": {"Eve Stone"}, "slug": {"ana-ruiz"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "Another author profile already uses the slug “ana-ruiz”")
		// Saving with empty fields clears them (photo, bio).
		res, _ = b.do(t, "POST", "/admin/authors/"+itoa(eve.ID), url.Values{"name": {"Eve Stone"}, "slug": {"eve-stone"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/authors?done=saved")
		if got, _ := f.st.AuthorByID(ctx, eve.ID); got.PhotoID != 0 || got.Bio != "" {
			t.Fatalf("cleared: %+v", got)
		}
		a := &model.Article{Kind: model.KindArticle, Slug: "x", Headline: "X", Status: model.StatusDraft, Bylines: []model.Byline{{AuthorID: n.ana.ID}}}
		if _, err := f.st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		res, page = b.do(t, "POST", "/admin/authors/"+itoa(n.ana.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, page, http.StatusConflict, "has bylines on 1 article(s)")
		o := signIn(t, f, "dora@example.com")
		res, page = o.do(t, "POST", "/admin/authors/"+itoa(eve.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, page, http.StatusForbidden)
		res, _ = b.do(t, "POST", "/admin/authors/"+itoa(eve.ID)+"/delete", url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/authors?done=deleted")
		if _, err := f.st.AuthorByID(ctx, eve.ID); err != store.ErrNotFound {
			t.Fatalf("deleted author: %v", err)
		}
	})
}
