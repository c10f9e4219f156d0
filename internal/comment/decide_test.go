package comment_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestDecidePostModerationApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a := &model.Article{Slug: "decide", Headline: "Decide", Status: model.StatusPublished, PublishedAt: now.Add(-time.Hour), CommentsOpen: true}
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		set, err := s.EffectiveCommentSettings(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Guest"}
		if err := s.CreateCommentIdentity(ctx, g); err != nil {
			t.Fatal(err)
		}
		d := &comment.Decider{Store: s}
		got, err := d.Decide(ctx, comment.Submission{Article: a, Identity: g, Settings: set, BodySource: "Hello", BodyHTML: "<p>Hello</p>", Now: now})
		if err != nil || got.Status != model.CommentApproved || got.Shadow {
			t.Fatalf("post-moderation: %+v %v", got, err)
		}
	})
}
