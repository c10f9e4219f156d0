package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestCommentBans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, g := commentFixture(t, s, "bans")
		if err := s.AddCommentBan(ctx, &model.CommentBan{}); !errors.Is(err, store.ErrBanTarget) {
			t.Fatalf("empty ban: %v", err)
		}
		byID := &model.CommentBan{IdentityID: g.ID, Until: commentNow.Add(time.Hour), Shadow: true, Reason: "trolling"}
		byMail := &model.CommentBan{Email: " Spammer@Example.com "}
		byIP := &model.CommentBan{IPHash: "abc", Until: commentNow.Add(-time.Minute)}
		for _, b := range []*model.CommentBan{byID, byMail, byIP} {
			b.Created = commentNow.Add(-time.Hour)
			if err := s.AddCommentBan(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		match := func(id int64, email, ip string) int {
			t.Helper()
			bans, err := s.MatchingCommentBans(ctx, id, email, ip, commentNow)
			if err != nil {
				t.Fatal(err)
			}
			return len(bans)
		}
		if match(g.ID, "", "") != 1 || match(0, "spammer@EXAMPLE.com", "") != 1 || match(0, "", "abc") != 0 || match(0, "", "") != 0 {
			t.Fatal("ban matching")
		}
		if err := s.LiftCommentBan(ctx, byMail.ID, commentNow); err != nil {
			t.Fatal(err)
		}
		if err := s.LiftCommentBan(ctx, byMail.ID, commentNow); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("lifting twice: %v", err)
		}
		if match(0, "spammer@example.com", "") != 0 {
			t.Fatal("lifted ban still matches")
		}
		all, _ := s.CommentBans(ctx, false, 0, commentNow, 0)
		active, _ := s.CommentBans(ctx, true, 0, commentNow, 0)
		mine, _ := s.CommentBans(ctx, false, g.ID, commentNow, 0)
		if len(all) != 3 || len(active) != 1 || len(mine) != 1 || !mine[0].Shadow || mine[0].Reason != "trolling" {
			t.Fatalf("ban lists: %d all, %d active, %+v", len(all), len(active), mine)
		}
	})
}

func TestCommentWordsAndDefences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.SetCommentWords(ctx, store.WordsBanned, []string{"zeta", "alpha", "zeta", "mid"}, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		w, err := s.CommentWords(ctx, store.WordsBanned)
		if err != nil || len(w) != 3 || w[0] != "zeta" || w[2] != "mid" {
			t.Fatalf("words %q %v", w, err)
		}
		if w, _ := s.CommentWords(ctx, store.WordsSuspect); len(w) != 0 {
			t.Fatalf("suspect list: %q", w)
		}
		if err := s.SetCommentWords(ctx, "other", nil, 0, commentNow); err == nil {
			t.Fatal("unknown list accepted")
		}
		d, err := s.CommentDefences(ctx)
		if err != nil || d.MaxLinks != 3 || d.MinSubmitSeconds != 3 || d.HoldScore != 0.9 || d.SpamScore != 0.99 || d.DuplicateSpam != 3 {
			t.Fatalf("default defences %+v %v", d, err)
		}
		d.MaxLinks, d.HoldScore = -1, 0.8
		if err := s.SaveCommentDefences(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CommentDefences(ctx); got.MaxLinks != -1 || got.HoldScore != 0.8 {
			t.Fatalf("saved defences %+v", got)
		}
		for _, bad := range []store.CommentDefences{{MaxLinks: -2}, {SpamScore: 1.5}, {HoldScore: 0.9, SpamScore: 0.5}, {MinSubmitSeconds: -1}} {
			if err := s.SaveCommentDefences(ctx, bad); err == nil {
				t.Errorf("accepted %+v", bad)
			}
		}
	})
}
