package comment_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// BenchmarkDecide measures the whole decision for one new comment on
// SQLite: bans, the author's history, duplicates, the filter's counts and
// the rules, with 5,000-entry banned and suspect lists and a filter trained
// on 200 comments.
func BenchmarkDecide(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			st := storetest.Open(b, d, nil)
			ctx := context.Background()
			a := &model.Article{Slug: "bench", Headline: "Bench", Status: model.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), CommentsOpen: true}
			if _, err := st.SaveArticle(ctx, a); err != nil {
				b.Fatal(err)
			}
			g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Bench", Email: "bench@example.com"}
			if err := st.CreateCommentIdentity(ctx, g); err != nil {
				b.Fatal(err)
			}
			var banned, suspect strings.Builder
			for i := 0; i < 5000; i++ {
				fmt.Fprintf(&banned, "banned%dword\n", i)
				fmt.Fprintf(&suspect, "suspect%dword\n", i)
			}
			for kind, text := range map[string]string{store.WordsBanned: banned.String(), store.WordsSuspect: suspect.String()} {
				l, err := spam.ParseWordList(text)
				if err != nil {
					b.Fatal(err)
				}
				if err := st.SetCommentWords(ctx, kind, strings.Split(l.String(), "\n"), 0, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			for i := 0; i < 200; i++ {
				toks := spam.Tokens(spam.Features{Body: fmt.Sprintf("training comment %d about the council vote and cheap deals %d", i, i%17)})
				c := &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentApproved, BodySource: "x", BodyHTML: "x"}
				if err := st.CreateComment(ctx, c); err != nil {
					b.Fatal(err)
				}
				if _, err := st.TrainSpam(ctx, c.ID, toks, i%3 == 0, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			set, err := st.EffectiveCommentSettings(ctx, a)
			if err != nil {
				b.Fatal(err)
			}
			dec := &comment.Decider{Store: st, Limiter: spam.NewLimiter(spam.RateLimits{})}
			body := strings.Repeat("The council's bypass decision ignored the survey, and residents were not consulted. ", 5)
			sub := comment.Submission{Article: a, Identity: g, Settings: set, BodySource: body,
				BodyHTML: "<p>" + body + ` <a href="https://example.org/r">report</a></p>`, IPHash: "0123456789abcdef", Elapsed: time.Minute}
			b.ResetTimer()
			for b.Loop() {
				sub.Now = time.Now().UTC()
				if _, err := dec.Decide(ctx, sub); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
