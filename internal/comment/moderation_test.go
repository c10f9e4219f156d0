package comment_test

import (
	"fmt"
	"strings"
	"testing"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Moderators' approve and spam decisions train the filter; once trained, a
// new spammy comment is marked spam and an ordinary one goes through.
func TestFilterLearnsFromModerators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		post := func(i int, body, href string) *model.Comment {
			g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: fmt.Sprint("Author ", i)}
			if err := s.CreateCommentIdentity(f.ctx, g); err != nil {
				t.Fatal(err)
			}
			sub := f.sub(t, body)
			sub.Identity, sub.IPHash = g, fmt.Sprint("ip-", i)
			if href != "" {
				sub.BodyHTML = `<p>` + body + ` <a href="` + href + `">here</a></p>`
			}
			return f.store(t, sub, f.decide(t, sub))
		}
		var spamIDs, hamIDs []int64
		spamTexts := []string{"cheap watches best deals", "replica watches cheap prices", "best deals cheap loans online",
			"earn money fast cheap deals", "cheap pills best prices online"}
		hamTexts := []string{"the council vote surprised residents", "traffic survey numbers look wrong to me",
			"thanks for reporting on the school closures", "the bypass decision deserves scrutiny", "residents deserve a proper answer"}
		for i := 0; i < 12; i++ {
			sp := post(i, fmt.Sprintf("%s number %d", spamTexts[i%5], i), "https://deals.example/"+fmt.Sprint(i))
			spamIDs = append(spamIDs, sp.ID)
			hm := post(100+i, fmt.Sprintf("%s, point %d", hamTexts[i%5], i), "")
			hamIDs = append(hamIDs, hm.ID)
		}
		probe := f.sub(t, "cheap deals on watches")
		probe.BodyHTML = `<p>cheap deals <a href="https://deals.example/x">here</a></p>`
		if got := f.decide(t, probe); got.Status != model.CommentApproved || got.SpamScore != 0.5 {
			t.Fatalf("untrained filter: %+v", got)
		}
		if n, err := f.d.Moderate(f.ctx, spamIDs, model.CommentSpam, f.mod, now); err != nil || n != 12 {
			t.Fatalf("Moderate spam: %d, %v", n, err)
		}
		// A mistake first, corrected: the counts must end exact.
		if _, err := f.d.Moderate(f.ctx, hamIDs, model.CommentSpam, f.mod, now); err != nil {
			t.Fatal(err)
		}
		if _, err := f.d.Moderate(f.ctx, hamIDs, model.CommentApproved, f.mod, now); err != nil {
			t.Fatal(err)
		}
		_, sd, hd, err := s.SpamCounts(f.ctx, nil)
		if err != nil || sd != 12 || hd != 12 {
			t.Fatalf("trained docs spam %d ham %d (%v), want 12/12", sd, hd, err)
		}
		counts, _, _, _ := s.SpamCounts(f.ctx, []string{"council", "cheap", "host:deals.example"})
		if counts["council"].Spam != 0 || counts["council"].Ham == 0 || counts["cheap"].Ham != 0 || counts["host:deals.example"].Spam != 12 {
			t.Fatalf("token counts after retraining: %+v", counts)
		}
		// Sure, but trained on 12 decisions of each kind: held, not spam
		// (spam.MinConfident).
		got := f.decide(t, probe)
		if got.Status != model.CommentPending || got.SpamScore < 0.99 || !strings.Contains(got.SpamReason, "held for review: the filter has learnt from 12 spam and 12 approved comments") {
			t.Fatalf("trained filter on spam: %+v", got)
		}
		if got := f.decide(t, f.sub(t, "the council should answer residents")); got.Status != model.CommentApproved || got.SpamScore > 0.1 {
			t.Fatalf("trained filter on ham: %+v", got)
		}
		c, _ := s.Comment(f.ctx, spamIDs[0])
		sc, err := f.d.CommentScore(f.ctx, c)
		if err != nil || sc.Spam < 0.99 || len(sc.Top) == 0 {
			t.Fatalf("queue score: %+v %v", sc, err)
		}
		log, total, _ := s.AuditLog(f.ctx, store.AuditFilter{})
		if total != 36 || log[0].Action != comment.AuditApprove || !strings.Contains(log[0].Detail, "(was spam)") {
			t.Fatalf("audit: %d entries, newest %+v", total, log[0])
		}
		if _, err := f.d.Moderate(f.ctx, hamIDs, model.CommentDeleted, f.mod, now); err != comment.ErrNoSuchStatus {
			t.Fatalf("deleting through Moderate: %v", err)
		}
	})
}
