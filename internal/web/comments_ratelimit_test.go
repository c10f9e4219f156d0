package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"masthead/internal/comment/spam"
	"masthead/internal/model"
)

// TestIdentityBurstCountsTheFirstComment (issue 4 tester finding 3): a new
// guest may post the documented 5 comments in a row, the first one — which
// creates the identity — included; the 6th is refused with 429.
func TestIdentityBurstCountsTheFirstComment(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		limits := spam.DefaultRateLimits
		limits.IPBurst = 100 // only the identity's limit is under test
		f.site.decider.Limiter = spam.NewLimiter(limits)
		guest := f.browser("198.51.100.7")
		for i := 1; i <= limits.IdentityBurst+1; i++ {
			res, _ := guest.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Ola"}, "body": {fmt.Sprint("Comment number ", i)}})
			want := http.StatusSeeOther
			if i > limits.IdentityBurst {
				want = http.StatusTooManyRequests
			}
			if res.StatusCode != want {
				t.Fatalf("post %d: %d, want %d", i, res.StatusCode, want)
			}
		}
		// After the documented interval one more is allowed.
		f.clk.add(limits.IdentityEvery + time.Second)
		if res, _ := guest.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Ola"}, "body": {"One more later"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("after %s: %d", limits.IdentityEvery, res.StatusCode)
		}
	})
}
