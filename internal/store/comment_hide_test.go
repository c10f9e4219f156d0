package store_test

import (
	"context"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestHoldReportedComment: an approved comment is held once it has the
// given number of open reports, with the reason added; the threshold is a
// stored defence setting.
func TestHoldReportedComment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if d, err := s.CommentDefences(ctx); err != nil || d.HideFlags != 3 {
			t.Fatalf("default hide_flags: %+v %v", d, err)
		}
		a, g := commentFixture(t, s, "reported")
		c := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
		flag := func(reporter string) {
			t.Helper()
			if _, err := s.FlagComment(ctx, &model.CommentFlag{CommentID: c.ID, Reporter: reporter, Reason: model.FlagAbuse, Created: commentNow}); err != nil {
				t.Fatal(err)
			}
		}
		flag("ip:a")
		flag("ip:a") // the same reporter again counts once
		flag("ip:b")
		if held, err := s.HoldReportedComment(ctx, c.ID, 3, "reported by 3 people"); err != nil || held {
			t.Fatalf("held with 2 reporters: %v %v", held, err)
		}
		flag("ip:c")
		if held, err := s.HoldReportedComment(ctx, c.ID, 0, "off"); err != nil || held {
			t.Fatalf("held with the rule off: %v %v", held, err)
		}
		if held, err := s.HoldReportedComment(ctx, c.ID, 3, "reported by 3 people"); err != nil || !held {
			t.Fatalf("not held with 3 reporters: %v %v", held, err)
		}
		got, _ := s.Comment(ctx, c.ID)
		if got.Status != model.CommentPending || got.SpamReason != "reported by 3 people" || got.Flags != 3 {
			t.Fatalf("after hold: %s %q %d flags", got.Status, got.SpamReason, got.Flags)
		}
		if held, _ := s.HoldReportedComment(ctx, c.ID, 3, "again"); held {
			t.Fatal("a pending comment held again")
		}
		d, _ := s.CommentDefences(ctx)
		d.HideFlags = 5
		if err := s.SaveCommentDefences(ctx, d); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.CommentDefences(ctx); d.HideFlags != 5 {
			t.Fatalf("hide_flags saved as %d", d.HideFlags)
		}
		d.HideFlags = -1
		if err := s.SaveCommentDefences(ctx, d); err == nil {
			t.Fatal("negative hide_flags accepted")
		}
	})
}
