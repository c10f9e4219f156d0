package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/model"
)

// TestVerificationClaimsGuestComments (issue 4, testers' gap): a guest who
// later verifies their e-mail address by magic link used to leave their
// guest comments behind, so the download and the erasure missed them. On
// verification the guest identity held by the browser's cookie, and every
// guest identity that gave exactly the verified address, are claimed by
// the reader; the comments keep the name they were posted under.
func TestVerificationClaimsGuestComments(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		home := f.browser("198.51.100.31")
		work := f.browser("198.51.100.32")
		kiosk := f.browser("198.51.100.33")
		other := f.browser("198.51.100.34")
		c1 := postComment(t, home, "harbour-story", url.Values{"name": {"Ola"}, "email": {"ola@example.com"}, "body": {"From home"}})
		c2 := postComment(t, work, "harbour-story", url.Values{"name": {"Ola at work"}, "email": {"OLA@Example.com"}, "body": {"From work"}})
		c3 := postComment(t, kiosk, "harbour-story", url.Values{"name": {"O."}, "body": {"From the kiosk, no address"}})
		c4 := postComment(t, other, "harbour-story", url.Values{"name": {"Someone"}, "email": {"other@example.com"}, "body": {"Not hers"}})
		c5 := postComment(t, other, "harbour-story", url.Values{"name": {"Someone"}, "email": {"ola@example.com.evil.example"}, "body": {"Not hers either"}})

		// The kiosk browser verifies the address: its own guest identity (by
		// cookie) and the two that gave the address (by e-mail) are claimed.
		readerSignIn(t, f, kiosk, "Ola@Example.com", "Ola Verified")
		c6 := postComment(t, kiosk, "harbour-story", url.Values{"body": {"Now verified"}})
		_, page := f.browser("203.0.113.1").do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, `<span class="comment-author">Ola at work</span> <a`) {
			t.Error("a claimed comment no longer shows the name it was posted under (without a Verified badge)")
		}

		res, body := kiosk.do(t, "GET", "/reader/account/export.json", nil)
		var exp struct {
			Comments []struct {
				ID       int64
				Body     string
				PostedAs string `json:"posted_as"`
				Guest    bool
			}
		}
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &exp) != nil {
			t.Fatalf("export: %d %s", res.StatusCode, body)
		}
		var got []int64
		for _, c := range exp.Comments {
			got = append(got, c.ID)
		}
		if want := []int64{c1, c2, c3, c6}; len(got) != len(want) || got[0] != c1 || got[1] != c2 || got[2] != c3 || got[3] != c6 {
			t.Fatalf("export holds %v, want %v", got, want)
		}
		if e := exp.Comments[1]; e.PostedAs != "Ola at work" || !e.Guest || e.Body != "From work" {
			t.Errorf("claimed comment exported as %+v", e)
		}
		if e := exp.Comments[3]; e.PostedAs != "Ola Verified" || e.Guest {
			t.Errorf("reader's comment exported as %+v", e)
		}
		_, acct := kiosk.do(t, "GET", "/reader/account", nil)
		if !strings.Contains(acct, "You wrote 4 comments") {
			t.Error("the account page does not count the claimed comments")
		}

		// A guest comment with the address after verification is claimed at
		// the next sign-in.
		c7 := postComment(t, f.browser("198.51.100.35"), "harbour-story", url.Values{"name": {"Ola"}, "email": {"ola@example.com"}, "body": {"Later, as a guest"}})
		readerSignIn(t, f, f.browser("198.51.100.36"), "ola@example.com", "Ola Verified")

		res, page = kiosk.do(t, "POST", "/reader/account/erase", url.Values{"confirm": {"erase"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("erase: %d %s", res.StatusCode, page)
		}
		for _, id := range []int64{c1, c2, c3, c6, c7} {
			c, err := f.st.Comment(ctx, id)
			if err != nil || c.Status != model.CommentDeleted || c.BodySource != "" || c.BodyHTML != "" {
				t.Errorf("comment %d after erasure: %+v %v", id, c, err)
				continue
			}
			if c.Identity.Name != "" || c.Identity.Email != "" || c.Identity.Erased.IsZero() {
				t.Errorf("comment %d's identity after erasure: %+v", id, c.Identity)
			}
		}
		for _, id := range []int64{c4, c5} {
			if c, err := f.st.Comment(ctx, id); err != nil || c.Status != model.CommentApproved || c.Identity.Name != "Someone" {
				t.Errorf("someone else's comment %d after erasure: %+v %v", id, c, err)
			}
		}
	})
}

// TestGuestKeepsOneIdentity (issue 4, testers' gap): a guest who changed
// their display name used to get a new identity, splitting their votes,
// rate limits and history. One guest cookie now keeps one identity, which
// takes the new name (and e-mail and website); a refused form changes
// nothing.
func TestGuestKeepsOneIdentity(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		g := f.browser("198.51.100.40")
		c1 := postComment(t, g, "harbour-story", url.Values{"name": {"Ola"}, "body": {"First as Ola"}})
		cookie := g.cookies[cookieGuest].Value
		// A refused form under another name leaves the identity alone.
		if res, _ := g.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Typo"}, "body": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty comment: %d", res.StatusCode)
		}
		if c, _ := f.st.Comment(ctx, c1); c.Identity.Name != "Ola" {
			t.Fatalf("a refused form renamed the guest to %q", c.Identity.Name)
		}
		c2 := postComment(t, g, "harbour-story", url.Values{"name": {"Ola N."}, "email": {"ola@example.com"}, "website": {"https://ola.example"}, "body": {"Second, new name"}})
		first, err := f.st.Comment(ctx, c1)
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.st.Comment(ctx, c2)
		if err != nil {
			t.Fatal(err)
		}
		if first.IdentityID != second.IdentityID {
			t.Fatalf("a new name made a new identity: %d then %d", first.IdentityID, second.IdentityID)
		}
		if first.Identity.Name != "Ola N." || first.Identity.Email != "ola@example.com" || first.Identity.Website != "https://ola.example" {
			t.Errorf("identity after the change: %+v", first.Identity)
		}
		if g.cookies[cookieGuest].Value != cookie {
			t.Error("the guest cookie changed")
		}
		_, page := f.browser("203.0.113.2").do(t, "GET", "/articles/harbour-story", nil)
		if strings.Count(page, ">Ola N.</a>") != 2 || strings.Contains(page, ">Ola</") {
			t.Error("the thread does not show the new name on both comments")
		}
		// Another browser with the same name is still another person.
		c3 := postComment(t, f.browser("198.51.100.41"), "harbour-story", url.Values{"name": {"Ola N."}, "body": {"A namesake"}})
		if c, _ := f.st.Comment(ctx, c3); c.IdentityID == first.IdentityID {
			t.Error("a namesake in another browser shares the identity")
		}
	})
}
