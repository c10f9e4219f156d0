package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
)

var stampRe = regexp.MustCompile(`name="ts" value="([A-Za-z0-9_-]+)"`)

// formStamp returns the "ts" value of the comment form on the page at path.
func formStamp(t *testing.T, b *browser, path string) string {
	t.Helper()
	res, page := b.do(t, "GET", path, nil)
	m := stampRe.FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d, no form stamp", path, res.StatusCode)
	}
	return m[1]
}

// TestCommentFormStamp: the minimum time to submit cannot be skipped by
// leaving the stamp out or by reusing another story's; stamps expire after
// MaxFormAge with the text kept; a stamp from a cached page passes.
func TestCommentFormStamp(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := context.Background()
		d, _ := f.st.CommentDefences(ctx)
		d.MinSubmitSeconds = 3
		if err := f.st.SaveCommentDefences(ctx, d); err != nil {
			t.Fatal(err)
		}
		f.site.decider.Invalidate()
		b := &model.Article{Slug: "other-story", Headline: "Other story", Status: model.StatusPublished, Kind: model.KindArticle,
			PublishedAt: f.clk.now().Add(-time.Hour), CommentsOpen: true, BodyHTML: "<p>Other.</p>"}
		if _, err := f.st.SaveArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
		status := func(id int64) *model.Comment {
			t.Helper()
			c, err := f.st.Comment(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}

		// An anonymous page comes from the page cache: the same stamp is
		// served again half an hour later and still passes.
		anon := f.browser("198.51.100.20")
		tsA := formStamp(t, anon, "/articles/harbour-story")
		f.clk.add(30 * time.Minute)
		if again := formStamp(t, anon, "/articles/harbour-story"); again != tsA {
			t.Fatalf("page not served from the cache (stamp %q then %q); this test wants the cached case", tsA, again)
		}
		id := postComment(t, f.browser("198.51.100.21"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"A fair point"}, "ts": {tsA}})
		if c := status(id); c.Status != model.CommentApproved || c.SpamReason != "" {
			t.Errorf("cached stamp: %s %q, want approved", c.Status, c.SpamReason)
		}

		// No stamp at all: held, with the reason.
		id = postComment(t, f.browser("198.51.100.22"), "harbour-story", url.Values{"name": {"Bot"}, "body": {"no stamp here"}})
		if c := status(id); c.Status != model.CommentPending || !strings.Contains(c.SpamReason, "no valid form time stamp") {
			t.Errorf("missing stamp: %s %q, want pending", c.Status, c.SpamReason)
		}
		id = postComment(t, f.browser("198.51.100.23"), "harbour-story", url.Values{"name": {"Bot"}, "body": {"junk stamp"}, "ts": {"not-a-stamp"}})
		if c := status(id); c.Status != model.CommentPending || !strings.Contains(c.SpamReason, "no valid form time stamp") {
			t.Errorf("unparseable stamp: %s %q, want pending", c.Status, c.SpamReason)
		}

		// Story A's stamp on story B: held.
		id = postComment(t, f.browser("198.51.100.24"), "other-story", url.Values{"name": {"Bot"}, "body": {"wrong story"}, "ts": {tsA}})
		if c := status(id); c.Status != model.CommentPending || !strings.Contains(c.SpamReason, "no valid form time stamp") {
			t.Errorf("stamp of another story: %s %q, want pending", c.Status, c.SpamReason)
		}
		// A fresh stamp sent back at once: held as too fast.
		reader := f.browser("198.51.100.25")
		tsB := formStamp(t, reader, "/articles/other-story")
		id = postComment(t, reader, "other-story", url.Values{"name": {"Quick"}, "body": {"instant"}, "ts": {tsB}})
		if c := status(id); c.Status != model.CommentPending || c.SpamReason == "" {
			t.Errorf("instant post: %s %q, want pending", c.Status, c.SpamReason)
		}

		// A stamp older than MaxFormAge: 422, text kept, nothing stored.
		before, _ := f.st.ArticleComments(ctx, a.ID, 0)
		f.clk.add(comment.MaxFormAge)
		res, page := f.browser("198.51.100.26").do(t, "POST", "/articles/harbour-story/comments",
			url.Values{"name": {"Slow"}, "body": {"Written over a long lunch"}, "ts": {tsA}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "expired") || !strings.Contains(page, "Written over a long lunch") {
			t.Errorf("expired form: %d, want 422 with the message and the text kept:\n%s", res.StatusCode, page)
		}
		if after, _ := f.st.ArticleComments(ctx, a.ID, 0); len(after) != len(before) {
			t.Errorf("expired form stored a comment: %d → %d", len(before), len(after))
		}
		// By then the cached page has been rendered again with a fresh stamp.
		if ts := formStamp(t, anon, "/articles/harbour-story"); ts == tsA {
			t.Error("the page cache still serves a day-old form stamp")
		}
	})
}
