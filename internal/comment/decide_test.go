package comment_test

import (
	"context"
	"errors"
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

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

type fixture struct {
	ctx   context.Context
	st    *store.Store
	d     *comment.Decider
	art   *model.Article
	guest *model.CommentIdentity
	mod   *store.User
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	sec := &model.Section{Slug: "news", Name: "News"}
	if err := s.CreateSection(ctx, sec); err != nil {
		t.Fatal(err)
	}
	a := &model.Article{Slug: "decide", Headline: "Decide", Status: model.StatusPublished, SectionID: sec.ID,
		PublishedAt: now.Add(-time.Hour), CommentsOpen: true}
	if _, err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Guest", Email: "guest@example.com"}
	if err := s.CreateCommentIdentity(ctx, g); err != nil {
		t.Fatal(err)
	}
	u := &store.User{Email: "mod@example.com", Name: "Mo Derator", Role: "moderator", PasswordHash: "x"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return &fixture{ctx: ctx, st: s, art: a, guest: g, mod: u,
		d: &comment.Decider{Store: s, Limiter: spam.NewLimiter(spam.RateLimits{})}}
}

func (f *fixture) sub(t *testing.T, body string) comment.Submission {
	t.Helper()
	set, err := f.st.EffectiveCommentSettings(f.ctx, f.art)
	if err != nil {
		t.Fatal(err)
	}
	return comment.Submission{Article: f.art, Identity: f.guest, Settings: set, BodySource: body,
		BodyHTML: "<p>" + body + "</p>", IPHash: "iphash-1", Elapsed: time.Minute, Now: now}
}

func (f *fixture) decide(t *testing.T, s comment.Submission) comment.Decision {
	t.Helper()
	got, err := f.d.Decide(f.ctx, s)
	if err != nil {
		t.Fatalf("Decide(%q): %v", s.BodySource, err)
	}
	return got
}

func (f *fixture) refused(t *testing.T, s comment.Submission, code int, msg string) {
	t.Helper()
	_, err := f.d.Decide(f.ctx, s)
	var r *comment.Refusal
	if !errors.As(err, &r) || r.Code != code || !strings.Contains(r.Message, msg) {
		t.Fatalf("Decide(%q) error = %v, want %d %q", s.BodySource, err, code, msg)
	}
}

// store saves a comment as the posting path does with a decision.
func (f *fixture) store(t *testing.T, s comment.Submission, d comment.Decision) *model.Comment {
	t.Helper()
	c := &model.Comment{ArticleID: s.Article.ID, IdentityID: s.Identity.ID, Status: d.Status, Shadow: d.Shadow,
		BodySource: s.BodySource, BodyHTML: s.BodyHTML, BodyHash: d.BodyHash, IPHash: s.IPHash, Created: s.Now,
		SpamScore: d.SpamScore, SpamReason: d.SpamReason}
	if err := f.st.CreateComment(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDecidePostModerationApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		got := f.decide(t, f.sub(t, "Hello"))
		if got.Status != model.CommentApproved || got.Shadow || got.SpamReason != "" || got.BodyHash != comment.BodyHash("hello") {
			t.Fatalf("post-moderation: %+v", got)
		}
	})
}

func TestDecideModesBySectionAndArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		save := func(scope string, id int64, m model.ModerationMode) {
			if err := s.SaveCommentSettings(f.ctx, model.CommentSettings{Scope: scope, ScopeID: id, Mode: m, AutoCloseDays: -1}); err != nil {
				t.Fatal(err)
			}
		}
		save(model.ScopeSection, f.art.SectionID, model.ModePre)
		if got := f.decide(t, f.sub(t, "Hello")); got.Status != model.CommentPending || got.SpamReason != "pre-moderation" {
			t.Fatalf("section pre-moderation: %+v", got)
		}
		save(model.ScopeArticle, f.art.ID, model.ModePreFirst)
		first := f.decide(t, f.sub(t, "Hello"))
		if first.Status != model.CommentPending || !strings.Contains(first.SpamReason, "first-time") {
			t.Fatalf("first-time: %+v", first)
		}
		c := f.store(t, f.sub(t, "Hello"), first)
		if _, err := f.d.Moderate(f.ctx, []int64{c.ID}, model.CommentApproved, f.mod, now); err != nil {
			t.Fatal(err)
		}
		if got := f.decide(t, f.sub(t, "Hello again")); got.Status != model.CommentApproved {
			t.Fatalf("approved author under pre-first: %+v", got)
		}
		save(model.ScopeArticle, f.art.ID, model.ModePreLinks)
		linked := f.sub(t, "see this")
		linked.BodyHTML = `<p>see <a href="https://example.com/x" rel="nofollow ugc noopener">this</a></p>`
		if got := f.decide(t, linked); got.Status != model.CommentPending || !strings.Contains(got.SpamReason, "links") {
			t.Fatalf("pre-links: %+v", got)
		}
		if got := f.decide(t, f.sub(t, "no link")); got.Status != model.CommentApproved {
			t.Fatalf("pre-links without a link: %+v", got)
		}
	})
}

func TestDecideClosing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		old := f.sub(t, "late")
		old.Now = f.art.PublishedAt.Add(14 * 24 * time.Hour)
		f.refused(t, old, 403, "closed")
		old.Now = old.Now.Add(-time.Second)
		f.decide(t, old)
		if err := s.SaveCommentSettings(f.ctx, model.CommentSettings{Scope: model.ScopeSite, Mode: model.ModePost, AutoCloseDays: 2}); err != nil {
			t.Fatal(err)
		}
		old = f.sub(t, "late")
		old.Now = f.art.PublishedAt.Add(2 * 24 * time.Hour)
		f.refused(t, old, 403, "closed")
		if err := s.SaveCommentSettings(f.ctx, model.CommentSettings{Scope: model.ScopeArticle, ScopeID: f.art.ID, AutoCloseDays: 0, Closed: now}); err != nil {
			t.Fatal(err)
		}
		f.refused(t, f.sub(t, "closed by hand"), 403, "closed")
		f.art.CommentsOpen = false
		f.refused(t, f.sub(t, "editor closed"), 403, "closed")
	})
}

func TestDecideBansAndShadowBans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ban := &model.CommentBan{Email: "GUEST@example.com", Until: now.Add(time.Hour)}
		if err := f.d.Ban(f.ctx, ban, f.mod, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		f.refused(t, f.sub(t, "hello"), 403, "until 1 March 2026, 10:00 UTC")
		later := f.sub(t, "hello")
		later.Now = now.Add(time.Hour)
		f.decide(t, later)
		if err := f.d.LiftBan(f.ctx, ban.ID, f.mod, now); err != nil {
			t.Fatal(err)
		}
		f.decide(t, f.sub(t, "hello"))

		if err := f.d.Ban(f.ctx, &model.CommentBan{IPHash: "iphash-1"}, f.mod, now); err != nil {
			t.Fatal(err)
		}
		f.refused(t, f.sub(t, "hello"), 403, "cannot comment")
		other := f.sub(t, "hello")
		other.IPHash = "iphash-2"
		f.decide(t, other)

		// A shadow ban by identity: stored, shadowed, visible only to its author.
		g2 := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Troll"}
		if err := s.CreateCommentIdentity(f.ctx, g2); err != nil {
			t.Fatal(err)
		}
		if err := f.d.Ban(f.ctx, &model.CommentBan{IdentityID: g2.ID, Shadow: true}, f.mod, now); err != nil {
			t.Fatal(err)
		}
		sh := f.sub(t, "I am shadowed")
		sh.Identity, sh.IPHash = g2, "iphash-3"
		d := f.decide(t, sh)
		if !d.Shadow || d.Status != model.CommentApproved {
			t.Fatalf("shadow ban: %+v", d)
		}
		c := f.store(t, sh, d)
		seen := func(viewer int64) bool {
			list, err := s.ArticleComments(f.ctx, f.art.ID, viewer, model.CommentApproved)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range list {
				if x.ID == c.ID {
					return true
				}
			}
			return false
		}
		if !seen(g2.ID) || seen(0) || seen(f.guest.ID) {
			t.Fatalf("shadowed comment visibility: author %v, nobody %v, another reader %v", seen(g2.ID), seen(0), seen(f.guest.ID))
		}
		if n, _ := s.CommentCounts(f.ctx, []int64{f.art.ID}); n[f.art.ID] != 0 {
			t.Fatalf("shadowed comment counted: %v", n)
		}
		log, _, err := s.AuditLog(f.ctx, store.AuditFilter{})
		if err != nil || len(log) != 4 || log[0].Action != comment.AuditBan || !strings.Contains(log[0].Detail, "shadow ban identity") {
			t.Fatalf("audit: %v %+v", err, log)
		}
	})
}

func TestDecideSpamDefences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		if err := f.d.SetWords(f.ctx, store.WordsBanned, "badword\nbuy pills", f.mod, now); err != nil {
			t.Fatal(err)
		}
		if err := f.d.SetWords(f.ctx, store.WordsSuspect, "idiot", f.mod, now); err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{"ba<b></b>dword", "b\u0430dw\u043erd", "bad\u200bword", "ｂａｄｗｏｒｄ", "BUY  pills"} {
			if got := f.decide(t, f.sub(t, body)); got.Status != model.CommentRejected || !strings.Contains(got.SpamReason, "banned word") {
				t.Errorf("%q: %+v", body, got)
			}
		}
		if got := f.decide(t, f.sub(t, "you \u0456diot")); got.Status != model.CommentPending {
			t.Errorf("suspect: %+v", got)
		}
		var r *comment.Refusal
		if err := f.d.SetWords(f.ctx, store.WordsBanned, "ok\n*\n", f.mod, now); !errors.As(err, &r) || !strings.Contains(r.Message, "line 2") {
			t.Errorf("bad word list: %v", err)
		}
		if w, _ := s.CommentWords(f.ctx, store.WordsBanned); len(w) != 2 {
			t.Errorf("a refused list changed the stored one: %q", w)
		}

		hp := f.sub(t, "hello there")
		hp.Honeypot = "http://spam.example"
		if got := f.decide(t, hp); got.Status != model.CommentSpam {
			t.Errorf("honeypot: %+v", got)
		}
		fast := f.sub(t, "hello there")
		fast.Elapsed = 2 * time.Second
		if got := f.decide(t, fast); got.Status != model.CommentPending || !strings.Contains(got.SpamReason, "after the form") {
			t.Errorf("too fast: %+v", got)
		}
		nostamp := f.sub(t, "hello there again")
		nostamp.Elapsed, nostamp.NoStamp = 0, true
		if got := f.decide(t, nostamp); got.Status != model.CommentPending || !strings.Contains(got.SpamReason, "no valid form time stamp") {
			t.Errorf("no stamp: %+v", got)
		}
		links := f.sub(t, "links")
		links.BodyHTML = strings.Repeat(`<a href="https://a.example/">x</a>`, 4)
		if got := f.decide(t, links); got.Status != model.CommentPending || !strings.Contains(got.SpamReason, "4 links") {
			t.Errorf("links: %+v", got)
		}

		// Duplicates: the same author again is refused; the same text from
		// three other authors is spam.
		first := f.sub(t, "Totally unique words here")
		f.store(t, first, f.decide(t, first))
		again := f.sub(t, "totally <em>UNIQUE</em> words here!")
		f.refused(t, again, 409, "already posted")
		for i := 0; i < 3; i++ {
			g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: fmt.Sprint("copy", i)}
			if err := s.CreateCommentIdentity(f.ctx, g); err != nil {
				t.Fatal(err)
			}
			cp := f.sub(t, "Cheap copy paste text")
			cp.Identity, cp.IPHash = g, fmt.Sprint("ip-copy-", i)
			d := f.decide(t, cp)
			if d.Status != model.CommentApproved {
				t.Fatalf("copy %d: %+v", i, d)
			}
			f.store(t, cp, d)
		}
		cp := f.sub(t, "cheap copy-paste text")
		if got := f.decide(t, cp); got.Status != model.CommentSpam || !strings.Contains(got.SpamReason, "3 other authors") {
			t.Errorf("copy-paste run: %+v", got)
		}
	})
}

func TestDecideRateLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.d.Limiter = spam.NewLimiter(spam.RateLimits{IdentityBurst: 2, IdentityEvery: 30 * time.Second, IPBurst: 3, IPEvery: 10 * time.Second})
		for i := 0; i < 2; i++ {
			f.decide(t, f.sub(t, fmt.Sprint("comment ", i)))
		}
		f.refused(t, f.sub(t, "third"), 429, "wait 30 seconds")
		other := f.sub(t, "from a colleague on the same IP")
		other.Identity = &model.CommentIdentity{ID: f.guest.ID + 1000, Kind: model.IdentityGuest, Name: "Colleague"}
		f.decide(t, other)
		other.BodySource = "and again"
		f.refused(t, other, 429, "wait 10 seconds")
		later := f.sub(t, "later")
		later.Now = now.Add(30 * time.Second)
		f.decide(t, later)
		// Staff are not limited.
		staff := f.sub(t, "staff")
		staff.Identity = &model.CommentIdentity{ID: 99, Kind: model.IdentityStaff, Name: "Desk"}
		for i := 0; i < 5; i++ {
			f.decide(t, staff)
		}
	})
}

func TestFormStampAndIPHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		tok, err := f.d.FormStamp(f.ctx, 5, now)
		if err != nil {
			t.Fatal(err)
		}
		if e, err := f.d.Elapsed(f.ctx, tok, 5, now.Add(4500*time.Millisecond)); e != 4500*time.Millisecond || err != nil {
			t.Errorf("Elapsed = %v, %v", e, err)
		}
		// Missing, forged, another article's and future stamps are "no
		// valid stamp" (0); one older than MaxFormAge has expired.
		for name, c := range map[string]struct {
			tok string
			at  time.Time
		}{"forged": {"forged", now}, "missing": {"", now}, "other article": {"", now}, "future": {tok, now.Add(-time.Second)}} {
			if c.tok == "" && name == "other article" {
				c.tok, _ = f.d.FormStamp(f.ctx, 6, now.Add(-time.Minute))
			}
			if e, err := f.d.Elapsed(f.ctx, c.tok, 5, c.at); e != 0 || err != nil {
				t.Errorf("%s stamp: %v, %v; want 0, nil", name, e, err)
			}
		}
		if e, err := f.d.Elapsed(f.ctx, tok, 5, now.Add(comment.MaxFormAge)); e != comment.MaxFormAge || err != nil {
			t.Errorf("stamp exactly MaxFormAge old: %v, %v", e, err)
		}
		if _, err := f.d.Elapsed(f.ctx, tok, 5, now.Add(comment.MaxFormAge+time.Second)); !errors.Is(err, comment.ErrFormExpired) {
			t.Errorf("old stamp: %v, want ErrFormExpired", err)
		}
		a, _ := f.d.HashIP(f.ctx, "2001:db8::1")
		b, _ := f.d.HashIP(f.ctx, "2001:DB8:0::1")
		c, _ := f.d.HashIP(f.ctx, "2001:db8::2")
		if a != b || a == c || len(a) != 32 {
			t.Errorf("HashIP: %q %q %q", a, b, c)
		}
	})
}

func TestDecideEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		if err := f.d.SetWords(f.ctx, store.WordsBanned, "badword", f.mod, now); err != nil {
			t.Fatal(err)
		}
		sub := f.sub(t, "A harmless first version")
		c := f.store(t, sub, f.decide(t, sub))
		if c.Status != model.CommentApproved {
			t.Fatalf("posted %s", c.Status)
		}
		edit := f.sub(t, "now with a b\u0430dword")
		got, err := f.d.DecideEdit(f.ctx, c, edit)
		if err != nil || got.Status != model.CommentRejected || !strings.Contains(got.SpamReason, `edited: banned word "badword"`) ||
			got.BodyHash != comment.BodyHash("now with a badword") {
			t.Fatalf("edit into a banned word: %+v %v", got, err)
		}
		links := f.sub(t, "links")
		links.BodyHTML = strings.Repeat(`<a href="https://x.example/">x</a>`, 5)
		if got, _ := f.d.DecideEdit(f.ctx, c, links); got.Status != model.CommentPending {
			t.Fatalf("edit into 5 links: %+v", got)
		}
		// An edit never loosens: a pending comment stays pending.
		c.Status, c.SpamReason = model.CommentPending, "pre-moderation"
		if got, _ := f.d.DecideEdit(f.ctx, c, f.sub(t, "fine text")); got.Status != model.CommentPending || got.SpamReason != "pre-moderation" {
			t.Fatalf("edit of a pending comment: %+v", got)
		}
		c.Status = model.CommentApproved
		if got, _ := f.d.DecideEdit(f.ctx, c, f.sub(t, "still fine")); got.Status != model.CommentApproved {
			t.Fatalf("harmless edit: %+v", got)
		}
	})
}
