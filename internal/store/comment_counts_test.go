package store_test

import (
	"context"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestCommentCountsFollowEveryWrite: the public comment count kept by the
// comment_counts triggers (migration 00023) equals a count of the approved,
// unshadowed comments after each kind of write that can change it: posting
// approved, held and shadowed comments, moderation both ways, holding a
// reported comment, an author's delete and a reader's erasure.
func TestCommentCountsFollowEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, g := commentFixture(t, s, "counted")
		b, _ := commentFixture(t, s, "other")
		want := func(step string) {
			t.Helper()
			exact := map[int64]int{}
			for _, art := range []*model.Article{a, b} {
				all, err := s.ArticleComments(ctx, art.ID, 0, model.CommentApproved)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range all {
					if !c.Shadow {
						exact[art.ID]++
					}
				}
			}
			got, err := s.CommentCounts(ctx, []int64{a.ID, b.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(exact) || got[a.ID] != exact[a.ID] || got[b.ID] != exact[b.ID] {
				t.Fatalf("%s: counts %v, comments readers see %v", step, got, exact)
			}
		}
		want("no comments")
		c1 := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
		c2 := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, ParentID: c1.ID})
		held := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentPending})
		addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Shadow: true})
		addComment(t, s, &model.Comment{ArticleID: b.ID, IdentityID: g.ID})
		want("posted")
		if _, err := s.SetCommentStatus(ctx, []int64{held.ID}, model.CommentApproved, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		want("held comment approved")
		if _, err := s.SetCommentStatus(ctx, []int64{c1.ID, held.ID}, model.CommentApproved, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		want("approved again")
		if _, err := s.SetCommentStatus(ctx, []int64{c1.ID}, model.CommentRejected, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		want("rejected")
		for _, r := range []string{"ip:a", "ip:b"} {
			if _, err := s.FlagComment(ctx, &model.CommentFlag{CommentID: c2.ID, Reporter: r, Reason: model.FlagAbuse, Created: commentNow}); err != nil {
				t.Fatal(err)
			}
		}
		if ok, err := s.HoldReportedComment(ctx, c2.ID, 2, "reported"); err != nil || !ok {
			t.Fatalf("hold: %v %v", ok, err)
		}
		want("reported comment held")
		if err := s.DeleteComment(ctx, held.ID, commentNow); err != nil {
			t.Fatal(err)
		}
		want("deleted by its author")
		if err := s.EraseReader(ctx, g.ID, commentNow); err != nil {
			t.Fatal(err)
		}
		want("reader erased")
	})
}
