package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// TestCommentPagesOutOfRange (issue 4 tester finding 5): a thread of three
// pages answers 404 for a page past the last one and 400 for a page or
// order that is not one, also when page 1 is in the page cache; the
// address without parameters stays page 1.
func TestCommentPagesOutOfRange(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ctx := t.Context()
		g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Many"}
		if err := f.st.CreateCommentIdentity(ctx, g); err != nil {
			t.Fatal(err)
		}
		r, _ := markup.Comment("A comment")
		for i := range 250 {
			if err := f.st.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentApproved,
				BodySource: "A comment", BodyHTML: r.HTML, Created: f.clk.now().Add(time.Duration(i-300) * time.Second)}); err != nil {
				t.Fatal(err)
			}
		}
		reader := f.browser("203.0.113.9")
		base := "/articles/harbour-story"
		for _, c := range []struct {
			query string
			code  int
			says  string
		}{
			{"", 200, `href="` + base + `?page=2#comments"`},
			{"?page=3", 200, "A comment"},
			{"?sort=newest&page=3", 200, "A comment"},
			{"?sort=oldest", 200, "A comment"},
			{"?page=4", 404, "no page 4 of comments on this story: it has 3"},
			{"?page=99", 404, "no page 99 of comments"},
			{"?sort=best&page=4", 404, "no page 4 of comments"},
			{"?page=-1", 400, "is not a page number"},
			{"?page=0", 400, "is not a page number"},
			{"?page=abc", 400, "is not a page number"},
			{"?sort=zzz", 400, "oldest, newest, best or picks"},
			{"?sort=zzz", 400, "oldest, newest, best or picks"}, // again, after page 1 was cached
		} {
			res, page := reader.do(t, "GET", base+c.query, nil)
			if res.StatusCode != c.code || !strings.Contains(page, c.says) {
				t.Errorf("GET %s: %d, want %d saying %q", base+c.query, res.StatusCode, c.code, c.says)
			}
		}
		// Pages 1–3 hold different comments.
		seen := map[string]bool{}
		for p := 1; p <= 3; p++ {
			_, page := reader.do(t, "GET", fmt.Sprint(base, "?page=", p), nil)
			for _, m := range commentAnchorRe.FindAllString(page, -1) {
				if seen[m] {
					t.Fatalf("page %d repeats %s", p, m)
				}
				seen[m] = true
			}
		}
		if len(seen) != 250 {
			t.Errorf("%d comments over the three pages, want 250", len(seen))
		}
	})
}

var commentAnchorRe = regexp.MustCompile(`id="comment-\d+"`)
