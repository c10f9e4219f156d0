package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var commentNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// commentFixture saves a published article in a new section and a guest
// identity, returning both.
func commentFixture(t *testing.T, s *store.Store, slug string) (*model.Article, *model.CommentIdentity) {
	t.Helper()
	ctx := context.Background()
	sec := &model.Section{Slug: slug + "-desk", Name: slug + " desk"}
	if err := s.CreateSection(ctx, sec); err != nil {
		t.Fatal(err)
	}
	a := &model.Article{Slug: slug, Headline: "A story " + slug, Status: model.StatusPublished, SectionID: sec.ID,
		PublishedAt: commentNow.Add(-time.Hour), CommentsOpen: true}
	if _, err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Guest " + slug, Email: " Guest@Example.COM "}
	if err := s.CreateCommentIdentity(ctx, g); err != nil {
		t.Fatal(err)
	}
	return a, g
}

func addComment(t *testing.T, s *store.Store, c *model.Comment) *model.Comment {
	t.Helper()
	if c.Status == "" {
		c.Status = model.CommentApproved
	}
	if c.BodyHTML == "" {
		c.BodySource, c.BodyHTML = "hello", "<p>hello</p>"
	}
	if err := s.CreateComment(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCommentIdentities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, g := commentFixture(t, s, "ids")
		if g.Email != "guest@example.com" || g.ID == 0 || g.Created.IsZero() {
			t.Fatalf("guest stored as %+v", g)
		}
		for _, bad := range []*model.CommentIdentity{
			{Kind: model.IdentityGuest, Name: "  "},
			{Kind: model.IdentityGuest, Name: "Eve\r\nBcc: x@example.com"},
			{Kind: "robot", Name: "R2"},
			{Kind: model.IdentityStaff, Name: "No user"},
			{Kind: model.IdentityReader, Name: "No mail"},
		} {
			if err := s.CreateCommentIdentity(ctx, bad); err == nil {
				t.Errorf("accepted %+v", bad)
			}
		}
		r, err := s.VerifiedReader(ctx, "Reader@Example.com", "Rita", commentNow)
		if err != nil || r.Kind != model.IdentityReader || r.Email != "reader@example.com" || !r.EmailVerified.Equal(commentNow) {
			t.Fatalf("reader: %+v %v", r, err)
		}
		later := commentNow.Add(time.Hour)
		r2, err := s.VerifiedReader(ctx, "reader@example.com", "Other name", later)
		if err != nil || r2.ID != r.ID || r2.Name != "Rita" || !r2.EmailVerified.Equal(later) {
			t.Fatalf("second sign-in: %+v %v", r2, err)
		}
		if err := s.CreateCommentIdentity(ctx, &model.CommentIdentity{Kind: model.IdentityReader, Name: "Dup", Email: "READER@example.com"}); !errors.Is(err, store.ErrDuplicateEmail) {
			t.Fatalf("duplicate reader: %v", err)
		}
		if got, err := s.ReaderIdentityByEmail(ctx, "reader@EXAMPLE.com"); err != nil || got.ID != r.ID {
			t.Fatalf("by e-mail: %+v %v", got, err)
		}
		u := &store.User{Email: "ed@example.com", Name: "Ed", Role: "moderator", PasswordHash: "x"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		st, err := s.StaffIdentity(ctx, u.ID, "Ed")
		if err != nil || st.Kind != model.IdentityStaff || st.UserID != u.ID {
			t.Fatalf("staff: %+v %v", st, err)
		}
		st2, err := s.StaffIdentity(ctx, u.ID, "Ed Renamed")
		if err != nil || st2.ID != st.ID || st2.Name != "Ed Renamed" {
			t.Fatalf("staff again: %+v %v", st2, err)
		}
		imp := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Imported", Source: "disqus", SourceID: "u1"}
		if err := s.CreateCommentIdentity(ctx, imp); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateCommentIdentity(ctx, &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Again", Source: "disqus", SourceID: "u1"}); !errors.Is(err, store.ErrDuplicateSource) {
			t.Fatalf("duplicate source: %v", err)
		}
		if got, err := s.CommentIdentityBySource(ctx, "disqus", "u1"); err != nil || got.ID != imp.ID {
			t.Fatalf("by source: %+v %v", got, err)
		}
		if _, err := s.CommentIdentity(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
	})
}

func TestCommentThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, g := commentFixture(t, s, "threads")
		other, _ := commentFixture(t, s, "other")
		gen := s.Generation()
		root := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Created: commentNow, IPHash: "iphash"})
		if root.RootID != root.ID || root.Depth != 0 {
			t.Fatalf("root: %+v", root)
		}
		cur := root
		for i := 1; i <= 6; i++ { // a chain six replies deep
			cur = addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, ParentID: cur.ID, Created: commentNow.Add(time.Duration(i) * time.Minute)})
			if cur.RootID != root.ID || cur.Depth != i {
				t.Fatalf("reply %d: root %d depth %d", i, cur.RootID, cur.Depth)
			}
		}
		if s.Generation() != gen {
			t.Fatalf("writing comments moved the page-cache generation %d → %d", gen, s.Generation())
		}
		if err := s.CreateComment(ctx, &model.Comment{ArticleID: other.ID, IdentityID: g.ID, ParentID: root.ID, Status: model.CommentApproved, BodyHTML: "x"}); !errors.Is(err, store.ErrParentElsewhere) {
			t.Fatalf("parent under another article: %v", err)
		}
		if err := s.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, ParentID: 987654, Status: model.CommentApproved, BodyHTML: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown parent: %v", err)
		}
		if err := s.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: "published", BodyHTML: "x"}); err == nil {
			t.Fatal("accepted an unknown status")
		}
		pending := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentPending, Created: commentNow.Add(time.Hour)})
		shadowAuthor := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Shadow"}
		if err := s.CreateCommentIdentity(ctx, shadowAuthor); err != nil {
			t.Fatal(err)
		}
		shadow := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: shadowAuthor.ID, Shadow: true, Created: commentNow.Add(2 * time.Hour)})

		visible, err := s.ArticleComments(ctx, a.ID, 0, model.CommentApproved)
		if err != nil || len(visible) != 7 {
			t.Fatalf("approved thread: %d %v", len(visible), err)
		}
		if visible[0].ID != root.ID || visible[0].Identity.Name != g.Name || visible[0].IPHash != "iphash" || !visible[0].Created.Equal(commentNow) {
			t.Fatalf("first comment: %+v %+v", visible[0], visible[0].Identity)
		}
		own, err := s.ArticleComments(ctx, a.ID, shadowAuthor.ID, model.CommentApproved)
		if err != nil || len(own) != 8 || own[7].ID != shadow.ID || !own[7].Shadow {
			t.Fatalf("shadowed author's view: %d %v", len(own), err)
		}
		all, err := s.ArticleComments(ctx, a.ID, 0)
		if err != nil || len(all) != 8 {
			t.Fatalf("every status: %d %v", len(all), err)
		}
		thread, err := s.ThreadComments(ctx, a.ID, 0)
		if err != nil || len(thread) != len(all) {
			t.Fatalf("thread read: %d %v", len(thread), err)
		}
		for i, c := range thread {
			w := all[i]
			if c.ID != w.ID || c.ParentID != w.ParentID || c.RootID != w.RootID || c.Depth != w.Depth || c.Status != w.Status ||
				c.BodyHTML != w.BodyHTML || !c.Created.Equal(w.Created) || c.Identity.Name != w.Identity.Name || c.Identity.Kind != w.Identity.Kind {
				t.Fatalf("thread row %d differs: %+v vs %+v", i, c, w)
			}
		}
		if own, _ := s.ThreadComments(ctx, a.ID, shadowAuthor.ID); len(own) != len(all)+1 {
			t.Fatalf("shadowed author's thread: %d", len(own))
		}
		counts, err := s.CommentCounts(ctx, []int64{a.ID, other.ID})
		if err != nil || counts[a.ID] != 7 || counts[other.ID] != 0 {
			t.Fatalf("counts: %v %v", counts, err)
		}

		edited := commentNow.Add(3 * time.Minute)
		if err := s.EditComment(ctx, root.ID, store.CommentEdit{BodySource: "*new*", BodyHTML: "<p><em>new</em></p>", BodyHash: "h",
			Status: model.CommentApproved, At: edited}); err != nil {
			t.Fatal(err)
		}
		if err := s.EditComment(ctx, root.ID, store.CommentEdit{BodySource: "x", BodyHTML: "x", Status: model.CommentDeleted, At: edited}); err == nil {
			t.Fatal("an edit set status deleted")
		}
		got, err := s.Comment(ctx, root.ID)
		if err != nil || got.BodyHTML != "<p><em>new</em></p>" || !got.Edited.Equal(edited) {
			t.Fatalf("edited: %+v %v", got, err)
		}
		if err := s.DeleteComment(ctx, cur.ID, edited); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteComment(ctx, cur.ID, edited); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting twice: %v", err)
		}
		if err := s.EditComment(ctx, cur.ID, store.CommentEdit{BodySource: "back", BodyHTML: "<p>back</p>", Status: model.CommentApproved, At: edited}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("editing a deleted comment: %v", err)
		}
		del, _ := s.Comment(ctx, cur.ID)
		if del.Status != model.CommentDeleted || del.BodyHTML != "" || del.BodySource != "" || !del.Deleted.Equal(edited) {
			t.Fatalf("deleted: %+v", del)
		}

		n, err := s.SetCommentStatus(ctx, []int64{pending.ID, 424242}, model.CommentApproved, 0, commentNow)
		if err != nil || n != 1 {
			t.Fatalf("approve: %d %v", n, err)
		}
		if _, err := s.SetCommentStatus(ctx, []int64{pending.ID}, model.CommentDeleted, 0, commentNow); err == nil {
			t.Fatal("status deleted set through SetCommentStatus")
		}
		if got, _ := s.Comment(ctx, pending.ID); got.Status != model.CommentApproved || !got.Moderated.Equal(commentNow) {
			t.Fatalf("approved: %+v", got)
		}
	})
}

func TestCommentImportIdentity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, g := commentFixture(t, s, "import")
		c := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Source: "disqus", SourceID: "123"})
		err := s.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentApproved, BodyHTML: "x", Source: "disqus", SourceID: "123"})
		if !errors.Is(err, store.ErrDuplicateSource) {
			t.Fatalf("second import: %v", err)
		}
		got, err := s.CommentBySource(ctx, "disqus", "123")
		if err != nil || got.ID != c.ID {
			t.Fatalf("by source: %+v %v", got, err)
		}
		// Comments written on Masthead have no source id: many may exist.
		addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
		addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
	})
}

func TestCommentVotesFlagsPicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, g := commentFixture(t, s, "votes")
		c := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
		c2 := addComment(t, s, &model.Comment{ArticleID: a.ID, IdentityID: g.ID})
		me := store.VoterKey(g.ID, "ignored")
		anon := store.VoterKey(0, "abc")
		if me != "i:"+itoa(g.ID) || anon != "ip:abc" || store.VoterKey(0, "") != "" {
			t.Fatalf("voter keys %q %q", me, anon)
		}
		for i := 0; i < 3; i++ { // the same voter three times counts once
			if up, down, err := s.Vote(ctx, c.ID, me, g.ID, 1, commentNow); err != nil || up != 1 || down != 0 {
				t.Fatalf("vote %d: %d %d %v", i, up, down, err)
			}
		}
		if up, down, err := s.Vote(ctx, c.ID, anon, 0, -1, commentNow); err != nil || up != 1 || down != 1 {
			t.Fatalf("anonymous down: %d %d %v", up, down, err)
		}
		if up, down, err := s.Vote(ctx, c.ID, me, g.ID, -1, commentNow); err != nil || up != 0 || down != 2 {
			t.Fatalf("changed vote: %d %d %v", up, down, err)
		}
		if up, down, err := s.Vote(ctx, c.ID, anon, 0, 0, commentNow); err != nil || up != 0 || down != 1 {
			t.Fatalf("withdrawn vote: %d %d %v", up, down, err)
		}
		if _, _, err := s.Vote(ctx, c.ID, me, g.ID, 2, commentNow); err == nil {
			t.Fatal("vote of 2 accepted")
		}
		got, _ := s.Comment(ctx, c.ID)
		if got.Upvotes != 0 || got.Downvotes != 1 || got.Score != -1 {
			t.Fatalf("stored counts: %+v", got)
		}
		if v, err := s.VotesBy(ctx, me, []int64{c.ID, c2.ID}); err != nil || len(v) != 1 || v[c.ID] != -1 {
			t.Fatalf("my votes: %v %v", v, err)
		}

		f := &model.CommentFlag{CommentID: c.ID, Reporter: anon, Reason: model.FlagAbuse, Note: " rude "}
		if ok, err := s.FlagComment(ctx, f); err != nil || !ok || f.ID == 0 {
			t.Fatalf("flag: %v %v", ok, err)
		}
		if ok, err := s.FlagComment(ctx, &model.CommentFlag{CommentID: c.ID, Reporter: anon, Reason: model.FlagSpam}); err != nil || ok {
			t.Fatalf("second flag by the same reporter: %v %v", ok, err)
		}
		if _, err := s.FlagComment(ctx, &model.CommentFlag{CommentID: c.ID, Reporter: me, Reason: "boring"}); err == nil {
			t.Fatal("unknown reason accepted")
		}
		if got, _ := s.Comment(ctx, c.ID); got.Flags != 1 {
			t.Fatalf("flag count %d", got.Flags)
		}
		flags, err := s.CommentFlags(ctx, c.ID)
		if err != nil || len(flags) != 1 || flags[0].Note != "rude" || flags[0].Reason != model.FlagAbuse {
			t.Fatalf("flags: %+v %v", flags, err)
		}

		if err := s.SetCommentPicked(ctx, c.ID, true, commentNow); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCommentPinned(ctx, c.ID, true, commentNow); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCommentPinned(ctx, c2.ID, true, commentNow.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Comment(ctx, c.ID); got.Pinned.IsZero() == false || !got.Picked.Equal(commentNow) {
			t.Fatalf("first comment after pinning the second: pinned %v picked %v", got.Pinned, got.Picked)
		}
		if got, _ := s.Comment(ctx, c2.ID); !got.Pinned.Equal(commentNow.Add(time.Minute)) {
			t.Fatalf("second not pinned: %v", got.Pinned)
		}
		if _, err := s.SetCommentStatus(ctx, []int64{c.ID}, model.CommentRejected, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Comment(ctx, c.ID); got.Flags != 0 {
			t.Fatalf("flags left open after a decision: %d", got.Flags)
		}
		if flags, _ := s.CommentFlags(ctx, c.ID); flags[0].Resolved.IsZero() {
			t.Fatal("flag not resolved by the decision")
		}
		if _, _, err := s.Vote(ctx, c.ID, me, g.ID, 1, commentNow); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("vote on a rejected comment: %v", err)
		}
		if err := s.SetCommentPinned(ctx, c.ID, true, commentNow); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("pinning a rejected comment: %v", err)
		}
		if err := s.SetCommentPinned(ctx, c2.ID, false, commentNow); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Comment(ctx, c2.ID); !got.Pinned.IsZero() {
			t.Fatal("still pinned")
		}
	})
}

func TestCommentSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := commentFixture(t, s, "settings")
		eff, err := s.EffectiveCommentSettings(ctx, a)
		if err != nil || eff.Mode != model.ModePost || eff.AutoCloseDays != 14 || !eff.Closed.IsZero() {
			t.Fatalf("defaults: %+v %v", eff, err)
		}
		if err := s.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeSection, ScopeID: a.SectionID, Mode: model.ModePre, AutoCloseDays: -1}); err != nil {
			t.Fatal(err)
		}
		if eff, _ = s.EffectiveCommentSettings(ctx, a); eff.Mode != model.ModePre || eff.AutoCloseDays != 14 {
			t.Fatalf("section mode: %+v", eff)
		}
		closed := commentNow
		if err := s.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, Mode: model.ModePreLinks, AutoCloseDays: 0, Closed: closed, UpdatedBy: 0}); err != nil {
			t.Fatal(err)
		}
		if eff, _ = s.EffectiveCommentSettings(ctx, a); eff.Mode != model.ModePreLinks || eff.AutoCloseDays != 0 || !eff.Closed.Equal(closed) {
			t.Fatalf("article settings: %+v", eff)
		}
		if err := s.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeSite, Mode: model.ModePreFirst, AutoCloseDays: 30}); err != nil {
			t.Fatal(err)
		}
		site, err := s.CommentSettings(ctx, model.ScopeSite, 0)
		if err != nil || site.Mode != model.ModePreFirst || site.AutoCloseDays != 30 {
			t.Fatalf("site: %+v %v", site, err)
		}
		if none, err := s.CommentSettings(ctx, model.ScopeSection, 9999); err != nil || none.Mode != model.ModeInherit || none.AutoCloseDays != -1 {
			t.Fatalf("absent section: %+v %v", none, err)
		}
		for _, bad := range []model.CommentSettings{
			{Scope: "planet", Mode: model.ModePost},
			{Scope: model.ScopeSite, Mode: model.ModeInherit, AutoCloseDays: 14},
			{Scope: model.ScopeSite, Mode: model.ModePost, AutoCloseDays: -1},
			{Scope: model.ScopeArticle, Mode: "loose", ScopeID: a.ID},
			{Scope: model.ScopeArticle, Mode: model.ModePost},
			{Scope: model.ScopeArticle, ScopeID: a.ID, AutoCloseDays: -2},
		} {
			if err := s.SaveCommentSettings(ctx, bad); err == nil {
				t.Errorf("accepted %+v", bad)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
