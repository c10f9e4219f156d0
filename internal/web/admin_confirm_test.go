package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
)

// hiddenRE reads the hidden inputs of a confirmation page.
var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// resubmit posts the confirmation page's form as a browser with JavaScript
// off would: every hidden field, confirm=yes included.
func resubmit(t *testing.T, b *browser, path, page string) *http.Response {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	if v.Get("confirm") != "yes" {
		t.Fatalf("no confirm field on the page:\n%s", page)
	}
	res, _ := b.do(t, "POST", path, v)
	return res
}

// TestConfirmUnpublishAndDelete: unpublishing and deleting take two steps
// without JavaScript: the first POST changes nothing and asks; the page's
// form (carrying the editor's fields) does it.
func TestConfirmUnpublishAndDelete(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		ana := signIn(t, f, "ana@example.com")
		a := post(t, f, ana, "/admin/articles", n.form("Harbour plan approved", "action", "publish"))
		path := "/admin/articles/" + itoa(a.ID)
		res, page := ana.do(t, "POST", path, n.form("Harbour plan approved, with changes", "action", "unpublish"))
		wantStatus(t, res, page, http.StatusOK, "Unpublish “Harbour plan approved”?", "410", `href="`+path+`/edit"`)
		if got, _ := f.st.ArticleByID(ctx, a.ID); got.Status != model.StatusPublished || got.Headline != "Harbour plan approved" {
			t.Fatalf("the first step changed the story: %s %q", got.Status, got.Headline)
		}
		res = resubmit(t, ana, path, page)
		wantRedirect(t, res, http.StatusSeeOther, path+"/edit?saved=unpublish")
		if got, _ := f.st.ArticleByID(ctx, a.ID); got.Status != model.StatusUnpublished || got.Headline != "Harbour plan approved, with changes" {
			t.Fatalf("after confirming: %s %q", got.Status, got.Headline)
		}

		tag := &model.Tag{Slug: "harbour", Name: "Harbour"}
		if err := f.st.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
		o := signIn(t, f, "ana@example.com")
		tpath := "/admin/tags/" + itoa(tag.ID) + "/delete"
		res, page = o.do(t, "POST", tpath, url.Values{})
		wantStatus(t, res, page, http.StatusOK, "Delete the tag “Harbour”?")
		if _, err := f.st.TagByID(ctx, tag.ID); err != nil {
			t.Fatalf("the first step deleted the tag: %v", err)
		}
		wantRedirect(t, resubmit(t, o, tpath, page), http.StatusSeeOther, "/admin/tags?done=deleted")
		if _, err := f.st.TagByID(ctx, tag.ID); err != store.ErrNotFound {
			t.Fatalf("tag not deleted: %v", err)
		}
	})
}
