package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
)

// guestCookie stores a new guest identity and returns a browser at ip
// carrying its signed mh_guest cookie, as a browser that once posted would.
func guestCookie(t *testing.T, f *resetFixture, ip, name string) *browser {
	t.Helper()
	ctx := context.Background()
	ci := &model.CommentIdentity{Kind: model.IdentityGuest, Name: name, Created: f.clk.now()}
	if err := f.st.CreateCommentIdentity(ctx, ci); err != nil {
		t.Fatal(err)
	}
	key, err := f.st.Secret(ctx, "comment-cookie")
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser(ip)
	b.cookies[cookieGuest] = &http.Cookie{Name: cookieGuest, Value: comment.Sign(key, "guest", strconv.FormatInt(ci.ID, 10), f.clk.now().Add(time.Hour))}
	return b
}

// Issue 4 finding D1: refused comment forms minted guest identities, and
// every identity was a new voter and reporter.
func TestRefusedCommentLeavesNoIdentity(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		b := f.browser("203.0.113.9")
		for _, form := range []url.Values{
			{"parent": {"999999"}, "name": {"Voter"}, "body": {"x"}},
			{"name": {"Voter"}, "body": {"[x]: https://example.com"}}, // a link definition alone renders nothing
		} {
			res, page := b.do(t, "POST", "/articles/harbour-story/comments", form)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Fatalf("refused form: %d %s", res.StatusCode, page)
			}
			if _, ok := b.cookies[cookieGuest]; ok {
				t.Fatalf("a refused form (%d) set the guest cookie", res.StatusCode)
			}
		}
		// The next identity stored is the first: nothing was created above.
		id := postComment(t, b, "harbour-story", url.Values{"name": {"Voter"}, "body": {"Now a real one"}})
		c, err := f.st.Comment(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.IdentityID != 1 {
			t.Fatalf("the stored comment's identity is %d, want 1 (refused forms created identities)", c.IdentityID)
		}
		if _, ok := b.cookies[cookieGuest]; !ok {
			t.Fatal("a stored comment did not set the guest cookie")
		}
	})
}

func TestGuestVotesAndFlagsCountOncePerIP(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		author := f.browser("198.51.100.7")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Vote for me"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		for i := 0; i < 12; i++ {
			b := guestCookie(t, f, "203.0.113.9", "Sock"+strconv.Itoa(i))
			if res, page := b.do(t, "POST", path+"/vote", url.Values{"value": {"1"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("vote %d: %d %s", i, res.StatusCode, page)
			}
			if res, page := b.do(t, "POST", path+"/flag", url.Values{"reason": {"spam"}}); res.StatusCode != http.StatusOK {
				t.Fatalf("flag %d: %d %s", i, res.StatusCode, page)
			}
		}
		// One guest identity voting from a second address still counts once.
		g := guestCookie(t, f, "192.0.2.1", "Roamer")
		g.do(t, "POST", path+"/vote", url.Values{"value": {"1"}})
		g.ip = "192.0.2.2"
		g.do(t, "POST", path+"/vote", url.Values{"value": {"1"}})
		g.do(t, "POST", path+"/flag", url.Values{"reason": {"spam"}})
		g.ip = "192.0.2.1"
		g.do(t, "POST", path+"/flag", url.Values{"reason": {"spam"}})
		c, err := f.st.Comment(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Upvotes != 2 || c.Flags != 2 {
			t.Fatalf("13 guest identities on 3 addresses gave %d upvotes and %d flags, want 2 and 2", c.Upvotes, c.Flags)
		}
	})
}

func TestVotesAndFlagsRateLimitedPerIP(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		author := f.browser("198.51.100.7")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Vote for me"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		b := f.browser("203.0.113.9")
		for i := 0; i < voteBurst; i++ {
			if res, page := b.do(t, "POST", path+"/vote", url.Values{"value": {strconv.Itoa(1 - 2*(i%2))}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("vote %d of the burst: %d %s", i, res.StatusCode, page)
			}
		}
		for _, p := range []string{"/vote", "/flag"} {
			res, _ := b.do(t, "POST", path+p, url.Values{"value": {"1"}, "reason": {"spam"}})
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
				t.Fatalf("%s past the burst: %d, Retry-After %q", p, res.StatusCode, res.Header.Get("Retry-After"))
			}
		}
		// Another address is not held up; the first one is again after a wait.
		if res, _ := f.browser("203.0.113.10").do(t, "POST", path+"/vote", url.Values{"value": {"1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("another address: %d", res.StatusCode)
		}
		f.clk.add(voteEvery)
		if res, _ := b.do(t, "POST", path+"/flag", url.Values{"reason": {"spam"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("after waiting: %d", res.StatusCode)
		}
		c, _ := f.st.Comment(context.Background(), id)
		if c.Flags != 1 {
			t.Fatalf("a refused report was counted: flags %d", c.Flags)
		}
	})
}
