package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/model"
)

// TestLeadTextsDefaultFromLibrary: choosing a library image by number with
// empty alt/caption/credit takes the library's texts (as WordPress does);
// typed texts win; an image whose library alt is empty still needs alt text.
func TestLeadTextsDefaultFromLibrary(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		lib := &model.Media{Key: "test:lib", MIME: "image/jpeg", Width: 10, Height: 10, Checksum: "abc",
			Alt: "Ferry at dawn", Caption: "The ferry returns.", Credit: "Ria Lens/Herald"}
		bare := &model.Media{Key: "test:bare", MIME: "image/jpeg", Width: 10, Height: 10, Checksum: "def"}
		for _, m := range []*model.Media{lib, bare} {
			if err := f.st.UpsertMedia(ctx, m, []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		ed := signIn(t, f, "ana@example.com")
		a := post(t, f, ed, "/admin/articles", n.form("Ferry back", "lead", itoa(lib.ID), "lead_credit", "Own credit"))
		if a.LeadAlt != "Ferry at dawn" || a.LeadCaption != "The ferry returns." || a.LeadCredit != "Own credit" {
			t.Fatalf("lead texts: %q %q %q", a.LeadAlt, a.LeadCaption, a.LeadCredit)
		}
		res, body := ed.do(t, "POST", "/admin/articles", n.form("No alt", "lead", itoa(bare.ID)))
		wantStatus(t, res, body, http.StatusUnprocessableEntity, "alt text")
		if strings.Contains(body, `value="Ferry at dawn"`) { // (the recent-uploads list names it; the alt field must not hold it)
			t.Fatal("another image's alt leaked into the form")
		}
	})
}

// TestLeadPickAndPrefill: a lead image can be chosen from the recent
// uploads list instead of typing its number, and the media library's
// "write a new article with this image" link fills the field.
func TestLeadPickAndPrefill(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ctx := context.Background()
		m := &model.Media{Key: "test:pick", MIME: "image/jpeg", Width: 10, Height: 10, Checksum: "p1", Alt: "Quay at noon"}
		if err := f.st.UpsertMedia(ctx, m, []byte("x")); err != nil {
			t.Fatal(err)
		}
		ed := signIn(t, f, "ana@example.com")
		_, page := ed.do(t, "GET", "/admin/articles/new?lead="+itoa(m.ID), nil)
		if !strings.Contains(page, `name="lead" value="`+itoa(m.ID)+`"`) || !strings.Contains(page, `<option value="`+itoa(m.ID)+`">#`+itoa(m.ID)+` — Quay at noon`) {
			t.Fatalf("prefill or recent list missing:\n%s", page)
		}
		a := post(t, f, ed, "/admin/articles", n.form("Picked", "lead_pick", itoa(m.ID)))
		if a.LeadMediaID != m.ID || a.LeadAlt != "Quay at noon" {
			t.Fatalf("picked lead: %d %q", a.LeadMediaID, a.LeadAlt)
		}
	})
}
