package store_test

import (
	"context"
	"errors"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestMatchThread finds the article of an export's thread by each key it
// may carry, in order, and reports a miss as ErrNotFound.
func TestMatchThread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		save := func(a *model.Article) int64 {
			t.Helper()
			a.Status, a.Headline = model.StatusPublished, "Story "+a.Slug
			if _, err := s.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		wp := save(&model.Article{Slug: "podcast-229", Source: "wxr:https://radio.example", SourceID: "229"})
		other := save(&model.Article{Slug: "budget-vote", Source: "wxr:https://other.example", SourceID: "77"})
		canon := save(&model.Article{Slug: "syndicated", CanonicalURL: "https://wire.example/2020/story"})
		page := save(&model.Article{Slug: "about-us", Kind: model.KindPage})
		renamed := save(&model.Article{Slug: "old-name"})
		a, err := s.ArticleByID(ctx, renamed)
		if err != nil {
			t.Fatal(err)
		}
		a.Slug = "new-name"
		if _, err := s.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		for name, tc := range map[string]struct {
			ref  store.ThreadRef
			want int64
			how  string
		}{
			"same wxr post id":   {store.ThreadRef{Source: "wxr:https://radio.example", PostID: "229"}, wp, store.MatchPostID},
			"canonical":          {store.ThreadRef{URL: "https://wire.example/2020/story/"}, canon, store.MatchCanonical},
			"canonical via id":   {store.ThreadRef{Identifier: "https://wire.example/2020/story"}, canon, store.MatchCanonical},
			"?p= id":             {store.ThreadRef{URL: "http://old.example/?p=77"}, other, store.MatchWPPostID},
			"disqus wp id":       {store.ThreadRef{Identifier: "229 http://radio.example/?p=229"}, wp, store.MatchWPPostID},
			"masthead page path": {store.ThreadRef{URL: "https://news.example/pages/about-us"}, page, store.MatchPath},
			"permalink slug":     {store.ThreadRef{URL: "https://radio.example/p/2011/03/05/podcast-229/"}, wp, store.MatchSlug},
			"index.html":         {store.ThreadRef{URL: "http://localhost:4000/blog/2013/02/12/budget-vote/index.html"}, other, store.MatchSlug},
			"commento path":      {store.ThreadRef{URL: "/blog/Budget-Vote.html"}, other, store.MatchSlug},
			"post_name":          {store.ThreadRef{Source: "wxr:elsewhere", PostID: "1", Slug: "podcast-229"}, wp, store.MatchSlug},
			"old slug":           {store.ThreadRef{URL: "https://x.example/old-name/"}, renamed, store.MatchSlug},
			"identifier slug":    {store.ThreadRef{Identifier: "budget-vote"}, other, store.MatchSlug},
		} {
			id, how, err := s.MatchThread(ctx, tc.ref)
			if err != nil || id != tc.want || how != tc.how {
				t.Errorf("%s: got %d %q %v, want %d %q", name, id, how, err, tc.want, tc.how)
			}
		}
		for name, ref := range map[string]store.ThreadRef{
			"nothing":      {},
			"site root":    {URL: "http://example.org/"},
			"unknown slug": {URL: "https://x.example/2020/nope/"},
			"numeric id":   {Identifier: "12345"},
			"other source": {Source: "wxr:https://other.example", PostID: "229"},
		} {
			if id, _, err := s.MatchThread(ctx, ref); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: got %d %v, want ErrNotFound", name, id, err)
			}
		}
	})
}

// TestImportComment writes a comment and its author once; a second call
// with the same source id leaves the row as moderators left it.
func TestImportComment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := commentFixture(t, s, "imported")
		who := func() *model.CommentIdentity {
			return &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Ana", Email: "ana@example.org", Source: "disqus:f", SourceID: "user:ana"}
		}
		c := &model.Comment{ArticleID: a.ID, Status: model.CommentApproved, BodySource: "<p>hi</p>", BodyHTML: "<p>hi</p>",
			Created: commentNow.Add(-48 * 3600e9), Source: "disqus:f", SourceID: "100", IPHash: "abc"}
		v0, err := s.ContentVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		created, err := s.ImportComment(ctx, c, who())
		if err != nil || !created || c.ID == 0 || c.IdentityID == 0 {
			t.Fatalf("first import: %v %v %+v", created, err, c)
		}
		if v1, _ := s.ContentVersion(ctx); v1 == v0 {
			t.Error("an imported comment did not move the content version (running servers would keep stale pages)")
		}
		reply := &model.Comment{ArticleID: a.ID, ParentID: c.ID, Status: model.CommentApproved, BodySource: "re", BodyHTML: "<p>re</p>",
			Created: commentNow, Source: "disqus:f", SourceID: "101"}
		if created, err := s.ImportComment(ctx, reply, who()); err != nil || !created || reply.IdentityID != c.IdentityID || reply.Depth != 1 {
			t.Fatalf("reply: %v %v %+v", created, err, reply)
		}
		if _, err := s.SetCommentStatus(ctx, []int64{c.ID}, model.CommentRejected, 0, commentNow); err != nil {
			t.Fatal(err)
		}
		again := &model.Comment{ArticleID: a.ID, Status: model.CommentApproved, BodySource: "x", BodyHTML: "x", Source: "disqus:f", SourceID: "100"}
		v2, _ := s.ContentVersion(ctx)
		if created, err := s.ImportComment(ctx, again, who()); err != nil || created || again.ID != c.ID {
			t.Fatalf("second import: %v %v %+v", created, err, again)
		}
		if v3, _ := s.ContentVersion(ctx); v3 != v2 {
			t.Error("a re-import that wrote nothing moved the content version")
		}
		got, err := s.Comment(ctx, c.ID)
		if err != nil || got.Status != model.CommentRejected || got.Identity.Name != "Ana" || got.IPHash != "abc" || !got.Created.Equal(c.Created) {
			t.Fatalf("stored %+v %v", got, err)
		}
		if _, err := s.ImportComment(ctx, &model.Comment{ArticleID: a.ID, Status: model.CommentApproved, BodyHTML: "x"}, who()); err == nil {
			t.Fatal("a comment without source id was imported")
		}
	})
}
